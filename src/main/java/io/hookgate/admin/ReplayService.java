package io.hookgate.admin;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.publish.MessagePublisher;
import io.hookgate.publish.OutboundMessage;
import io.hookgate.source.Sources;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Publishes stored events again, flagged replay=true, and counts it on the event. */
@ApplicationScoped
public class ReplayService {

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
                    return send(rows.iterator().next())
                            .onItem().transformToUni(ignored -> pool
                                    .preparedQuery("UPDATE events SET replay_count = replay_count + 1 WHERE id = $1 RETURNING replay_count")
                                    .execute(Tuple.of(id)))
                            .map(updated -> new ReplayResult(id.toString(), true, updated.iterator().next().getInteger(0)));
                });
    }

    /** Sends one row (with OutboundMessage.COLUMNS) as a replay. */
    Uni<Void> send(Row row) {
        return transport.send(OutboundMessage.fromRow(row, sources.addressOf(row.getString("source")), true));
    }
}
