package io.hookgate.reactive;

import java.util.function.Supplier;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Hibernate Reactive (Panache) works only on a duplicated Vert.x context flagged safe, which Quarkus REST and the
 * scheduler provide. Vert.x router handlers on the management interface, timers and background runners do not:
 * there, without this, Panache fails or the work is lost. Quarkus' VertxContextSupport only offers a blocking
 * variant for a Uni, which an event-loop caller cannot use.
 */
public final class SafeContext {

    private SafeContext() {
    }

    /**
     * Starts background work (a replay job, a reconcile run) on a new duplicated context of its own. Started from a
     * request's or a query's callback, it would otherwise share that context, and Hibernate Reactive keeps its
     * session there: two flows on one session fail with "Live transaction detected" or "No current Mutiny.Session".
     */
    public static void detach(Vertx vertx, Runnable work) {
        VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext()).runOnContext(v -> work.run());
    }

    /** Runs the work on the current context when it is safe, else on a fresh safe duplicated context. */
    public static <T> Uni<T> run(Vertx vertx, Supplier<Uni<T>> work) {
        Context current = Vertx.currentContext();
        if (current != null && VertxContext.isDuplicatedContext(current)
                && VertxContextSafetyToggle.isExplicitlyMarkedAsSafe(current)) {
            return Uni.createFrom().deferred(work::get);
        }
        return Uni.createFrom().emitter(emitter -> {
            Context fresh = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(fresh, true); // new, so shared with nothing else
            fresh.runOnContext(v -> {
                Uni<T> started;
                try {
                    started = work.get();
                } catch (RuntimeException e) {
                    emitter.fail(e);
                    return;
                }
                started.subscribe().with(emitter::complete, emitter::fail);
            });
        });
    }
}
