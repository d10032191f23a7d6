package io.hookgate.admin;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.delivery.HttpDeliveries;
import io.hookgate.event.EventWriter;
import io.hookgate.publish.MessagePublisher;
import io.hookgate.publish.OutboundMessage;
import io.hookgate.route.Routes;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Replays stored events, counted on their deliveries (never on the event). An AMQP delivery ('default' or an amqp:
 * route) is published again at once, flagged replay=true; an HTTP one is re-queued (due now, its failures reset) and
 * its route's lane nudged, so it goes out with the route's retries, rate limit and circuit.
 */
@ApplicationScoped
public class ReplayService {

    /** Counts one replay on AMQP deliveries ($1 ids, $2 their received_at, $3 their destinations). */
    static final String COUNT_REPLAYS = """
            UPDATE deliveries d SET replays = d.replays + 1
            FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS r(id, received_at, destination)
            WHERE d.received_at = r.received_at AND d.event_id = r.id AND d.destination = r.destination""";

    /** Re-queues the HTTP deliveries of one route ($1 ids, $2 their received_at, $3 the route). */
    static final String REQUEUE = """
            UPDATE deliveries d SET state = 'PENDING', next_attempt_at = now(), failures = 0, replays = d.replays + 1
            FROM unnest($1::uuid[], $2::timestamptz[]) AS r(id, received_at)
            WHERE d.received_at = r.received_at AND d.event_id = r.id AND d.destination = $3""";

    // A replay to one route may find no delivery for it (the event did not match, or the route is newer): it is
    // created then (a backfill), else counted (AMQP, already sent) or re-queued (HTTP). attempts and attempt_log stay.
    private static final String UPSERT_AMQP = """
            INSERT INTO deliveries AS d (received_at, event_id, destination, source, state, attempts, delivered_at, replays)
            VALUES ($2, $1, $3, $4, 'PUBLISHED', 1, now(), 1)
            ON CONFLICT (received_at, event_id, destination) DO UPDATE SET replays = d.replays + 1""";

    private static final String UPSERT_HTTP = """
            INSERT INTO deliveries AS d (received_at, event_id, destination, source, state, next_attempt_at, replays)
            VALUES ($2, $1, $3, $4, 'PENDING', now(), 1)
            ON CONFLICT (received_at, event_id, destination) DO UPDATE
            SET state = 'PENDING', next_attempt_at = now(), failures = 0, replays = d.replays + 1""";

    private final Pool pool;
    private final MessagePublisher transport;
    private final Routes routes;
    private final HttpDeliveries http;

    public ReplayService(Pool pool, MessagePublisher transport, Routes routes, HttpDeliveries http) {
        this.pool = pool;
        this.transport = transport;
        this.routes = routes;
        this.http = http;
    }

    /** Replays every delivery of one event; null when it does not exist. Fails when the broker does not accept it. */
    public Uni<ReplayResult> replay(UUID id) {
        return replay(id, null);
    }

    /**
     * Replays one event to one route (null: to every delivery it has); null when the event does not exist. Fails
     * with a ProblemException for an unknown route (404), a route of another source (400), or an event without
     * deliveries replayed without a route (409), and with BrokerRejectedException when the broker refuses.
     */
    public Uni<ReplayResult> replay(UUID id, String route) {
        if (route != null && !isDefault(route) && routes.find(route) == null) {
            return Uni.createFrom().failure(ProblemException.unknownRoute(route, 404));
        }
        return pool.preparedQuery("SELECT " + OutboundMessage.COLUMNS + " FROM events WHERE id = $1").execute(Tuple.of(id))
                .onItem().transformToUni(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Row row = rows.iterator().next();
                    return targets(row, route).onItem().transformToUni(targets -> replay(row, targets));
                });
    }

    /** The routes to replay an event to: the one asked for, checked, or the event's deliveries. */
    private Uni<List<String>> targets(Row event, String route) {
        String source = event.getString("source");
        if (route != null) {
            boolean ofSource = isDefault(route) ? routes.ofSource(source).isEmpty()
                    : routes.find(route).source().equals(source);
            if (!ofSource) {
                return Uni.createFrom().failure(new ProblemException(400, "Bad Request", "route_source_mismatch",
                        "route " + route + " does not take the events of source " + source));
            }
            return Uni.createFrom().item(List.of(route));
        }
        return pool.preparedQuery("SELECT destination FROM deliveries WHERE received_at = $1 AND event_id = $2"
                + " ORDER BY destination").execute(Tuple.of(event.getOffsetDateTime("received_at"), event.getUUID("id")))
                .map(rows -> {
                    List<String> names = new ArrayList<>();
                    rows.forEach(r -> names.add(r.getString("destination")));
                    if (names.isEmpty()) {
                        throw new ProblemException(409, "Conflict", "unrouted", "the event matched none of its source's"
                                + " routes, so it has no delivery to replay: replay it to one with ?route=NAME");
                    }
                    return names;
                });
    }

    /** AMQP deliveries first (a broker refusal then fails the replay before anything is re-queued), then HTTP ones. */
    private Uni<ReplayResult> replay(Row event, List<String> targets) {
        UUID id = event.getUUID("id");
        OffsetDateTime received = event.getOffsetDateTime("received_at");
        String source = event.getString("source");
        List<String> amqp = new ArrayList<>();
        List<String> httpRoutes = new ArrayList<>();
        for (String target : targets) {
            if (routes.isHttp(target)) {
                httpRoutes.add(target);
            } else if (routes.addressOf(source, target) != null) {
                amqp.add(target);
            } // else a delivery to a route no longer configured: nowhere to send it
        }
        List<String> replayed = targets.stream().filter(t -> amqp.contains(t) || httpRoutes.contains(t)).toList();
        Uni<Void> sent = Multi.createFrom().iterable(amqp).onItem().transformToUniAndConcatenate(target -> send(event, target)
                .onItem().transformToUni(x -> pool.preparedQuery(UPSERT_AMQP).execute(Tuple.of(id, received, target, source))))
                .collect().last().replaceWithVoid();
        Uni<Void> queued = Multi.createFrom().iterable(httpRoutes).onItem().transformToUniAndConcatenate(target -> pool
                .preparedQuery(UPSERT_HTTP).execute(Tuple.of(id, received, target, source)).invoke(() -> http.nudge(target)))
                .collect().last().replaceWithVoid();
        return sent.onItem().transformToUni(x -> queued)
                .onItem().transformToUni(x -> pool.preparedQuery("SELECT coalesce(sum(replays), 0)::int FROM deliveries"
                        + " WHERE received_at = $1 AND event_id = $2").execute(Tuple.of(received, id)))
                .map(rows -> new ReplayResult(id.toString(), !replayed.isEmpty(), rows.iterator().next().getInteger(0),
                        replayed));
    }

    /** Sends one event row (with OutboundMessage.COLUMNS) as a replay to an AMQP delivery's address. */
    Uni<Void> send(Row row, String destination) {
        return transport.send(OutboundMessage.fromRow(row, destination,
                routes.addressOf(row.getString("source"), destination), true));
    }

    static boolean isDefault(String route) {
        return EventWriter.DEFAULT_DESTINATION.equals(route);
    }
}
