package io.hookgate.reject;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
import io.hookgate.event.EventIds;
import io.hookgate.metrics.HookgateMetrics;
import io.hookgate.reactive.SafeContext;
import io.hookgate.request.HeaderRedactor;
import io.hookgate.request.RejectionReason;
import io.hookgate.request.StorableText;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Makes every rejection visible three ways: a metric, one log line, and a stored record. Records are
 * bounded twice over so a flood of forged requests cannot fill the disk: a per-second write budget
 * (the overflow is still counted and logged) and a row cap enforced by a periodic prune.
 */
@ApplicationScoped
public class RejectionRecorder {

    private static final int MAX_SOURCE_LENGTH = 100;
    private static final String PRUNE = """
            DELETE FROM rejections WHERE id IN (
                SELECT id FROM rejections ORDER BY received_at DESC, id DESC OFFSET $1 LIMIT 10000)""";

    private final HookgateMetrics metrics;
    private final Pool pool;
    private final Vertx vertx;
    private final HookgateConfig.Rejections config;
    private final AtomicLong windowSecond = new AtomicLong();
    private final AtomicInteger writtenInWindow = new AtomicInteger();

    public RejectionRecorder(HookgateMetrics metrics, Pool pool, Vertx vertx, HookgateConfig config) {
        this.metrics = metrics;
        this.pool = pool;
        this.vertx = vertx;
        this.config = config.rejections();
    }

    /** Counts, logs and (within the write budget) stores one rejection. */
    public void record(RejectedRequest rejected) {
        RejectionReason reason = rejected.reason();
        metrics.rejected(rejected.metricSource(), reason, Duration.between(rejected.startedAt(), Instant.now()));
        String source = StorableText.of(truncate(rejected.requestedSource(), MAX_SOURCE_LENGTH));
        Log.warnf("rejected webhook: source=%s reason=%s status=%d remote=%s detail=\"%s\"", source, reason.code(),
                reason.status(), rejected.remoteAddress(), rejected.detail());
        if (!takeWriteBudget()) {
            metrics.rejectionRecordDropped();
            return;
        }
        Rejection r = new Rejection();
        r.id = EventIds.next();
        r.source = source;
        r.receivedAt = OffsetDateTime.ofInstant(rejected.startedAt(), ZoneOffset.UTC);
        r.reason = reason.code();
        r.detail = StorableText.of(rejected.detail());
        r.remoteAddress = StorableText.of(rejected.remoteAddress());
        r.headers = HeaderRedactor.toJson(rejected.headers(), rejected.secretHeaders());
        byte[] body = rejected.body();
        r.bodyExcerpt = Arrays.copyOf(body, (int) Math.min(body.length, config.bodyExcerpt().asLongValue()));
        r.bodySize = rejected.bodySize();
        // Reported from the request's context, or off any context (the ingest timeout's timer when PostgreSQL is
        // slow): SafeContext gives Hibernate Reactive the context it needs either way.
        SafeContext.run(vertx, () -> Panache.withTransaction(r::persist)).subscribe().with(
                ok -> {
                },
                f -> Log.warnf("could not store the %s rejection record for source %s: %s", r.reason, r.source,
                        f.getMessage()));
    }

    private boolean takeWriteBudget() {
        long now = System.currentTimeMillis() / 1000;
        long window = windowSecond.get();
        if (window != now && windowSecond.compareAndSet(window, now)) {
            writtenInWindow.set(0);
        }
        return writtenInWindow.incrementAndGet() <= config.maxPerSecond();
    }

    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return pool.preparedQuery(PRUNE).execute(Tuple.of(config.maxRows()))
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        Log.infof("pruned %d rejection records beyond the cap of %d", rows.rowCount(), config.maxRows());
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
