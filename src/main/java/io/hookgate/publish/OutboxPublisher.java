package io.hookgate.publish;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
import io.hookgate.delivery.RouteMetrics;
import io.hookgate.event.EventWriter;
import io.hookgate.metrics.HookgateMetrics;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The outbox's send step: publish a committed event, then record what the broker said. A delivery becomes
 * PUBLISHED only after the broker accepted it; a failure leaves it PENDING with a backoff for the relay.
 */
@ApplicationScoped
public class OutboxPublisher {

    // Backoff doubles per attempt: initial * 2^attempts, capped.
    private static final String MARK_FAILED = """
            UPDATE deliveries SET attempts = attempts + 1, last_error = left($3, 1000), next_attempt_at = now()
                   + least($4::bigint * power(2, least(attempts, 30)), $5::bigint) * interval '1 millisecond'
            WHERE received_at = $2 AND event_id = $1 AND destination = $6 AND state = 'PENDING'""";

    private final MessagePublisher transport;
    private final PublishedMarker marker;
    private final Pool pool;
    private final HookgateMetrics metrics;
    private final RouteMetrics routeMetrics;
    private final long backoffInitialMs;
    private final long backoffMaxMs;

    public OutboxPublisher(MessagePublisher transport, PublishedMarker marker, Pool pool, HookgateMetrics metrics,
            RouteMetrics routeMetrics, HookgateConfig config) {
        this.routeMetrics = routeMetrics;
        this.transport = transport;
        this.marker = marker;
        this.pool = pool;
        this.metrics = metrics;
        this.backoffInitialMs = config.publish().backoffInitial().toMillis();
        this.backoffMaxMs = config.publish().backoffMax().toMillis();
    }

    /**
     * Publishes and records the outcome. Completes, never failed, as soon as the broker has answered; the record
     * (PUBLISHED, or the failure with its backoff) is written in the background. The relay's next round need not
     * wait for it: its rows stay leased until then, and waiting for the mark's commit made every round last at
     * least a mark-delay (a 150,000-event backlog drained at 1,550 events/s on the bench machine).
     */
    public Uni<Boolean> publish(OutboundMessage message) {
        return transport.send(message)
                .map(ok -> {
                    Instant acceptedAt = Instant.now();
                    Duration lag = Duration.between(message.receivedAt().toInstant(), acceptedAt);
                    metrics.published(message.source(), lag);
                    if (!EventWriter.DEFAULT_DESTINATION.equals(message.destination())) {
                        routeMetrics.delivered(message.destination(), lag);
                    }
                    record(marker.markPublished(message.eventId(), message.receivedAt(), acceptedAt, message.destination()),
                            message);
                    return Boolean.TRUE;
                })
                .onFailure().recoverWithItem(failure -> {
                    metrics.publishFailed(message.source());
                    if (!EventWriter.DEFAULT_DESTINATION.equals(message.destination())) {
                        routeMetrics.outcome(message.destination(), "retried");
                    }
                    Log.debugf("publish of %s to %s failed: %s", message.eventId(), message.address(), failure.getMessage());
                    record(pool.preparedQuery(MARK_FAILED).execute(Tuple.of(message.eventId(),
                            message.receivedAt(), String.valueOf(failure.getMessage()), backoffInitialMs, backoffMaxMs,
                            message.destination())), message);
                    return Boolean.FALSE;
                });
    }

    private static void record(Uni<?> write, OutboundMessage message) {
        // The broker may have the message but the row still says PENDING: the relay re-sends it after the lease,
        // which is the at-least-once contract (consumers dedupe on message-id).
        write.subscribe().with(ignored -> {
        }, dbFailure -> Log.warnf("could not record publish outcome of %s: %s", message.eventId(), dbFailure.getMessage()));
    }

    /**
     * Fire-and-forget publish of a freshly committed event from the ingest path. While the broker is down the event
     * simply stays PENDING (its delivery row is due after the relay grace), so an outage costs no work per event.
     */
    public void publishFresh(OutboundMessage message) {
        if (!transport.isConnected()) {
            metrics.publishDeferred(message.source());
            return;
        }
        publish(message).subscribe().with(ok -> {
        }, f -> Log.warnf("unexpected publish failure for %s: %s", message.eventId(), f.toString()));
    }

}
