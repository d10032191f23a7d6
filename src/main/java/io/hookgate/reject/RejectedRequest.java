package io.hookgate.reject;

import java.time.Instant;
import java.util.Set;

import io.hookgate.request.RejectionReason;
import io.hookgate.request.RequestHeaders;

/**
 * What is known of one refused request when it is refused.
 *
 * @param metricSource the source tag: the configured name, or HookgateMetrics.UNKNOWN_SOURCE
 * @param requestedSource the path segment as requested (stored, truncated)
 * @param secretHeaders the source's headers whose values are never stored
 * @param body the body bytes read so far (may be a prefix, or empty)
 * @param bodySize the body's full size where known, else what was read
 */
public record RejectedRequest(String metricSource, String requestedSource, RejectionReason reason, String detail,
        String remoteAddress, RequestHeaders headers, Set<String> secretHeaders, byte[] body, long bodySize,
        Instant startedAt) {
}
