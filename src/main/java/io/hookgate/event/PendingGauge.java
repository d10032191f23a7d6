package io.hookgate.event;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** hookgate_events_pending: the deliveries not yet accepted by the broker, counted every few seconds. */
@ApplicationScoped
public class PendingGauge {

    private final Pool pool;
    private final AtomicLong pending = new AtomicLong();

    public PendingGauge(Pool pool, MeterRegistry registry, EventWriter writer) {
        this.pool = pool;
        Gauge.builder("hookgate.events.pending", pending, AtomicLong::get)
                .description("Events stored but not yet accepted by the broker").register(registry);
        Gauge.builder("hookgate.ingest.queued", writer, EventWriter::queued)
                .description("Requests waiting for an insert batch").register(registry);
        Gauge.builder("hookgate.ingest.queued.payload", writer, EventWriter::queuedBytes).baseUnit("bytes")
                .description("Bytes of the requests waiting for an insert batch (hookgate.ingest.max-queued-bytes)")
                .register(registry);
        FunctionCounter.builder("hookgate.ingest.abandoned", writer, EventWriter::abandoned)
                .description("Requests dropped from the insert queue after their caller was answered 503")
                .register(registry);
        Gauge.builder("hookgate.ingest.inflight.limit", writer, EventWriter::inFlightLimit)
                .description("Insert batches allowed in flight, from the measured commit latency").register(registry);
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query("SELECT count(*) FROM deliveries WHERE state = 'PENDING'").execute()
                .invoke(rows -> pending.set(rows.iterator().next().getLong(0)))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
