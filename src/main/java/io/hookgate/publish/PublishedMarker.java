package io.hookgate.publish;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.batch.GroupCommit;
import io.hookgate.batch.GroupCommit.Item;
import io.hookgate.config.HookgateConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Marks accepted events PUBLISHED, many per statement (GroupCommit, one in flight, at most one statement per
 * {@code mark-delay} under load): every statement is a commit, and at a few thousand events a second small marks
 * cost PostgreSQL as much as the inserts did. published_at is the moment the broker accepted, not the moment of
 * the mark. The outbox row goes in the same statement; an event whose outbox row is already gone (another replica
 * or the relay got there first) is left alone, so published_at and publish_attempts record the first acceptance.
 * A mark lost to a crash only means a second publish by the relay (at-least-once). Raw reactive client: one
 * array-bound DELETE ... UPDATE per batch.
 */
@ApplicationScoped
public class PublishedMarker {

    private static final int MAX_BATCH = 1000;
    private static final String MARK = """
            WITH done AS (
                DELETE FROM outbox o USING unnest($1::uuid[], $2::timestamptz[]) AS m(id, at)
                WHERE o.event_id = m.id RETURNING o.event_id, m.at)
            UPDATE events SET status = 'PUBLISHED', published_at = done.at, last_error = NULL,
                   publish_attempts = publish_attempts + 1
            FROM done WHERE events.id = done.event_id""";

    private record Mark(UUID id, OffsetDateTime acceptedAt) {
    }

    private final Pool pool;
    private final GroupCommit<Mark, Void> batches;

    public PublishedMarker(Pool pool, Vertx vertx, HookgateConfig config) {
        this.pool = pool;
        // Nobody waits for a mark (the relay's rows stay leased meanwhile), so no queue bound beyond memory: a mark
        // is 40 bytes.
        this.batches = new GroupCommit<>(vertx, new GroupCommit.Settings("published mark", MAX_BATCH, 1,
                config.publish().markDelay(), Integer.MAX_VALUE), this::mark, (size, nanos) -> {
                });
    }

    /** Completes once the mark is committed; {@code acceptedAt} becomes published_at. */
    public Uni<Void> markPublished(UUID id, Instant acceptedAt) {
        return batches.submit(new Mark(id, OffsetDateTime.ofInstant(acceptedAt, ZoneOffset.UTC)));
    }

    private Uni<Void> mark(List<Item<Mark, Void>> batch) {
        UUID[] ids = new UUID[batch.size()];
        OffsetDateTime[] at = new OffsetDateTime[batch.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.get(i).value().id();
            at[i] = batch.get(i).value().acceptedAt();
        }
        return pool.preparedQuery(MARK).execute(Tuple.of(ids, at))
                .invoke(() -> batch.forEach(item -> item.complete(null)))
                .replaceWithVoid();
    }
}
