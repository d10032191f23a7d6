package io.hookgate.event;

/** The database could not durably commit in time. The caller must not acknowledge the webhook. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
