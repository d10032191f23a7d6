package io.hookgate.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.delivery.HttpDeliveries;
import io.hookgate.route.ConfiguredRoute;
import io.hookgate.route.Routes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The configured routes with their numbers: one grouped query over the routes' deliveries for all of them (not one
 * per route). The backlog and the failed count have no time bound (they are what is left to do); what was
 * delivered is bounded to the last day, its lag to the last hour.
 */
@ApplicationScoped
public class RouteQueries {

    private static final String STATS = """
            SELECT destination,
                   count(*) FILTER (WHERE state = 'PENDING') AS backlog,
                   count(*) FILTER (WHERE state = 'FAILED') AS failed,
                   count(*) FILTER (WHERE state = 'PUBLISHED' AND delivered_at >= now() - interval '24 hours') AS delivered,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - received_at) * 1000)
                       FILTER (WHERE state = 'PUBLISHED' AND delivered_at >= now() - interval '1 hour') AS p50,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - received_at) * 1000)
                       FILTER (WHERE state = 'PUBLISHED' AND delivered_at >= now() - interval '1 hour') AS p95
            FROM deliveries
            WHERE destination = ANY($1) AND (state <> 'PUBLISHED' OR delivered_at >= now() - interval '24 hours')
            GROUP BY destination""";

    private final Pool pool;
    private final Routes routes;
    private final HttpDeliveries http;

    public RouteQueries(Pool pool, Routes routes, HttpDeliveries http) {
        this.pool = pool;
        this.routes = routes;
        this.http = http;
    }

    /** Every route, by name. */
    public Uni<List<RouteView>> all() {
        String[] names = routes.all().keySet().toArray(String[]::new);
        if (names.length == 0) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(STATS).execute(Tuple.of(names)).map(rows -> {
            Map<String, RouteView.Stats> stats = new HashMap<>();
            for (Row row : rows) {
                stats.put(row.getString("destination"), new RouteView.Stats(row.getLong("backlog"), row.getLong("failed"),
                        row.getLong("delivered"), row.getDouble("p50"), row.getDouble("p95")));
            }
            return routes.all().values().stream().map(route -> view(route, stats)).toList();
        });
    }

    private RouteView view(ConfiguredRoute route, Map<String, RouteView.Stats> stats) {
        return RouteView.of(route, http.circuit(route.name()), stats.getOrDefault(route.name(), RouteView.Stats.NONE));
    }
}
