package io.hookgate.retention;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Purges rejections, finished replay jobs, finished reconcile runs and duplicate counts older than
 * hookgate.retention.max-age, in bounded batches: small tables that do not grow with traffic. Events and their
 * deliveries are not deleted here: their partitions are dropped whole (storage/PartitionMaintenance). SKIP LOCKED lets
 * several replicas run it at once without waiting on, or double-deleting, rows. Raw SQL, not Panache: a bounded DELETE
 * over FOR UPDATE SKIP LOCKED is what lets replicas share the work, and HQL cannot say it.
 */
@ApplicationScoped
public class RetentionJob {

    private static final String[] PURGES = {
            """
            DELETE FROM rejections WHERE id IN (
                SELECT id FROM rejections WHERE received_at < now() - $1::bigint * interval '1 millisecond'
                LIMIT $2 FOR UPDATE SKIP LOCKED)""",
            """
            DELETE FROM replay_jobs WHERE id IN (
                SELECT id FROM replay_jobs WHERE created_at < now() - $1::bigint * interval '1 millisecond'
                  AND state <> 'RUNNING' LIMIT $2 FOR UPDATE SKIP LOCKED)""",
            """
            DELETE FROM reconciliations WHERE id IN (
                SELECT id FROM reconciliations WHERE started_at < now() - $1::bigint * interval '1 millisecond'
                  AND state <> 'RUNNING' LIMIT $2 FOR UPDATE SKIP LOCKED)""",
            """
            DELETE FROM duplicate_counts WHERE (source, hour) IN (
                SELECT source, hour FROM duplicate_counts WHERE hour < now() - $1::bigint * interval '1 millisecond'
                LIMIT $2 FOR UPDATE SKIP LOCKED)""" };

    private final Pool pool;
    private final HookgateConfig.Retention config;

    public RetentionJob(Pool pool, HookgateConfig config) {
        this.pool = pool;
        this.config = config.retention();
    }

    @Scheduled(every = "${hookgate.retention.interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge().invoke(n -> {
            if (n > 0) {
                Log.infof("retention: purged %d rows older than %s", n, config.maxAge());
            }
        }).replaceWithVoid().onFailure().recoverWithNull();
    }

    /** Runs every purge until a batch comes back short; returns the rows deleted. */
    public Uni<Long> purge() {
        Uni<Long> total = Uni.createFrom().item(0L);
        for (String sql : PURGES) {
            total = total.onItem().transformToUni(sum -> drain(sql, sum));
        }
        return total;
    }

    private Uni<Long> drain(String sql, long sum) {
        return pool.preparedQuery(sql).execute(Tuple.of(config.maxAge().toMillis(), config.batchSize()))
                .onItem().transformToUni(rows -> rows.rowCount() < config.batchSize()
                        ? Uni.createFrom().item(sum + rows.rowCount())
                        : drain(sql, sum + rows.rowCount()));
    }
}
