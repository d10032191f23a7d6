package io.hookgate.reconcile;

/** What one run's provider walk needs: the source's settings, the run's row, its counters and its HTTP client. */
record RunContext(ReconcileTarget target, ReconcileRuns.Started run, Progress progress, ProviderClient client,
        int maxMissing) {

    void checkMissing(long missing) {
        if (missing > maxMissing) {
            throw new ReconcileException("more than " + maxMissing + " missing in the window (hookgate.reconcile."
                    + "max-missing): narrow it with since and until and run again");
        }
    }
}
