package io.hookgate.request;

import java.time.Instant;

/**
 * An inbound webhook exactly as it arrived: nothing here has been verified yet.
 *
 * @param source the configured source name from the path
 * @param body the exact raw bytes of the body
 * @param headers the request headers
 * @param query the raw query string without '?', or null (Twilio signs it as part of the URL)
 * @param remoteAddress the peer address, for rejection records
 * @param receivedAt when the request arrived
 */
public record WebhookRequest(String source, byte[] body, RequestHeaders headers, String query,
        String remoteAddress, Instant receivedAt) {

    public String contentType() {
        return headers.first("content-type");
    }
}
