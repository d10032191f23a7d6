package io.hookgate.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.WebhookRequest;

/**
 * Slack: {@code X-Slack-Signature: v0=<hex HMAC-SHA256("v0:" + ts + ":" + body)>} with the timestamp in
 * {@code X-Slack-Request-Timestamp}. The signature is checked before the clock, so STALE_TIMESTAMP always means an
 * authentic request that was replayed or delayed, never a forgery.
 */
public final class SlackVerifier implements Verifier {

    static final String SIGNATURE = "X-Slack-Signature";
    static final String TIMESTAMP = "X-Slack-Request-Timestamp";
    private static final String PREFIX = "v0=";

    private final List<byte[]> keys;
    private final Duration tolerance;
    private final Clock clock;

    public SlackVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        this.keys = Signatures.utf8Keys(secrets);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    @Override
    public Verification verify(WebhookRequest request) throws RejectedWebhookException {
        String value = Signatures.requiredHeader(request, SIGNATURE);
        String timestamp = Signatures.requiredHeader(request, TIMESTAMP);
        if (!value.startsWith(PREFIX)) {
            throw Signatures.malformed(SIGNATURE + " must start with " + PREFIX);
        }
        byte[] provided = Signatures.decodeMac(value.substring(PREFIX.length()), SignatureEncoding.HEX,
                HmacAlgorithm.SHA256, SIGNATURE);
        long seconds = Signatures.unixSeconds(timestamp, TIMESTAMP);
        byte[] base = Signatures.utf8("v0:" + timestamp + ":");
        if (!Signatures.anyKeyMatches(HmacAlgorithm.SHA256, keys, provided, base, request.body())) {
            throw Signatures.mismatch(SIGNATURE);
        }
        Signatures.requireFresh(seconds, clock, tolerance);
        return Verification.AUTHENTIC;
    }
}
