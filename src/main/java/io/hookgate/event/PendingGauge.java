package io.hookgate.event;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.delivery.RouteMetrics;
import io.hookgate.route.Routes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * hookgate_events_pending: the deliveries not yet accepted by the broker (or a route's HTTP destination), counted
 * every few seconds; and hookgate_route_backlog per route from the same count.
 */
@ApplicationScoped
public class PendingGauge {

    private final Pool pool;
    private final AtomicLong pending = new AtomicLong();
    private final Routes routes;
    private final RouteMetrics routeMetrics;

    public PendingGauge(Pool pool, MeterRegistry registry, EventWriter writer, Routes routes, RouteMetrics routeMetrics) {
        this.pool = pool;
        this.routes = routes;
        this.routeMetrics = routeMetrics;
        routes.all().keySet().forEach(routeMetrics::backlog);
        Gauge.builder("hookgate.events.pending", pending, AtomicLong::get)
                .description("Deliveries not yet accepted by the broker or the route's HTTP destination").register(registry);
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

    /** Also each route's backlog (hookgate_route_backlog): a route with nothing pending reads 0, not its last count. */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query("SELECT destination, count(*) FROM deliveries WHERE state = 'PENDING' GROUP BY destination")
                .execute()
                .invoke(rows -> {
                    long total = 0;
                    Map<String, Long> byRoute = new HashMap<>();
                    for (Row row : rows) {
                        total += row.getLong(1);
                        byRoute.put(row.getString(0), row.getLong(1));
                    }
                    pending.set(total);
                    for (String route : routes.all().keySet()) {
                        routeMetrics.backlog(route).set(byRoute.getOrDefault(route, 0L));
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
