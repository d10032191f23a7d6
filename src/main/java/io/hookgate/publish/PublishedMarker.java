package io.hookgate.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Marks accepted events PUBLISHED, many per statement: at a few thousand events a second, one UPDATE per
 * event would cost as many round trips as the inserts themselves. The outbox row goes in the same statement;
 * an event whose outbox row is already gone (another replica or the relay got there first) is left alone,
 * so published_at and publish_attempts record the first acceptance.
 */
@ApplicationScoped
public class PublishedMarker {

    private static final int MAX_BATCH = 1000;
    private static final String MARK = """
            WITH done AS (DELETE FROM outbox WHERE event_id = ANY($1::uuid[]) RETURNING event_id)
            UPDATE events SET status = 'PUBLISHED', published_at = now(), last_error = NULL,
                   publish_attempts = publish_attempts + 1
            FROM done WHERE events.id = done.event_id""";

    private record Mark(UUID id, CompletableFuture<Void> done) {
    }

    private final Pool pool;
    private final ConcurrentLinkedQueue<Mark> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();

    public PublishedMarker(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> markPublished(UUID id) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Mark(id, done));
        flush();
        return Uni.createFrom().completionStage(done);
    }

    private void flush() {
        if (queue.isEmpty() || !flushing.compareAndSet(false, true)) {
            return;
        }
        List<Mark> batch = new ArrayList<>();
        Mark next;
        while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
            batch.add(next);
        }
        UUID[] ids = batch.stream().map(Mark::id).toArray(UUID[]::new);
        pool.preparedQuery(MARK).execute(Tuple.of(ids)).subscribe().with(
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
        flushing.set(false);
        flush();
    }
}
