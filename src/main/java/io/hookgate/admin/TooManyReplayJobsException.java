package io.hookgate.admin;

/** A bulk replay refused because hookgate.admin.max-replay-jobs jobs are RUNNING already (409 too_many_replay_jobs). */
public class TooManyReplayJobsException extends RuntimeException {

    public TooManyReplayJobsException(int max) {
        super(max + " bulk replay jobs are running already (hookgate.admin.max-replay-jobs): wait for one to finish or "
                + "cancel one", null, false, false);
    }
}
