package io.hookgate.source;

import io.hookgate.request.WebhookRequest;

/**
 * A webhook whose signature has been checked. Only {@link ConfiguredSource#verify} builds one, after the source's
 * verifier accepted the request, so nothing downstream can store or publish a request that skipped verification.
 */
public final class VerifiedWebhook {

    private final WebhookRequest request;
    private final String dedupKey;
    private final String eventType;
    private final String challenge;
    private final byte[] replayKey;

    VerifiedWebhook(WebhookRequest request, String dedupKey, String eventType, String challenge, byte[] replayKey) {
        this.request = request;
        this.dedupKey = dedupKey;
        this.eventType = eventType;
        this.challenge = challenge;
        this.replayKey = replayKey;
    }

    public WebhookRequest request() {
        return request;
    }

    /** The provider's event id, or "sha256:" + the body hash when the provider sends none. */
    public String dedupKey() {
        return dedupKey;
    }

    /** The provider's event type, or null when it has none. */
    public String eventType() {
        return eventType;
    }

    /** For a verified Slack url_verification request, the challenge to echo; otherwise null. */
    public String challenge() {
        return challenge;
    }

    /**
     * For schemes that sign neither a timestamp nor an id (GitHub, Shopify, Twilio): the verified MAC, the same in an
     * exact replay whatever id header it carries; otherwise null.
     */
    public byte[] replayKey() {
        return replayKey;
    }
}
