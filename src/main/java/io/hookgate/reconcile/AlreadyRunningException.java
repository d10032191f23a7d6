package io.hookgate.reconcile;

import java.util.UUID;

/** A source is reconciled by one run at a time; this is the one running. */
public class AlreadyRunningException extends RuntimeException {

    private final UUID running;

    public AlreadyRunningException(String source, UUID running) {
        super("a reconciliation of " + source + " is already running: " + running, null, false, false);
        this.running = running;
    }

    public UUID running() {
        return running;
    }
}
