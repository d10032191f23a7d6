package io.hookgate.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.request.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * hookgate's meters, one per fact, tagged. Prometheus names: hookgate_webhooks_received_total,
 * hookgate_webhooks_total{outcome}, hookgate_webhooks_rejected_total{reason}, hookgate_ingest_duration_seconds,
 * hookgate_publish_total{outcome}, hookgate_publish_link_refusals_total{address}, hookgate_publish_lag_seconds, hookgate_ingest_batch_size_events and
 * hookgate_events_pending.
 */
@ApplicationScoped
public class HookgateMetrics {

    /** Tag value for requests naming a source that is not configured: path segments must not become tags. */
    public static final String UNKNOWN_SOURCE = "_unknown";

    private final MeterRegistry registry;
    // Registering by builder builds, sorts and looks up the tags on every call; the ingest path calls these
    // several times per request. Keys are bounded: configured sources (or _unknown) × fixed outcomes/reasons.
    private final Map<String, Object> meters = new ConcurrentHashMap<>();

    private final Counter rejectionsDropped;

    public HookgateMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Registered once: it is incremented hardest during a flood, when the registry look-up would cost most.
        this.rejectionsDropped = Counter.builder("hookgate.rejections.dropped")
                .description("Rejection records not stored because of the write rate limit").register(registry);
    }

    /** A counter and a timer that are always updated together. */
    private record CountedTimer(Counter counter, Timer timer) {
        void record(Duration took) {
            counter.increment();
            timer.record(took);
        }
    }

    @SuppressWarnings("unchecked")
    private <M> M meter(String key, Supplier<M> register) {
        Object meter = meters.get(key);
        if (meter == null) {
            meter = meters.computeIfAbsent(key, k -> register.get());
        }
        return (M) meter;
    }

    public void received(String source) {
        this.<Counter> meter("received\0" + source, () -> Counter.builder("hookgate.webhooks.received")
                .description("Webhook requests received").tag("source", source).register(registry)).increment();
    }

    /** outcome: accepted, duplicate, challenge or rejected. */
    public void outcome(String source, String outcome, Duration took) {
        // Counter and timer share one cache entry: one key and one lookup per request, not two.
        CountedTimer meters = meter("outcome\0" + source + '\0' + outcome, () -> new CountedTimer(
                Counter.builder("hookgate.webhooks").description("Webhook requests by outcome")
                        .tag("source", source).tag("outcome", outcome).register(registry),
                Timer.builder("hookgate.ingest.duration").description("Time from request start to response")
                        .tag("source", source).tag("outcome", outcome).publishPercentileHistogram().register(registry)));
        meters.record(took);
    }

    public void rejected(String source, RejectionReason reason, Duration took) {
        this.<Counter> meter("rejected\0" + source + '\0' + reason.code(), () -> Counter
                .builder("hookgate.webhooks.rejected").description("Rejected webhook requests by reason")
                .tag("source", source).tag("reason", reason.code()).register(registry)).increment();
        outcome(source, "rejected", took);
    }

    /**
     * One insert batch written: events per INSERT (above 1 under load shows concurrent requests sharing round trips)
     * and the time from sending it to its commit (what the in-flight batch limit follows).
     */
    public void insertBatch(int events, long nanos) {
        this.<DistributionSummary> meter("batch", () -> DistributionSummary.builder("hookgate.ingest.batch.size")
                .description("Events written per INSERT statement").baseUnit("events").register(registry))
                .record(events);
        this.<Timer> meter("batch-duration", () -> Timer.builder("hookgate.ingest.batch.duration")
                .description("Time to write and commit one insert batch").register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void rejectionRecordDropped() {
        rejectionsDropped.increment();
    }

    public void published(String source, Duration lag) {
        CountedTimer meters = meter("published\0" + source, () -> new CountedTimer(
                Counter.builder("hookgate.publish").description("Broker publish attempts by outcome")
                        .tag("source", source).tag("outcome", "published").register(registry),
                Timer.builder("hookgate.publish.lag").description("Time from receipt to broker acceptance")
                        .tag("source", source).publishPercentileHistogram().register(registry)));
        meters.record(lag);
    }

    public void publishFailed(String source) {
        this.<Counter> meter("failed\0" + source, () -> Counter.builder("hookgate.publish")
                .description("Broker publish attempts by outcome").tag("source", source).tag("outcome", "failed")
                .register(registry)).increment();
    }

    /**
     * The broker refused to open a link to an address (a queue declared with other arguments, a missing queue, no
     * permission): that source's events stay PENDING with the broker's answer as their last_error.
     */
    public void linkRefused(String address) {
        this.<Counter> meter("refused\0" + address, () -> Counter.builder("hookgate.publish.link.refusals")
                .description("AMQP links the broker refused to open").tag("address", address).register(registry))
                .increment();
    }

    /** A fresh event not sent because the broker is down: it stays PENDING for the relay. */
    public void publishDeferred(String source) {
        this.<Counter> meter("deferred\0" + source, () -> Counter.builder("hookgate.publish")
                .description("Broker publish attempts by outcome").tag("source", source).tag("outcome", "deferred")
                .register(registry)).increment();
    }
}
