package io.hookgate.reconcile;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.event.EventIds;
import io.hookgate.reactive.SafeContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The reconciliations table. Reads and updates go through Panache. Starting a run and taking over a stale one are
 * raw SQL: the lease is the partial unique index on RUNNING runs (INSERT ... ON CONFLICT DO NOTHING) and the
 * take-over needs FOR UPDATE SKIP LOCKED, neither of which HQL can say.
 */
@ApplicationScoped
public class ReconcileRuns {

    private static final String COLUMNS = "id, source, provider, trigger, since, until, dry_run, state, started_at";

    // The run, unless one is RUNNING for the source (the partial unique index) or, for a scheduled run, one that was
    // not a dry run started within the interval: then nothing, and no error.
    private static final String START = """
            INSERT INTO reconciliations (id, source, provider, trigger, since, until, dry_run, state, started_at, heartbeat_at)
            SELECT $1, $2, $3, $4, $5, $6, $7, 'RUNNING', now(), now()
            WHERE $8::bigint IS NULL OR NOT EXISTS (
                SELECT 1 FROM reconciliations WHERE source = $2 AND NOT dry_run
                  AND started_at > now() - $8::bigint * interval '1 millisecond')
            ON CONFLICT (source) WHERE state = 'RUNNING' DO NOTHING
            RETURNING\s""" + COLUMNS;

    private static final String CLAIM_STALE = """
            UPDATE reconciliations SET heartbeat_at = now(), taken_over = taken_over + 1, pages = 0, found = 0,
                   missing = 0, stored = 0, redeliveries_requested = 0
            WHERE id IN (SELECT id FROM reconciliations
                         WHERE state = 'RUNNING' AND heartbeat_at < now() - $1::bigint * interval '1 millisecond'
                         FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + COLUMNS;

    private final Pool pool;
    private final Vertx vertx;

    public ReconcileRuns(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    /** A run to execute: its row as started or taken over. */
    record Started(UUID id, String source, String provider, String trigger, OffsetDateTime since, OffsetDateTime until,
            boolean dryRun) {
    }

    /**
     * Starts a run. A manual run (notWithin null) fails with AlreadyRunningException while one is RUNNING; a scheduled
     * one answers null then, or when a run of the source started within notWithin.
     */
    Uni<Started> start(ReconcileTarget target, String trigger, OffsetDateTime since, OffsetDateTime until,
            boolean dryRun, Duration notWithin) {
        Tuple params = Tuple.tuple(List.of(EventIds.next(), target.name(), target.provider().code(), trigger, since,
                until, dryRun)).addLong(notWithin == null ? null : notWithin.toMillis());
        return pool.preparedQuery(START).execute(params).onItem().transformToUni(rows -> {
            if (rows.iterator().hasNext()) {
                return Uni.createFrom().item(started(rows.iterator().next()));
            }
            if (notWithin != null) {
                return Uni.createFrom().nullItem();
            }
            return running(target.name()).onItem().transformToUni(running -> running == null
                    ? start(target, trigger, since, until, dryRun, null) // it finished meanwhile: try again
                    : Uni.createFrom().failure(new AlreadyRunningException(target.name(), running)));
        });
    }

    /** Takes over the RUNNING runs whose heartbeat is older than staleAfter; their counters start again. */
    Uni<List<Started>> claimStale(Duration staleAfter) {
        return pool.preparedQuery(CLAIM_STALE).execute(Tuple.of(staleAfter.toMillis())).map(rows -> {
            List<Started> runs = new ArrayList<>();
            for (Row row : rows) {
                runs.add(started(row));
            }
            return runs;
        });
    }

    /** The counters so far, and the heartbeat that keeps other replicas from taking the run over. */
    Uni<Void> heartbeat(UUID id, Progress p) {
        return update("pages = :pages, found = :found, missing = :missing, stored = :stored, "
                + "redeliveriesRequested = :redeliveries, heartbeatAt = offset_datetime where id = :id and state = 'RUNNING'",
                counters(id, p));
    }

    Uni<Void> finish(UUID id, Progress p, String state, String error) {
        return update("pages = :pages, found = :found, missing = :missing, stored = :stored, "
                + "redeliveriesRequested = :redeliveries, state = :state, error = :error, finishedAt = offset_datetime, "
                + "heartbeatAt = offset_datetime where id = :id and state = 'RUNNING'",
                counters(id, p).and("state", state).and("error", error == null ? null
                        : error.substring(0, Math.min(error.length(), 2000))));
    }

    public Uni<Reconciliation> find(UUID id) {
        return SafeContext.run(vertx, () -> Panache.withSession(() -> Reconciliation.<Reconciliation> findById(id)));
    }

    /** The newest runs, of one source or of all. */
    public Uni<List<Reconciliation>> list(String source, int limit) {
        Sort newest = Sort.descending("startedAt", "id");
        return SafeContext.run(vertx, () -> Panache.withSession(() -> (source == null
                ? Reconciliation.<Reconciliation> findAll(newest)
                : Reconciliation.<Reconciliation> find("source", newest, source)).page(0, limit).list()));
    }

    /** The id of the source's RUNNING run, or null. */
    Uni<UUID> running(String source) {
        return pool.preparedQuery("SELECT id FROM reconciliations WHERE source = $1 AND state = 'RUNNING'")
                .execute(Tuple.of(source))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID(0) : null);
    }

    /** Per source, when its last successful run finished. */
    Uni<Map<String, OffsetDateTime>> lastSuccesses() {
        return pool.preparedQuery("""
                SELECT source, max(finished_at) FROM reconciliations WHERE state = 'SUCCEEDED' AND NOT dry_run
                GROUP BY source""")
                .execute().map(rows -> {
                    Map<String, OffsetDateTime> last = new HashMap<>();
                    for (Row row : rows) {
                        last.put(row.getString(0), row.getOffsetDateTime(1));
                    }
                    return last;
                });
    }

    private Uni<Void> update(String hql, Parameters params) {
        return SafeContext.run(vertx, () -> Panache.withTransaction(() -> Reconciliation.update(hql, params)))
                .replaceWithVoid();
    }

    private static Parameters counters(UUID id, Progress p) {
        return Parameters.with("pages", p.pages.get()).and("found", p.found.get()).and("missing", p.missing.get())
                .and("stored", p.stored.get()).and("redeliveries", p.redeliveriesRequested.get()).and("id", id);
    }

    private static Started started(Row row) {
        return new Started(row.getUUID("id"), row.getString("source"), row.getString("provider"),
                row.getString("trigger"), row.getOffsetDateTime("since"), row.getOffsetDateTime("until"),
                row.getBoolean("dry_run"));
    }
}
