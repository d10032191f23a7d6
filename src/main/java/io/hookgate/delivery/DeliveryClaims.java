package io.hookgate.delivery;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Claims due HTTP deliveries of one route for this replica, like the AMQP relay: FOR UPDATE SKIP LOCKED, then a
 * lease (next_attempt_at pushed past the attempt's longest possible duration), committed before any request goes
 * out. Replicas share the backlog without waiting on one another, and a replica that dies mid-attempt only delays
 * its deliveries by the lease; the next attempt repeats the POST (at-least-once: receivers dedupe on webhook-id).
 */
@ApplicationScoped
public class DeliveryClaims {

    // deliveries_route_due_idx: the due deliveries of one route in due order, so a route with a large backlog (an
    // open circuit) costs the others' claims nothing.
    private static final String CLAIM = """
            WITH due AS (
                SELECT received_at, event_id, destination FROM deliveries
                WHERE state = 'PENDING' AND destination = $1 AND destination <> 'default' AND next_attempt_at <= now()
                ORDER BY next_attempt_at
                LIMIT $2
                FOR UPDATE SKIP LOCKED),
            leased AS (
                UPDATE deliveries d SET next_attempt_at = now() + $3::bigint * interval '1 millisecond'
                FROM due
                WHERE d.received_at = due.received_at AND d.event_id = due.event_id AND d.destination = due.destination
                RETURNING d.received_at, d.event_id, d.failures)
            SELECT e.id, e.received_at, e.source, e.event_type, e.content_type, e.payload, leased.failures
            FROM leased JOIN events e ON e.id = leased.event_id AND e.received_at = leased.received_at""";

    private static final String RELEASE = """
            UPDATE deliveries SET next_attempt_at = now()
            WHERE received_at = $2 AND event_id = $1 AND destination = $3 AND state = 'PENDING'""";

    private final Pool pool;

    public DeliveryClaims(Pool pool) {
        this.pool = pool;
    }

    Uni<List<DeliveryJob>> claim(String route, int limit, long leaseMillis) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(route, limit, leaseMillis)).map(rows -> {
            List<DeliveryJob> jobs = new ArrayList<>(rows.size());
            for (Row row : rows) {
                jobs.add(new DeliveryJob(row.getUUID("id"), row.getOffsetDateTime("received_at"), route,
                        row.getString("source"), row.getString("event_type"), row.getString("content_type"),
                        row.getBuffer("payload").getBytes(), row.getInteger("failures")));
            }
            return jobs;
        });
    }

    /** Gives back a claimed delivery that was not attempted (its circuit refused it): due again at once. */
    Uni<Void> release(DeliveryJob job) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(job.eventId(), job.receivedAt(), job.route())).replaceWithVoid();
    }
}
