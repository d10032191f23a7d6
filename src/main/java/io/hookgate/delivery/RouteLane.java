package io.hookgate.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.hookgate.config.HookgateConfig;
import io.hookgate.route.ConfiguredRoute;
import io.hookgate.route.Destination;
import io.quarkus.logging.Log;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The deliveries of one HTTP route on this replica: claims due deliveries (DeliveryClaims, shared with the other
 * replicas by SKIP LOCKED), paces them by the rate limit, keeps at most {@code concurrency} attempts in flight,
 * sends them (HttpSender) through the route's circuit breaker, and records each outcome (DeliveryRecorder). All
 * state is confined to one Vert.x context; every entry point hops onto it.
 * <p>
 * The circuit breaker is Vert.x's: {@code circuit.failures} failed attempts in a row (within five minutes) open it;
 * while open, nothing is claimed, so deliveries wait in PENDING and no attempt is spent; after {@code open-for} it is
 * half-open and one delivery is claimed as the probe, whose success closes it. A 429 or 503 with Retry-After counts
 * neither way: the destination is alive and asked for a pause, which the lane keeps before claiming again.
 */
final class RouteLane {

    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);

    private final ConfiguredRoute route;
    private final Vertx vertx;
    private final Context context;
    private final DeliveryClaims claims;
    private final DeliveryRecorder recorder;
    private final RouteMetrics metrics;
    private final HttpSender sender;
    private final RateLimiter limiter;
    private final CircuitBreaker breaker;
    private final RetrySchedule schedule;
    private final int batchSize;
    private final int concurrency;
    private final long pollNanos;
    private final long leaseMillis;

    private int inFlight;
    private boolean claiming;
    private boolean again;
    private boolean closed;
    private long pausedUntil;
    private long pumpTimer = -1;
    private long pumpAt;

    RouteLane(ConfiguredRoute route, Vertx vertx, DeliveryClaims claims, DeliveryRecorder recorder,
            RouteMetrics metrics, HookgateConfig.Delivery delivery) {
        HookgateConfig.Route config = route.config();
        this.route = route;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.claims = claims;
        this.recorder = recorder;
        this.metrics = metrics;
        this.concurrency = config.concurrency();
        this.batchSize = Math.max(1, delivery.batchSize());
        this.pollNanos = delivery.pollInterval().toNanos();
        WebhookSigner signer = config.signingSecret()
                .map(s -> WebhookSigner.of(s, "hookgate.routes." + route.name() + ".signing-secret")).orElse(null);
        this.sender = new HttpSender(vertx, ((Destination.Http) route.destination()).url(), config.timeout(),
                concurrency, (int) Math.min(64 * 1024, delivery.responseExcerpt().asLongValue()), config.headers(), signer);
        this.limiter = new RateLimiter(config.rateLimit().orElse(0d), System::nanoTime);
        this.schedule = new RetrySchedule(config.retry(), () -> ThreadLocalRandom.current().nextDouble());
        // A claimed delivery waits at most about a poll for its token, then one timeout for its answer.
        this.leaseMillis = config.timeout().toMillis() + 2 * delivery.pollInterval().toMillis() + 10_000;
        this.breaker = CircuitBreaker.create("route-" + route.name(), vertx, new CircuitBreakerOptions()
                .setMaxFailures(config.circuit().failures())
                .setResetTimeout(Math.max(1, config.circuit().openFor().toMillis()))
                .setFailuresRollingWindow(FAILURE_WINDOW.toMillis())
                .setTimeout(-1)
                .setMaxRetries(0)
                .setNotificationAddress(null));
        this.breaker.<Attempt>failurePolicy(ar -> ar.failed() || !(ar.result().delivered() || ar.result().asksToWait()));
        this.breaker.openHandler(v -> Log.warnf("route %s: circuit open after %d failed attempts in a row; no attempt"
                + " for %s, deliveries wait", route.name(), config.circuit().failures(), config.circuit().openFor()));
        this.breaker.halfOpenHandler(v -> {
            Log.infof("route %s: circuit half-open, probing with one delivery", route.name());
            nudge();
        });
        this.breaker.closeHandler(v -> {
            Log.infof("route %s: circuit closed, delivering again", route.name());
            nudge();
        });
        metrics.lane(route.name(), this, RouteLane::circuitState, lane -> lane.inFlight);
    }

    String name() {
        return route.name();
    }

    double circuitState() {
        CircuitBreakerState state = breaker.state();
        return state == CircuitBreakerState.OPEN ? 2 : state == CircuitBreakerState.HALF_OPEN ? 1 : 0;
    }

    CircuitBreakerState circuit() {
        return breaker.state();
    }

    /** Look for due deliveries now (from any thread): after a poll, a fresh event, a replay, a closed circuit. */
    void nudge() {
        context.runOnContext(v -> pump());
    }

    private void pump() {
        if (closed) {
            return;
        }
        if (claiming) {
            again = true;
            return;
        }
        long now = System.nanoTime();
        if (now < pausedUntil) {
            wakeIn(pausedUntil - now);
            return;
        }
        CircuitBreakerState state = breaker.state();
        int want;
        if (state == CircuitBreakerState.OPEN) {
            return; // the half-open handler nudges
        } else if (state == CircuitBreakerState.HALF_OPEN) {
            want = inFlight == 0 ? 1 : 0;
        } else {
            want = Math.min(batchSize, concurrency - inFlight);
        }
        want = limiter.claimable(pollNanos, want);
        if (want <= 0) {
            return; // an attempt that ends, or the next poll, pumps again
        }
        int wanted = want;
        claiming = true;
        claims.claim(route.name(), wanted, leaseMillis).subscribe().with(
                jobs -> context.runOnContext(v -> claimed(jobs, wanted)),
                failure -> context.runOnContext(v -> {
                    claiming = false;
                    Log.debugf("route %s: claim failed: %s", route.name(), failure.getMessage());
                }));
    }

    private void claimed(List<DeliveryJob> jobs, int wanted) {
        claiming = false;
        for (DeliveryJob job : jobs) {
            start(job);
        }
        if (jobs.size() == wanted || again) {
            again = false;
            pump();
        }
    }

    /** Pumps after this many nanoseconds, or sooner if a pump is already set for sooner. */
    private void wakeIn(long nanos) {
        long at = System.nanoTime() + nanos;
        if (pumpTimer != -1) {
            if (pumpAt - at <= 0) {
                return;
            }
            vertx.cancelTimer(pumpTimer);
        }
        pumpAt = at;
        pumpTimer = vertx.setTimer(Math.max(1, nanos / 1_000_000), t -> {
            pumpTimer = -1;
            pump();
        });
    }

    private void start(DeliveryJob job) {
        inFlight++;
        long wait = limiter.reserve();
        if (wait > 0) {
            vertx.setTimer(Math.max(1, wait / 1_000_000), t -> attempt(job));
        } else {
            attempt(job);
        }
    }

    private void attempt(DeliveryJob job) {
        // The breaker fails its future for an attempt its failure policy counts (a 500, say), so the attempt itself
        // is kept aside: null afterwards means the breaker refused to run it.
        Attempt[] made = { null };
        breaker.<Attempt>execute(promise -> sender.send(job).onComplete(sent -> {
            made[0] = sent.result();
            promise.handle(sent);
        })).onComplete(result -> context.runOnContext(v -> finished(job, made[0], result)));
    }

    private void finished(DeliveryJob job, Attempt attempt, AsyncResult<Attempt> result) {
        inFlight--;
        if (attempt == null) {
            // The breaker refused (open, or half-open with its probe out): no attempt was made, nothing counts.
            if (!(result.cause() instanceof OpenCircuitException)) {
                Log.warnf("route %s: unexpected attempt failure: %s", route.name(), String.valueOf(result.cause()));
            }
            claims.release(job).subscribe().with(ok -> {
            }, f -> Log.debugf("route %s: release failed: %s", route.name(), f.getMessage()));
            pump();
            return;
        }
        Instant now = Instant.now();
        metrics.attempt(route.name(), attempt.latency());
        DeliveryRecorder.Outcome outcome;
        if (attempt.delivered()) {
            metrics.delivered(route.name(), Duration.between(job.receivedAt().toInstant(), now));
            outcome = new DeliveryRecorder.Outcome(job.eventId(), job.receivedAt(), route.name(), "PUBLISHED", false,
                    null, attempt.startedAt().plus(attempt.latency()), null, DeliveryRecorder.entry(attempt, "delivered"));
        } else {
            RetrySchedule.Next next = schedule.after(attempt, job.failures(), job.receivedAt().toInstant(), now);
            String kind = next.failed() ? "failed" : attempt.asksToWait() ? "waited" : "retried";
            metrics.outcome(route.name(), kind);
            if (attempt.asksToWait()) {
                Duration pause = attempt.retryAfter().compareTo(route.config().retry().maxRetryAfter()) < 0
                        ? attempt.retryAfter() : route.config().retry().maxRetryAfter();
                pausedUntil = Math.max(pausedUntil, System.nanoTime() + pause.toNanos());
            }
            if (next.failed()) {
                Log.debugf("route %s: delivery of %s failed for good: %s", route.name(), job.eventId(), attempt.describe());
            }
            outcome = new DeliveryRecorder.Outcome(job.eventId(), job.receivedAt(), route.name(),
                    next.failed() ? "FAILED" : "PENDING", next.counted(), next.at(), null, attempt.describe(),
                    DeliveryRecorder.entry(attempt, kind));
            if (next.at() != null) {
                // Due again before the next poll, maybe: look for it then (a little after: the record commits first).
                wakeIn(Duration.between(now, next.at()).toNanos() + 20_000_000L);
            }
        }
        recorder.record(outcome).subscribe().with(ok -> {
        }, f -> Log.warnf("route %s: could not record the attempt of %s: %s", route.name(), job.eventId(), f.getMessage()));
        pump();
    }

    void close() {
        context.runOnContext(v -> {
            closed = true;
            breaker.close();
            sender.close();
        });
    }
}
