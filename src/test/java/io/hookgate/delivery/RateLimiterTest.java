package io.hookgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The token bucket: a second of burst, then the rate, and claims that fit the next poll. */
class RateLimiterTest {

    @Test
    void aBurstOfOneSecondThenTheRate() {
        AtomicLong now = new AtomicLong(0);
        RateLimiter limiter = new RateLimiter(10, now::get);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.reserve()).isZero();
        }
        // The 11th waits a tenth of a second, the 12th two tenths.
        assertThat(limiter.reserve()).isEqualTo(100_000_000L);
        assertThat(limiter.reserve()).isEqualTo(200_000_000L);
        now.set(1_000_000_000L);
        assertThat(limiter.reserve()).isEqualTo(0);
    }

    @Test
    void overThirtySecondsAtMostRateTimesThirtyPlusTheBurstStart() {
        AtomicLong now = new AtomicLong(0);
        RateLimiter limiter = new RateLimiter(20, now::get);
        int started = 0;
        // Sends start at their reserved time; count those starting within the first 30 s.
        while (true) {
            long wait = limiter.reserve();
            if (wait >= 30_000_000_000L) {
                break;
            }
            started++;
        }
        assertThat(started).isBetween(600, 620);
    }

    @Test
    void claimsFitTheHorizon() {
        AtomicLong now = new AtomicLong(0);
        RateLimiter limiter = new RateLimiter(5, now::get);
        assertThat(limiter.claimable(1_000_000_000L, 100)).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            limiter.reserve();
        }
        assertThat(limiter.claimable(1_000_000_000L, 100)).isZero();
        assertThat(new RateLimiter(0, now::get).claimable(1, 42)).isEqualTo(42);
    }
}
