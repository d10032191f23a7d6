package io.hookgate.reject;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
import io.hookgate.event.EventIds;
import io.hookgate.metrics.HookgateMetrics;
import io.hookgate.request.HeaderRedactor;
import io.hookgate.request.RejectionReason;
import io.hookgate.request.StorableText;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Makes every rejection visible three ways: a metric, one log line (rate-limited: {@link RejectionLog}), and a
 * stored record. Records are
 * bounded twice over so a flood of forged requests cannot fill the disk: a per-second write budget per replica
 * (the overflow is still counted and logged) and a row cap for the whole cluster: the table is a ring of max-rows
 * slots, each record written to slot nextval('rejection_slots') % max-rows over whatever was there, so however many
 * replicas write, it never holds more than max-rows rows. A periodic prune only removes slots past max-rows (left
 * by a larger max-rows before).
 */
@ApplicationScoped
public class RejectionRecorder {

    private static final int MAX_SOURCE_LENGTH = 100;
    private static final String WRITE = """
            INSERT INTO rejections (slot, id, source, received_at, reason, detail, remote_address, headers, body_excerpt,
                                    body_size)
            VALUES (nextval('rejection_slots') % $1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10)
            ON CONFLICT (slot) DO UPDATE SET id = EXCLUDED.id, source = EXCLUDED.source, received_at = EXCLUDED.received_at,
                reason = EXCLUDED.reason, detail = EXCLUDED.detail, remote_address = EXCLUDED.remote_address,
                headers = EXCLUDED.headers, body_excerpt = EXCLUDED.body_excerpt, body_size = EXCLUDED.body_size""";
    private static final String PRUNE = "DELETE FROM rejections WHERE slot >= $1";

    private final HookgateMetrics metrics;
    private final Pool pool;
    private final HookgateConfig.Rejections config;
    private final RejectionLog log;
    private final PerSecondBudget writes;
    private final AtomicLong stored = new AtomicLong();

    public RejectionRecorder(HookgateMetrics metrics, Pool pool, HookgateConfig config, RejectionLog log) {
        this.metrics = metrics;
        this.log = log;
        this.pool = pool;
        this.config = config.rejections();
        this.writes = new PerSecondBudget(this.config.maxPerSecond());
    }

    /** Counts, logs and (within the write budget) stores one rejection. */
    public void record(RejectedRequest rejected) {
        RejectionReason reason = rejected.reason();
        metrics.rejected(rejected.metricSource(), reason, Duration.between(rejected.startedAt(), Instant.now()));
        String source = StorableText.of(truncate(rejected.requestedSource(), MAX_SOURCE_LENGTH));
        log.rejected(source, reason.code(), reason.status(), rejected.remoteAddress(), rejected.detail());
        if (!writes.take()) {
            metrics.rejectionRecordDropped();
            return;
        }
        byte[] body = rejected.body();
        Tuple row = Tuple.tuple()
                .addLong(config.maxRows())
                .addUUID(EventIds.next())
                .addString(source)
                .addOffsetDateTime(OffsetDateTime.ofInstant(rejected.startedAt(), ZoneOffset.UTC))
                .addString(reason.code())
                .addString(StorableText.of(rejected.detail()))
                .addString(StorableText.of(rejected.remoteAddress()))
                .addString(HeaderRedactor.toJson(rejected.headers(), rejected.secretHeaders()))
                .addValue(Buffer.buffer(Arrays.copyOf(body, (int) Math.min(body.length, config.bodyExcerpt().asLongValue()))))
                .addLong(rejected.bodySize());
        // A plain SQL client call: it runs from the request's context or off any context (the ingest timeout's timer).
        pool.preparedQuery(WRITE).execute(row).subscribe().with(
                ok -> stored.incrementAndGet(),
                f -> Log.warnf("could not store the %s rejection record for source %s: %s", reason.code(), source,
                        f.getMessage()));
    }

    /** Records this instance has written so far (tests wait for their writes with it). */
    long stored() {
        return stored.get();
    }

    /** Removes the slots at or past max-rows: records of a larger max-rows, or from before the ring. */
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return pool.preparedQuery(PRUNE).execute(Tuple.of(config.maxRows()))
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        Log.infof("pruned %d rejection records in slots past the cap of %d", rows.rowCount(), config.maxRows());
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
