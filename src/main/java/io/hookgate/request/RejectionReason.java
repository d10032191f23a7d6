package io.hookgate.request;

/** Why a webhook was refused. The code is the machine-readable {@code reason} of the problem+json body. */
public enum RejectionReason {
    UNKNOWN_SOURCE(404, "Unknown webhook source"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    REQUEST_TIMEOUT(408, "Body not received in time"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    MALFORMED_PAYLOAD(400, "Malformed payload"),
    MISSING_SIGNATURE(401, "Missing signature"),
    MALFORMED_SIGNATURE(401, "Malformed signature"),
    BAD_SIGNATURE(401, "Signature does not match"),
    STALE_TIMESTAMP(401, "Timestamp outside the tolerance"),
    UNAVAILABLE(503, "Storage unavailable"),
    OVERLOADED(503, "Too many webhook bodies in flight");

    private final int status;
    private final String title;

    RejectionReason(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** snake_case, as it appears in responses, metrics and rejection records. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
