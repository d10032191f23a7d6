package io.hookgate.admin;

/** An admin request with an unusable parameter; answered 400 with the message. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message, null, false, false);
    }
}
