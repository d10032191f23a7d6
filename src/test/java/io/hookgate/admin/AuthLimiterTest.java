package io.hookgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The failed-authentication budget: per client address and for everyone, per minute, with the wait until it resets. */
class AuthLimiterTest {

    final AtomicLong now = new AtomicLong(1_000 * 60_000L + 15_000); // 15 s into a minute
    final AuthLimiter limiter = new AuthLimiter(3, 5, now::get);

    @Test
    void aClientIsLimitedAfterItsFailuresUntilTheMinuteEnds() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
            limiter.failed("10.0.0.1");
        }
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(45);
        assertThat(limiter.retryAfterSeconds("10.0.0.2")).isZero(); // another client still may
        now.addAndGet(44_500);
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(1);
        now.addAndGet(500);
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero(); // a new minute
    }

    @Test
    void theGlobalBudgetHoldsAcrossClients() {
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.2");
        limiter.failed("10.0.0.3");
        limiter.failed("10.0.0.4");
        assertThat(limiter.retryAfterSeconds("10.0.0.9")).isZero();
        limiter.failed("10.0.0.5");
        assertThat(limiter.retryAfterSeconds("10.0.0.9")).isEqualTo(45); // 5 failures in all: everyone waits
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(45);
        now.addAndGet(45_000);
        assertThat(limiter.retryAfterSeconds("10.0.0.9")).isZero();
    }
}
