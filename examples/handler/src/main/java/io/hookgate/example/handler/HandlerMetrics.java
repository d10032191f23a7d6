package io.hookgate.example.handler;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * {@code handler_events_total{outcome}}: handled, duplicate (acked with no effect) and rejected (nacked, so
 * dead-lettered); {@code handler_attempt_failures_total} counts every failed attempt, retries included.
 * Created at start-up, so every series is exported (at 0) before the first event.
 */
@Startup
@ApplicationScoped
public class HandlerMetrics {

    private final Counter handled;
    private final Counter duplicates;
    private final Counter rejected;
    private final Counter attemptFailures;

    public HandlerMetrics(MeterRegistry registry) {
        handled = outcome(registry, "handled");
        duplicates = outcome(registry, "duplicate");
        rejected = outcome(registry, "rejected");
        attemptFailures = Counter.builder("handler.attempt.failures")
                .description("Failed attempts to handle an event, retries included").register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("handler.events").tag("outcome", outcome)
                .description("Events by outcome").register(registry);
    }

    void handled() {
        handled.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void rejected() {
        rejected.increment();
    }

    void attemptFailed() {
        attemptFailures.increment();
    }
}
