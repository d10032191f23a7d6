package io.hookgate.publish;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
import io.hookgate.route.Routes;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Re-publishes AMQP deliveries ('default' and amqp: routes; HttpDeliveries has the HTTP ones) still PENDING after a
 * broker outage or a crash. A delivery of a route no longer configured is left PENDING (and counted in the backlog):
 * a replica that still has the route, mid-rollout, delivers it. Each round claims due deliveries with
 * FOR UPDATE SKIP LOCKED and leases them by pushing next_attempt_at forward, then commits before
 * talking to the broker: replicas share the backlog without holding row locks across network calls,
 * and a replica that dies mid-round only delays its rows by the lease.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final String CLAIM = """
            WITH due AS (
                SELECT received_at, event_id, destination FROM deliveries
                WHERE state = 'PENDING' AND next_attempt_at <= now() AND destination = ANY($3::text[])
                ORDER BY next_attempt_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED),
            leased AS (
                UPDATE deliveries d SET next_attempt_at = now() + $2::bigint * interval '1 millisecond'
                FROM due
                WHERE d.received_at = due.received_at AND d.event_id = due.event_id AND d.destination = due.destination
                RETURNING d.received_at, d.event_id, d.destination)
            SELECT %s, leased.destination FROM leased
            JOIN events e ON e.id = leased.event_id AND e.received_at = leased.received_at"""
            .formatted(OutboundMessage.COLUMNS.replaceAll("(^|, )", "$1e."));

    private final Pool pool;
    private final OutboxPublisher publisher;
    private final MessagePublisher transport;
    private final Routes routes;
    private final int batchSize;
    private final long leaseMillis;

    public OutboxRelay(Pool pool, OutboxPublisher publisher, MessagePublisher transport, Routes routes,
            HookgateConfig config) {
        this.pool = pool;
        this.publisher = publisher;
        this.transport = transport;
        this.routes = routes;
        this.batchSize = config.publish().relayBatchSize();
        this.leaseMillis = config.publish().sendTimeout().toMillis() * 2 + 5_000;
    }

    @Scheduled(every = "${hookgate.publish.relay-interval:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relay() {
        if (!transport.isConnected()) {
            // Nothing can succeed; retrying every due row would only load PostgreSQL (see MessagePublisher.isConnected).
            return Uni.createFrom().voidItem();
        }
        // Round after round while they come back full. repeat() subscribes afresh each time: a round that called the
        // next one from inside itself kept every earlier round's messages reachable until the whole backlog was
        // drained, and a 80k-event backlog ran a 256 MB heap out (ReliabilityIT, native).
        return Uni.createFrom().deferred(this::round)
                .repeat().whilst(claimed -> claimed == batchSize && transport.isConnected())
                .onItem().ignoreAsUni()
                .onFailure().recoverWithItem(f -> {
                    Log.debugf("relay round failed: %s", f.getMessage());
                    return null;
                });
    }

    /** One round: claim, publish concurrently, and return how many rows were claimed. */
    public Uni<Integer> round() {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(batchSize, leaseMillis, routes.amqpDestinations()))
                .onItem().transformToUni(rows -> {
                    List<Uni<Boolean>> sends = new ArrayList<>();
                    for (Row row : rows) {
                        String destination = row.getString("destination");
                        String address = routes.addressOf(row.getString("source"), destination);
                        if (address != null) {
                            sends.add(publisher.publish(OutboundMessage.fromRow(row, destination, address, false)));
                        }
                    }
                    if (sends.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Log.debugf("relay re-publishing %d pending events", sends.size());
                    return Uni.join().all(sends).andCollectFailures().replaceWith(sends.size());
                });
    }

}
