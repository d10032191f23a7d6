package io.hookgate.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of routes, tagged by route (configured names only, so bounded). Prometheus names:
 * hookgate_route_deliveries_total{route,outcome} (delivered, retried, waited, failed, unrouted never: see
 * hookgate_events_unrouted_total{source}), hookgate_route_attempt_seconds{route} (one HTTP attempt),
 * hookgate_route_delivery_lag_seconds{route} (received to delivered), hookgate_route_backlog{route} (PENDING
 * deliveries, every replica reports the same count), hookgate_route_circuit_state{route} (0 closed, 1 half-open,
 * 2 open; per replica) and hookgate_route_inflight{route}.
 */
@ApplicationScoped
public class RouteMetrics {

    private final MeterRegistry registry;
    private final Map<String, Object> meters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> backlog = new ConcurrentHashMap<>();

    public RouteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @SuppressWarnings("unchecked")
    private <M> M meter(String key, Supplier<M> register) {
        Object meter = meters.get(key);
        if (meter == null) {
            meter = meters.computeIfAbsent(key, k -> register.get());
        }
        return (M) meter;
    }

    /** outcome: delivered, retried (counted failure), waited (Retry-After), failed (gave up). */
    public void outcome(String route, String outcome) {
        this.<Counter> meter("outcome\0" + route + '\0' + outcome, () -> Counter.builder("hookgate.route.deliveries")
                .description("Delivery attempts to routes by outcome").tag("route", route).tag("outcome", outcome)
                .register(registry)).increment();
    }

    public void attempt(String route, Duration took) {
        this.<Timer> meter("attempt\0" + route, () -> Timer.builder("hookgate.route.attempt")
                .description("One HTTP attempt to a route's destination, connect to answer").tag("route", route)
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                        Duration.ofSeconds(10))
                .register(registry)).record(took);
    }

    /** From the event's arrival to the destination's acceptance. */
    public void delivered(String route, Duration lag) {
        outcome(route, "delivered");
        this.<Timer> meter("lag\0" + route, () -> Timer.builder("hookgate.route.delivery.lag")
                .description("From the event's arrival to its delivery to the route").tag("route", route)
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10),
                        Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1))
                .register(registry)).record(lag);
    }

    /** Registers the per-route gauges of a lane. */
    public <T> void lane(String route, T lane, ToDoubleFunction<T> circuitState, ToDoubleFunction<T> inFlight) {
        Gauge.builder("hookgate.route.circuit.state", lane, circuitState)
                .description("The route's circuit breaker on this replica: 0 closed, 1 half-open, 2 open")
                .tag("route", route).register(registry);
        Gauge.builder("hookgate.route.inflight", lane, inFlight)
                .description("HTTP attempts to the route in flight on this replica").tag("route", route).register(registry);
    }

    /** The PENDING deliveries of a route (or of 'default'), as last counted. */
    public AtomicLong backlog(String route) {
        return backlog.computeIfAbsent(route, r -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("hookgate.route.backlog", value, AtomicLong::get)
                    .description("Deliveries to the route not yet accepted (PENDING), cluster-wide").tag("route", r)
                    .register(registry);
            return value;
        });
    }

    public void unrouted(String source) {
        this.<Counter> meter("unrouted\0" + source, () -> Counter.builder("hookgate.events.unrouted")
                .description("Events stored that matched none of their source's routes").tag("source", source)
                .register(registry)).increment();
    }
}
