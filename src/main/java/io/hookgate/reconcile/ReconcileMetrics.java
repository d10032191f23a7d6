package io.hookgate.reconcile;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reconciliation's meters. Prometheus names: hookgate_reconcile_runs_total{source,outcome},
 * hookgate_reconcile_missing_events_total{source} and hookgate_reconcile_last_success_timestamp_seconds{source},
 * which appears with a source's first success (or at boot, from the last success stored).
 */
@ApplicationScoped
public class ReconcileMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    public ReconcileMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers a reconciling source's counters at zero, so that increase() sees their first increment and an alert
     * on "failures but no success" can fire from the first failed run.
     */
    void register(String source) {
        for (String outcome : new String[] { "succeeded", "failed" }) {
            Counter.builder("hookgate.reconcile.runs").description("Reconcile runs by outcome").tag("source", source)
                    .tag("outcome", outcome).register(registry);
        }
        Counter.builder("hookgate.reconcile.missing.events")
                .description("Events the provider has that the source had not stored, found by reconciliation")
                .tag("source", source).register(registry);
    }

    /** outcome: succeeded or failed. */
    void run(String source, String outcome) {
        Counter.builder("hookgate.reconcile.runs").description("Reconcile runs by outcome").tag("source", source)
                .tag("outcome", outcome).register(registry).increment();
    }

    /** Events found missing: stored (Stripe) or redeliveries requested (GitHub). */
    void missing(String source, long events) {
        Counter.builder("hookgate.reconcile.missing.events")
                .description("Events the provider has that the source had not stored, found by reconciliation")
                .tag("source", source).register(registry).increment(events);
    }

    void succeeded(String source, OffsetDateTime at) {
        lastSuccess.computeIfAbsent(source, s -> {
            AtomicLong seconds = new AtomicLong();
            Gauge.builder("hookgate.reconcile.last.success.timestamp", seconds, AtomicLong::get)
                    .description("When the source's last successful reconcile run finished (unix time)")
                    .baseUnit("seconds").tag("source", s).register(registry);
            return seconds;
        }).accumulateAndGet(at.toEpochSecond(), Math::max);
    }
}
