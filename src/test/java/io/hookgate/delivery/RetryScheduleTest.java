package io.hookgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.hookgate.route.TestRoute;

/** When a failed delivery is tried again, and when it has failed for good. */
class RetryScheduleTest {

    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    static Attempt failed(int status) {
        return new Attempt(NOW, status, Duration.ofMillis(5), null, status == 0 ? "refused" : null, null);
    }

    @Test
    void theWaitDoublesPerFailureUpToTheMaximumLessTheJitter() {
        TestRoute.Retry retry = new TestRoute.Retry();
        RetrySchedule noJitter = new RetrySchedule(retry, () -> 0);
        assertThat(noJitter.backoff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(noJitter.backoff(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(noJitter.backoff(5)).isEqualTo(Duration.ofSeconds(80));
        assertThat(noJitter.backoff(11)).isEqualTo(Duration.ofHours(1));
        assertThat(noJitter.backoff(500)).isEqualTo(Duration.ofHours(1));
        RetrySchedule fullJitter = new RetrySchedule(retry, () -> 1);
        assertThat(fullJitter.backoff(2)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void aFailureIsRetriedUntilTheAttemptsAreSpent() {
        TestRoute.Retry retry = new TestRoute.Retry();
        retry.attempts = 3;
        RetrySchedule schedule = new RetrySchedule(retry, () -> 0);
        RetrySchedule.Next first = schedule.after(failed(500), 0, NOW, NOW);
        assertThat(first.failed()).isFalse();
        assertThat(first.counted()).isTrue();
        assertThat(first.at()).isEqualTo(NOW.plusSeconds(5));
        assertThat(schedule.after(failed(0), 1, NOW, NOW).failed()).isFalse();
        RetrySchedule.Next last = schedule.after(failed(404), 2, NOW, NOW);
        assertThat(last.failed()).isTrue();
        assertThat(last.at()).isNull();
    }

    @Test
    void aDeliveryPastItsMaxAgeFails() {
        TestRoute.Retry retry = new TestRoute.Retry();
        retry.maxAge = Duration.ofMinutes(10);
        RetrySchedule schedule = new RetrySchedule(retry, () -> 0);
        Instant received = NOW.minus(Duration.ofMinutes(9)).minusSeconds(58);
        assertThat(schedule.after(failed(500), 0, received, NOW).failed()).isTrue();
    }

    @Test
    void aRetryAfterIsWaitedOutUncountedAndCapped() {
        TestRoute.Retry retry = new TestRoute.Retry();
        retry.maxRetryAfter = Duration.ofMinutes(2);
        RetrySchedule schedule = new RetrySchedule(retry, () -> 0);
        Attempt throttled = new Attempt(NOW, 429, Duration.ofMillis(3), "slow down", null, Duration.ofSeconds(30));
        RetrySchedule.Next next = schedule.after(throttled, 11, NOW, NOW);
        assertThat(next.counted()).isFalse();
        assertThat(next.failed()).isFalse();
        assertThat(next.at()).isEqualTo(NOW.plusSeconds(30));
        Attempt longWait = new Attempt(NOW, 503, Duration.ofMillis(3), null, null, Duration.ofHours(5));
        assertThat(schedule.after(longWait, 0, NOW, NOW).at()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
        // A 503 without Retry-After is an ordinary failure.
        assertThat(schedule.after(failed(503), 0, NOW, NOW).counted()).isTrue();
    }
}
