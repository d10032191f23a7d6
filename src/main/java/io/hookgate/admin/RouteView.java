package io.hookgate.admin;

import java.util.List;

import io.hookgate.config.HookgateConfig;
import io.hookgate.route.ConfiguredRoute;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A configured route as on-call sees it, with its deliveries' numbers. Never the signing secret (only whether there
 * is one) nor a header's value (only the names).
 *
 * @param circuit the breaker's settings and its state on the replica that answered (null state: an amqp route)
 * @param backlog PENDING deliveries
 * @param failed FAILED deliveries (HTTP routes that gave up; replayable)
 * @param delivered24h deliveries delivered in the last 24 hours
 * @param lagP50Ms received-to-delivered, median over the deliveries of the last hour; null without any
 */
@RegisterForReflection
public record RouteView(String name, String source, String destination, String kind, String types, String filter,
        boolean signed, List<String> headers, long timeoutMs, Double rateLimit, int concurrency, Retry retry,
        Circuit circuit, long backlog, long failed, long delivered24h, Double lagP50Ms, Double lagP95Ms) {

    @RegisterForReflection
    public record Retry(int attempts, long backoffInitialMs, long backoffMaxMs, long maxAgeMs) {
    }

    @RegisterForReflection
    public record Circuit(int failures, long openForMs, String state) {
    }

    /** A route's deliveries in numbers (RouteQueries). */
    record Stats(long backlog, long failed, long delivered24h, Double lagP50Ms, Double lagP95Ms) {
        static final Stats NONE = new Stats(0, 0, 0, null, null);
    }

    static RouteView of(ConfiguredRoute route, String circuitState, Stats stats) {
        HookgateConfig.Route c = route.config();
        return new RouteView(route.name(), route.source(), DestinationText.of(route.destination()),
                DestinationText.kind(route), route.typesText(), route.filterText(), c.signingSecret().isPresent(),
                c.headers().keySet().stream().sorted().toList(), c.timeout().toMillis(), c.rateLimit().orElse(null),
                c.concurrency(),
                new Retry(c.retry().attempts(), c.retry().backoffInitial().toMillis(), c.retry().backoffMax().toMillis(),
                        c.retry().maxAge().toMillis()),
                new Circuit(c.circuit().failures(), c.circuit().openFor().toMillis(), circuitState),
                stats.backlog(), stats.failed(), stats.delivered24h(), stats.lagP50Ms(), stats.lagP95Ms());
    }

    /** Yes or no, for the console. */
    public String signedText() {
        return signed ? "yes" : "no";
    }
}
