package io.hookgate.delivery;

import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.hookgate.config.HookgateConfig;
import io.hookgate.route.ConfiguredRoute;
import io.hookgate.route.Routes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;

/**
 * Delivery to the routes' HTTP destinations: one {@link RouteLane} per HTTP route. Lanes look for due deliveries
 * every poll-interval, and at once when an event for them was just stored or a delivery replayed ({@link #nudge}).
 */
@Startup
@ApplicationScoped
public class HttpDeliveries {

    private final Map<String, RouteLane> lanes = new TreeMap<>();

    public HttpDeliveries(Routes routes, Vertx vertx, DeliveryClaims claims, DeliveryRecorder recorder,
            RouteMetrics metrics, HookgateConfig config) {
        for (ConfiguredRoute route : routes.all().values()) {
            if (route.isHttp()) {
                lanes.put(route.name(), new RouteLane(route, vertx, claims, recorder, metrics, config.delivery()));
            }
        }
    }

    /** A delivery of this route may be due now; no-op for a route that is not an HTTP one. */
    public void nudge(String route) {
        RouteLane lane = lanes.get(route);
        if (lane != null) {
            lane.nudge();
        }
    }

    /** The circuit of an HTTP route on this replica: closed, half_open or open; null for any other route. */
    public String circuit(String route) {
        RouteLane lane = lanes.get(route);
        if (lane == null) {
            return null;
        }
        CircuitBreakerState state = lane.circuit();
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Scheduled(every = "${hookgate.delivery.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        lanes.values().forEach(RouteLane::nudge);
    }

    void stop(@Observes ShutdownEvent event) {
        lanes.values().forEach(RouteLane::close);
    }
}
