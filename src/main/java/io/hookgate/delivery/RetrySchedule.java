package io.hookgate.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

import io.hookgate.config.HookgateConfig;

/**
 * The retry schedule of one route: after a failed attempt, when the next one is due, or that the delivery has failed
 * for good. The wait doubles per failure from backoff-initial up to backoff-max, less up to 20 % jitter so that the
 * deliveries failed by one outage do not all come back in the same second. A delivery gives up after
 * {@code attempts} failures, or once the next attempt would fall past max-age from the event's arrival. A Retry-After
 * (429 or 503) is waited out, up to max-retry-after, and is not counted as a failure.
 */
public final class RetrySchedule {

    /** What to do with a delivery after an attempt that was not a success. */
    public record Next(Instant at, boolean failed, boolean counted) {
    }

    private final HookgateConfig.RouteRetry retry;
    private final DoubleSupplier random;

    public RetrySchedule(HookgateConfig.RouteRetry retry, DoubleSupplier random) {
        this.retry = retry;
        this.random = random;
    }

    /**
     * @param failuresBefore the failures counted before this attempt
     * @param receivedAt when the event arrived (max-age counts from it)
     */
    public Next after(Attempt attempt, int failuresBefore, Instant receivedAt, Instant now) {
        Instant deadline = receivedAt.plus(retry.maxAge());
        if (attempt.asksToWait()) {
            Duration wait = min(attempt.retryAfter(), retry.maxRetryAfter());
            Instant at = now.plus(wait);
            return at.isAfter(deadline) ? new Next(null, true, false) : new Next(at, false, false);
        }
        int failures = failuresBefore + 1;
        if (failures >= retry.attempts()) {
            return new Next(null, true, true);
        }
        Instant at = now.plus(backoff(failures));
        return at.isAfter(deadline) ? new Next(null, true, true) : new Next(at, false, true);
    }

    /** The wait after the n-th failure (n from 1): initial * 2^(n-1), capped, less up to 20 % jitter. */
    Duration backoff(int failures) {
        long initial = retry.backoffInitial().toMillis();
        long max = retry.backoffMax().toMillis();
        long wait = failures > 40 ? max : Math.min(max, initial * (1L << Math.min(failures - 1, 40)));
        if (wait <= 0 || wait > max) {
            wait = max;
        }
        return Duration.ofMillis(Math.round(wait * (1 - 0.2 * random.getAsDouble())));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
