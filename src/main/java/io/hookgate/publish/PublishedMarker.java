package io.hookgate.publish;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Marks accepted events PUBLISHED, many per statement, at most one statement per {@code mark-delay}: every
 * statement is a commit, and at a few thousand events a second small marks cost PostgreSQL as much as the
 * inserts did. published_at is the moment the broker accepted, not the moment of the mark. The outbox row
 * goes in the same statement; an event whose outbox row is already gone (another replica or the relay got
 * there first) is left alone, so published_at and publish_attempts record the first acceptance. A mark lost
 * to a crash only means a second publish by the relay (at-least-once).
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

    private record Mark(UUID id, OffsetDateTime acceptedAt, CompletableFuture<Void> done) {
    }

    private final Pool pool;
    private final Vertx vertx;
    private final long delayMillis;
    private final ConcurrentLinkedQueue<Mark> queue = new ConcurrentLinkedQueue<>();
    /** Set while a flush is scheduled or running: only one at a time. */
    private final AtomicBoolean busy = new AtomicBoolean();

    public PublishedMarker(Pool pool, Vertx vertx, HookgateConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.delayMillis = config.publish().markDelay().toMillis();
    }

    /** Completes once the mark is committed; {@code acceptedAt} becomes published_at. */
    public Uni<Void> markPublished(UUID id, Instant acceptedAt) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Mark(id, OffsetDateTime.ofInstant(acceptedAt, ZoneOffset.UTC), done));
        schedule();
        return Uni.createFrom().completionStage(done);
    }

    private void schedule() {
        if (queue.isEmpty() || !busy.compareAndSet(false, true)) {
            return;
        }
        if (delayMillis <= 0) {
            flush();
        } else {
            vertx.setTimer(delayMillis, t -> flush());
        }
    }

    // Never empty: schedule() only starts a flush when the queue has marks, and only a flush takes them out.
    private void flush() {
        List<Mark> batch = new ArrayList<>();
        Mark next;
        while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
            batch.add(next);
        }
        UUID[] ids = new UUID[batch.size()];
        OffsetDateTime[] at = new OffsetDateTime[batch.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.get(i).id();
            at[i] = batch.get(i).acceptedAt();
        }
        pool.preparedQuery(MARK).execute(Tuple.of(ids, at)).subscribe().with(
                ok -> done(batch, null),
                failure -> done(batch, failure));
    }

    private void done(List<Mark> batch, Throwable failure) {
        for (Mark m : batch) {
            if (failure == null) {
                m.done().complete(null);
            } else {
                m.done().completeExceptionally(failure);
            }
        }
        busy.set(false);
        schedule();
    }
}
