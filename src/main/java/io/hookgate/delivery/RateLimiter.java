package io.hookgate.delivery;

import java.util.function.LongSupplier;

/**
 * A token bucket per route and replica: {@code rate} attempts per second, and a burst of one second's worth. A
 * reservation is never refused; it says how long to wait before sending, so that the claim of a batch and its
 * pacing are decided together. {@link #claimable} tells how many sends fit in the next {@code horizonNanos}, so that
 * no claimed delivery waits in memory much longer than a poll. Over any window of T seconds at most
 * {@code rate * (T + 1)} attempts start: within 10 % of the rate over 10 s or more. Event-loop confined.
 */
public final class RateLimiter {

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long updatedAt;

    /** {@code perSecond <= 0}: no limit. */
    public RateLimiter(double perSecond, LongSupplier nanoTime) {
        this.ratePerNano = perSecond / 1e9;
        this.burst = Math.max(1, perSecond);
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.updatedAt = nanoTime.getAsLong();
    }

    public boolean unlimited() {
        return ratePerNano <= 0;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - updatedAt) * ratePerNano);
        updatedAt = now;
    }

    /** How many sends can start within the next horizon, counting those already reserved; at most {@code max}. */
    public int claimable(long horizonNanos, int max) {
        if (unlimited()) {
            return max;
        }
        refill();
        double fit = tokens + horizonNanos * ratePerNano;
        return (int) Math.max(0, Math.min(max, Math.floor(fit)));
    }

    /** Takes one token; returns the nanoseconds to wait before sending (0 when one was there). */
    public long reserve() {
        if (unlimited()) {
            return 0;
        }
        refill();
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
    }
}
