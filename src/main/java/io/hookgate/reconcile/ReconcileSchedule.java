package io.hookgate.reconcile;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Every check-interval, on every replica: takes over runs whose replica died, and starts a run for each source
 * whose interval has passed since its last run started. The database decides which replica runs it.
 */
@ApplicationScoped
public class ReconcileSchedule {

    private final Reconciler reconciler;

    public ReconcileSchedule(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Scheduled(every = "${hookgate.reconcile.check-interval:1m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        if (reconciler.targets().all().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return reconciler.takeOverStale()
                .onItem().transformToUni(x -> Multi.createFrom().iterable(reconciler.targets().all().values())
                        .onItem().transformToUniAndConcatenate(target -> reconciler.startIfDue(target)
                                .onFailure().invoke(f -> Log.warnf("could not start the reconcile run of %s: %s",
                                        target.name(), f.getMessage()))
                                .onFailure().recoverWithItem(false))
                        .onItem().ignoreAsUni())
                .onFailure().invoke(f -> Log.warnf("reconcile check failed: %s", f.getMessage()))
                .onFailure().recoverWithNull();
    }
}
