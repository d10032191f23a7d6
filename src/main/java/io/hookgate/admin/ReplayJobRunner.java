package io.hookgate.admin;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.publish.OutboundMessage;
import io.hookgate.reactive.SafeContext;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runs one bulk replay: walks its frozen match set oldest first by keyset, one page of {@code rate} events per
 * second at most, and checkpoints after every page, so a job taken over by another replica resumes where this one
 * stopped (at most one page is sent twice). It stops when the job is no longer RUNNING (cancelled). The page query
 * is raw SQL over the events table, like the other event reads (EventQueries).
 */
@ApplicationScoped
public class ReplayJobRunner {

    private final Pool pool;
    private final ReplayService replays;
    private final ReplayJobStore store;
    private final Vertx vertx;

    public ReplayJobRunner(Pool pool, ReplayService replays, ReplayJobStore store, Vertx vertx) {
        this.pool = pool;
        this.replays = replays;
        this.store = store;
        this.vertx = vertx;
    }

    /** Starts (or resumes after {@code cursor}) the job in the background; a failure marks it FAILED. */
    public void start(UUID id, EventFilter filter, Cursor cursor, int rate) {
        SafeContext.detach(vertx, () -> page(id, filter, cursor, rate).subscribe().with(
                ignored -> {
                },
                failure -> fail(id, String.valueOf(failure.getMessage()))));
    }

    void fail(UUID id, String error) {
        Log.warnf("replay job %s failed: %s", id, error);
        store.finish(id, ReplayJob.FAILED, error).subscribe().with(x -> {
        }, x -> Log.warnf("could not mark replay job %s FAILED: %s", id, x.getMessage()));
    }

    private Uni<Void> page(UUID id, EventFilter filter, Cursor cursor, int rate) {
        long started = System.nanoTime();
        return store.isRunning(id).onItem().transformToUni(running -> {
            if (!running) {
                return Uni.createFrom().voidItem(); // cancelled (or deleted): stop here
            }
            Where where = filter.where();
            if (cursor != null) {
                where.andAll("(e.received_at, e.id) > (?, ?)", cursor.receivedAt(), cursor.id());
            }
            String sql = "SELECT " + OutboundMessage.COLUMNS + " FROM events e" + where.sql()
                    + " ORDER BY e.received_at, e.id LIMIT " + where.param(rate);
            return pool.preparedQuery(sql).execute(where.tuple()).onItem().transformToUni(rows -> {
                if (rows.size() == 0) {
                    return store.finish(id, ReplayJob.COMPLETED, null);
                }
                return sendPage(id, rows).onItem().transformToUni(next -> {
                    long spent = (System.nanoTime() - started) / 1_000_000;
                    Uni<Void> pause = Uni.createFrom().voidItem();
                    if (spent < 1000) {
                        pause = pause.onItem().delayIt().by(Duration.ofMillis(1000 - spent));
                    }
                    return pause.onItem().transformToUni(x -> page(id, filter, next, rate));
                });
            });
        });
    }

    /** Sends the page, counts its replays on the events, and checkpoints; returns the last event's cursor. */
    private Uni<Cursor> sendPage(UUID id, RowSet<Row> rows) {
        List<Uni<Boolean>> sends = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        List<OffsetDateTime> received = new ArrayList<>();
        Cursor last = null;
        for (Row row : rows) {
            ids.add(row.getUUID("id"));
            received.add(row.getOffsetDateTime("received_at"));
            sends.add(replays.send(row).replaceWith(Boolean.TRUE).onFailure().recoverWithItem(Boolean.FALSE));
            last = new Cursor(row.getOffsetDateTime("received_at"), row.getUUID("id"));
        }
        Cursor next = last;
        return Uni.join().all(sends).andFailFast().onItem().transformToUni(results -> {
            List<UUID> ok = new ArrayList<>();
            List<OffsetDateTime> okReceived = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i)) {
                    ok.add(ids.get(i));
                    okReceived.add(received.get(i));
                }
            }
            long failed = results.size() - ok.size();
            return pool.preparedQuery(ReplayService.COUNT_REPLAYS)
                    .execute(Tuple.of(ok.toArray(UUID[]::new), okReceived.toArray(OffsetDateTime[]::new)))
                    .onItem().transformToUni(x -> store.checkpoint(id, ok.size(), failed, next))
                    .replaceWith(next);
        });
    }
}
