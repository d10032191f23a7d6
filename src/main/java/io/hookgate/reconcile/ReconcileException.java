package io.hookgate.reconcile;

/** Why a reconcile run failed, in words for the run's error field and the log. Never carries the token. */
public class ReconcileException extends RuntimeException {

    public ReconcileException(String message) {
        super(message, null, false, false);
    }
}
