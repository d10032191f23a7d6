package io.hookgate.publish;

/** The broker did not accept a message (rejected, released, modified, link refused, or no answer in time). */
public class BrokerRejectedException extends RuntimeException {

    public BrokerRejectedException(String message) {
        super(message, null, false, false);
    }
}
