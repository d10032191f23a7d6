package io.hookgate.admin;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.event.EventIds;
import io.hookgate.reactive.SafeContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The replay_jobs table, through Panache. Only the claim of stale jobs is raw SQL: it needs FOR UPDATE SKIP
 * LOCKED, so that replicas claiming at once never take the same job, which HQL cannot say.
 */
@ApplicationScoped
public class ReplayJobStore {

    /** A job taken over from a runner that stopped heart-beating, with where it got to. */
    public record Claimed(UUID id, String filter, int ratePerSecond, Cursor cursor) {
    }

    /** The advisory lock key under which a replica counts the running jobs and adds one (any fixed number). */
    private static final long JOBS_LOCK = 0x686f6f6b67617465L; // "hookgate"

    private static final String WHERE_RUNNING = " where id = :id and state = '" + ReplayJob.RUNNING + "'";

    private final Pool pool;
    private final Vertx vertx;

    public ReplayJobStore(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    /** Stores a new job: RUNNING, or COMPLETED at once when nothing matched. */
    public Uni<ReplayJob> create(String filterJson, long matched, int ratePerSecond, OffsetDateTime now) {
        ReplayJob job = new ReplayJob();
        job.id = EventIds.next();
        job.createdAt = now;
        job.updatedAt = now;
        job.heartbeatAt = now;
        job.state = matched == 0 ? ReplayJob.COMPLETED : ReplayJob.RUNNING;
        job.finishedAt = matched == 0 ? now : null;
        job.filter = filterJson;
        job.ratePerSecond = ratePerSecond;
        job.matched = matched;
        return transaction(() -> job.<ReplayJob> persist());
    }

    /**
     * Stores a new RUNNING job unless maxRunning jobs are RUNNING already; null then. The count and the insert happen
     * under a transaction-scoped advisory lock, so replicas creating jobs at once cannot pass the limit together.
     */
    public Uni<ReplayJob> createIfRoom(String filterJson, long matched, int ratePerSecond, OffsetDateTime now,
            int maxRunning) {
        if (matched == 0) {
            return create(filterJson, matched, ratePerSecond, now); // COMPLETED at once: takes no slot
        }
        ReplayJob job = new ReplayJob();
        job.id = EventIds.next();
        job.createdAt = now;
        job.updatedAt = now;
        job.heartbeatAt = now;
        job.state = ReplayJob.RUNNING;
        job.filter = filterJson;
        job.ratePerSecond = ratePerSecond;
        job.matched = matched;
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(JOBS_LOCK))
                .onItem().transformToUni(locked -> conn.preparedQuery(
                        "SELECT count(*) FROM replay_jobs WHERE state = '" + ReplayJob.RUNNING + "'").execute())
                .onItem().transformToUni(rows -> {
                    if (rows.iterator().next().getLong(0) >= maxRunning) {
                        return Uni.createFrom().<ReplayJob> nullItem();
                    }
                    return conn.preparedQuery("""
                            INSERT INTO replay_jobs (id, created_at, updated_at, heartbeat_at, state, filter, rate_per_second,
                                                     matched)
                            VALUES ($1, $2, $2, $2, 'RUNNING', $3::text::jsonb, $4, $5)""")
                            .execute(Tuple.of(job.id, now, filterJson, ratePerSecond, matched)).replaceWith(job);
                }));
    }

    /** The job, or null. */
    public Uni<ReplayJob> find(UUID id) {
        return SafeContext.run(vertx, () -> Panache.withSession(() -> ReplayJob.<ReplayJob> findById(id)));
    }

    /** Cancels the job if it is running; the runner sees the state before its next page. Returns the job, or null. */
    public Uni<ReplayJob> cancel(UUID id) {
        return finish(id, ReplayJob.CANCELLED, null).onItem().transformToUni(ignored -> find(id));
    }

    public Uni<Boolean> isRunning(UUID id) {
        return find(id).map(job -> job != null && ReplayJob.RUNNING.equals(job.state));
    }

    /**
     * Records one page's progress and the last event it sent, and beats the heart. Whatever the job's state: a page
     * that was being sent when the job was cancelled still counts what it sent.
     */
    public Uni<Void> checkpoint(UUID id, long published, long failed, Cursor last) {
        return transaction(() -> ReplayJob.update("published = published + :published, failed = failed + :failed, "
                + "cursorReceivedAt = :at, cursorId = :last, heartbeatAt = offset_datetime, updatedAt = offset_datetime"
                + " where id = :id", io.quarkus.panache.common.Parameters.with("published", published).and("failed", failed)
                        .and("at", last.receivedAt()).and("last", last.id()).and("id", id)))
                .replaceWithVoid();
    }

    /** Ends a running job: COMPLETED, CANCELLED or FAILED (with the error, cut to 1000 characters). */
    public Uni<Void> finish(UUID id, String state, String error) {
        String lastError = error == null ? null : error.substring(0, Math.min(error.length(), 1000));
        return transaction(() -> ReplayJob.update("state = :state, lastError = coalesce(:error, lastError), "
                + "finishedAt = offset_datetime, updatedAt = offset_datetime" + WHERE_RUNNING,
                io.quarkus.panache.common.Parameters.with("state", state).and("error", lastError).and("id", id)))
                .replaceWithVoid();
    }

    /** Claims the running jobs whose heartbeat is older than staleAfter, counting each resumption. */
    public Uni<List<Claimed>> claimStale(Duration staleAfter) {
        return pool.preparedQuery("""
                UPDATE replay_jobs SET heartbeat_at = now(), resumed = resumed + 1, updated_at = now()
                WHERE id IN (SELECT id FROM replay_jobs
                             WHERE state = 'RUNNING' AND heartbeat_at < now() - $1::bigint * interval '1 millisecond'
                             FOR UPDATE SKIP LOCKED)
                RETURNING id, filter::text AS filter, rate_per_second, cursor_received_at, cursor_id""")
                .execute(Tuple.of(staleAfter.toMillis()))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        Cursor cursor = row.getUUID("cursor_id") == null ? null
                                : new Cursor(row.getOffsetDateTime("cursor_received_at"), row.getUUID("cursor_id"));
                        claimed.add(new Claimed(row.getUUID("id"), row.getString("filter"),
                                row.getInteger("rate_per_second"), cursor));
                    }
                    return claimed;
                });
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private <T> Uni<T> transaction(java.util.function.Supplier<Uni<T>> work) {
        return SafeContext.run(vertx, () -> Panache.withTransaction(work));
    }
}
