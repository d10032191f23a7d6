package io.hookgate.request;

/**
 * A webhook refused for a known reason. The detail is shown to the caller, so it must never carry
 * secret material or the expected signature.
 */
public class RejectedWebhookException extends Exception {

    private final RejectionReason reason;

    public RejectedWebhookException(RejectionReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
