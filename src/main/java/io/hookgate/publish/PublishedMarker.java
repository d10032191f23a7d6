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
 * Marks accepted deliveries PUBLISHED, many per statement (GroupCommit, one in flight, at most one statement per
 * {@code mark-delay} under load): every statement is a commit, and at a few thousand events a second small marks
 * cost PostgreSQL as much as the inserts did. delivered_at is the moment the broker accepted, not the moment of the
 * mark. A delivery already PUBLISHED (another replica or the relay got there first) is left alone, so delivered_at
 * and attempts record the first acceptance. The event row is never touched (V8: events are written once). A mark
 * lost to a crash only means a second publish by the relay (at-least-once). Raw reactive client: one array-bound
 * UPDATE per batch, bounded by the batch's received_at range so that only the partitions it spans are planned.
 */
@ApplicationScoped
public class PublishedMarker {

    private static final int MAX_BATCH = 1000;
    private static final String MARK = """
            UPDATE deliveries d SET state = 'PUBLISHED', delivered_at = m.at, last_error = NULL, next_attempt_at = NULL,
                   attempts = d.attempts + 1
            FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $6::text[]) AS m(id, received_at, at, destination)
            WHERE d.received_at = m.received_at AND d.event_id = m.id AND d.destination = m.destination
              AND d.state = 'PENDING' AND d.received_at BETWEEN $4 AND $5""";

    private record Mark(UUID id, OffsetDateTime receivedAt, OffsetDateTime acceptedAt, String destination) {
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

    /** Completes once the mark is committed; {@code acceptedAt} becomes delivered_at. */
    public Uni<Void> markPublished(UUID id, OffsetDateTime receivedAt, Instant acceptedAt, String destination) {
        return batches.submit(new Mark(id, receivedAt, OffsetDateTime.ofInstant(acceptedAt, ZoneOffset.UTC), destination));
    }

    private Uni<Void> mark(List<Item<Mark, Void>> batch) {
        UUID[] ids = new UUID[batch.size()];
        OffsetDateTime[] received = new OffsetDateTime[batch.size()];
        OffsetDateTime[] at = new OffsetDateTime[batch.size()];
        String[] destinations = new String[batch.size()];
        OffsetDateTime first = null;
        OffsetDateTime last = null;
        for (int i = 0; i < ids.length; i++) {
            Mark mark = batch.get(i).value();
            ids[i] = mark.id();
            received[i] = mark.receivedAt();
            at[i] = mark.acceptedAt();
            destinations[i] = mark.destination();
            first = first == null || mark.receivedAt().isBefore(first) ? mark.receivedAt() : first;
            last = last == null || mark.receivedAt().isAfter(last) ? mark.receivedAt() : last;
        }
        return pool.preparedQuery(MARK).execute(Tuple.tuple(List.of(ids, received, at, first, last, destinations)))
                .invoke(() -> batch.forEach(item -> item.complete(null)))
                .replaceWithVoid();
    }
}
