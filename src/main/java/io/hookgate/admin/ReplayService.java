package io.hookgate.admin;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.event.EventWriter;
import io.hookgate.publish.MessagePublisher;
import io.hookgate.publish.OutboundMessage;
import io.hookgate.source.Sources;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Publishes stored events again, flagged replay=true, and counts it on the event's delivery (never on the event). */
@ApplicationScoped
public class ReplayService {

    /** Counts one replay on the default delivery of each event ($1 ids, $2 their received_at). */
    static final String COUNT_REPLAYS = """
            UPDATE deliveries d SET replays = d.replays + 1
            FROM unnest($1::uuid[], $2::timestamptz[]) AS r(id, received_at)
            WHERE d.received_at = r.received_at AND d.event_id = r.id AND d.destination = 'default'
            RETURNING d.replays""";

    private final Pool pool;
    private final MessagePublisher transport;
    private final Sources sources;

    public ReplayService(Pool pool, MessagePublisher transport, Sources sources) {
        this.pool = pool;
        this.transport = transport;
        this.sources = sources;
    }

    /** Replays one event; null when it does not exist. Fails when the broker does not accept it. */
    public Uni<ReplayResult> replay(UUID id) {
        return pool.preparedQuery("SELECT " + OutboundMessage.COLUMNS + " FROM events WHERE id = $1").execute(Tuple.of(id))
                .onItem().transformToUni(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Row row = rows.iterator().next();
                    OffsetDateTime received = row.getOffsetDateTime("received_at");
                    return send(row)
                            .onItem().transformToUni(ignored -> pool.preparedQuery(COUNT_REPLAYS).execute(Tuple.of(
                                    new UUID[] { id }, new OffsetDateTime[] { received })))
                            .map(updated -> new ReplayResult(id.toString(), true, updated.iterator().next().getInteger(0)));
                });
    }

    /** Sends one row (with OutboundMessage.COLUMNS) as a replay. */
    Uni<Void> send(Row row) {
        return transport.send(OutboundMessage.fromRow(row, EventWriter.DEFAULT_DESTINATION,
                sources.addressOf(row.getString("source")), true));
    }
}
