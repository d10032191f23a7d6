package io.hookgate.reconcile;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.hookgate.config.HookgateConfig;
import io.hookgate.reactive.SafeContext;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Starts reconcile runs and carries them out in the background: the provider walk, a heartbeat that keeps the run's
 * lease while it works, and the outcome in the run's row, the log and the metrics.
 */
@ApplicationScoped
public class Reconciler {

    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final Duration STALE_AFTER = Duration.ofSeconds(30);

    private final ReconcileTargets targets;
    private final ReconcileRuns runs;
    private final ReconcileMetrics metrics;
    private final StripeReconciliation stripe;
    private final GithubReconciliation github;
    private final Vertx vertx;
    private final WebClient web;
    private final HookgateConfig.Reconcile config;

    public Reconciler(ReconcileTargets targets, ReconcileRuns runs, ReconcileMetrics metrics, StripeReconciliation stripe,
            GithubReconciliation github, Vertx vertx, io.vertx.mutiny.core.Vertx mutinyVertx, HookgateConfig config) {
        this.targets = targets;
        this.runs = runs;
        this.metrics = metrics;
        this.stripe = stripe;
        this.github = github;
        this.vertx = vertx;
        // Never follow a redirect: Vert.x would send the Authorization header (the provider token) to wherever it points.
        this.web = WebClient.create(mutinyVertx, new WebClientOptions().setFollowRedirects(false));
        this.config = config.reconcile();
    }

    void onStart(@Observes StartupEvent event) {
        if (targets.all().isEmpty()) {
            return;
        }
        targets.all().keySet().forEach(metrics::register);
        runs.lastSuccesses().subscribe().with(
                last -> last.forEach((source, at) -> {
                    if (targets.find(source) != null) {
                        metrics.succeeded(source, at);
                    }
                }),
                f -> Log.warnf("could not read the last reconcile successes: %s", f.getMessage()));
    }

    /**
     * Starts a run now over [since, until] (defaults: the source's lookback up to now; capped at what the provider
     * keeps). Fails with AlreadyRunningException while a run of the source is RUNNING.
     */
    public Uni<Reconciliation> startManual(ReconcileTarget target, OffsetDateTime since, OffsetDateTime until,
            boolean dryRun) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime end = until == null || until.isAfter(now) ? now : until;
        OffsetDateTime oldest = now.minus(target.provider().retention());
        OffsetDateTime start = since == null ? end.minus(target.lookback()) : since;
        if (start.isBefore(oldest)) {
            start = oldest;
        }
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("since must be before until, and within the " + target.provider().code()
                    + " log (" + target.provider().retention().toDays() + " days)");
        }
        return runs.start(target, "manual", start, end, dryRun, null)
                .invoke(started -> execute(target, started))
                .onItem().transformToUni(started -> runs.find(started.id()));
    }

    /** Starts a scheduled run unless one ran within the source's interval or one is running; true when it started. */
    Uni<Boolean> startIfDue(ReconcileTarget target) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return runs.start(target, "scheduled", now.minus(target.lookback()), now, false, target.interval())
                .map(started -> {
                    if (started == null) {
                        return false;
                    }
                    execute(target, started);
                    return true;
                });
    }

    /** Takes over the runs whose replica stopped heart-beating, and runs them again from the start of their window. */
    Uni<Integer> takeOverStale() {
        return runs.claimStale(STALE_AFTER).map(claimed -> {
            int resumed = 0;
            for (ReconcileRuns.Started run : claimed) {
                ReconcileTarget target = targets.find(run.source());
                Progress none = new Progress();
                if (target == null) {
                    runs.finish(run.id(), none, Reconciliation.FAILED, "the source no longer reconciles")
                            .subscribe().with(x -> {
                            }, f -> Log.warnf("could not close reconcile run %s: %s", run.id(), f.getMessage()));
                    continue;
                }
                Log.infof("taking over reconcile run %s of %s: its replica stopped", run.id(), run.source());
                execute(target, run);
                resumed++;
            }
            return resumed;
        });
    }

    private void execute(ReconcileTarget target, ReconcileRuns.Started run) {
        SafeContext.detach(vertx, () -> walk(target, run));
    }

    private void walk(ReconcileTarget target, ReconcileRuns.Started run) {
        Progress progress = new Progress();
        RunContext ctx = new RunContext(target, run, progress,
                new ProviderClient(web, target, config.requestTimeout(), config.maxWait()), config.maxMissing());
        long heartbeat = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> runs.heartbeat(run.id(), progress)
                .subscribe().with(x -> {
                }, f -> Log.debugf("reconcile heartbeat of %s failed: %s", run.id(), f.getMessage())));
        long started = System.nanoTime();
        Uni<Void> walk = target.provider() == Provider.STRIPE ? stripe.run(ctx) : github.run(ctx);
        walk.onItemOrFailure().transformToUni((ok, failure) -> {
            vertx.cancelTimer(heartbeat);
            String state = failure == null ? Reconciliation.SUCCEEDED : Reconciliation.FAILED;
            String error = failure == null ? null
                    : failure instanceof ReconcileException ? failure.getMessage() : failure.toString();
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (failure == null) {
                Log.infof("reconcile run %s of %s%s: %d pages, %d found, %d missing, %d stored, %d redeliveries "
                        + "requested, %d requests in %d ms", run.id(), run.source(), run.dryRun() ? " (dry run)" : "",
                        progress.pages.get(), progress.found.get(), progress.missing.get(), progress.stored.get(),
                        progress.redeliveriesRequested.get(), ctx.client().requests(), millis);
            } else {
                Log.warnf("reconcile run %s of %s failed after %d ms: %s", run.id(), run.source(), millis, error);
            }
            return runs.finish(run.id(), progress, state, error).invoke(() -> {
                metrics.run(run.source(), failure == null ? "succeeded" : "failed");
                if (failure == null && !run.dryRun()) {
                    long found = target.provider() == Provider.STRIPE ? progress.missing.get()
                            : progress.redeliveriesRequested.get();
                    metrics.missing(run.source(), found);
                }
                if (failure == null && !run.dryRun()) { // a dry run fixes nothing: not a success to alert on
                    metrics.succeeded(run.source(), OffsetDateTime.now(ZoneOffset.UTC));
                }
            });
        }).subscribe().with(x -> {
        }, f -> Log.warnf("could not record the end of reconcile run %s: %s", run.id(), f.getMessage()));
    }

    ReconcileTargets targets() {
        return targets;
    }
}
