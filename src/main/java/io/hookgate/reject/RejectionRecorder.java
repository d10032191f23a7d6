package io.hookgate.reject;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
import io.hookgate.event.EventIds;
import io.hookgate.metrics.HookgateMetrics;
import io.hookgate.request.HeaderRedactor;
import io.hookgate.request.RejectionReason;
import io.hookgate.request.RequestHeaders;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
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

    /**
     * @param metricSource the source tag: the configured name, or HookgateMetrics.UNKNOWN_SOURCE
     * @param requestedSource the path segment as requested (stored, truncated)
     * @param body the body bytes read so far (may be a prefix, or empty)
     */
    public void record(String metricSource, String requestedSource, RejectionReason reason, String detail,
            String remoteAddress, RequestHeaders headers, Set<String> secretHeaders, byte[] body, long bodySize,
            Instant startedAt) {
        metrics.rejected(metricSource, reason, Duration.between(startedAt, Instant.now()));
        String source = truncate(requestedSource, MAX_SOURCE_LENGTH);
        Log.warnf("rejected webhook: source=%s reason=%s status=%d remote=%s detail=\"%s\"", source, reason.code(),
                reason.status(), remoteAddress, detail);
        if (!takeWriteBudget()) {
            metrics.rejectionRecordDropped();
            return;
        }
        Rejection r = new Rejection();
        r.id = EventIds.next();
        r.source = source;
        r.receivedAt = OffsetDateTime.ofInstant(startedAt, ZoneOffset.UTC);
        r.reason = reason.code();
        r.detail = detail;
        r.remoteAddress = remoteAddress;
        r.headers = HeaderRedactor.toJson(headers, secretHeaders);
        int excerpt = (int) Math.min(body.length, config.bodyExcerpt().asLongValue());
        r.bodyExcerpt = Arrays.copyOf(body, excerpt);
        r.bodySize = bodySize;
        Context current = Vertx.currentContext();
        if (current != null && VertxContext.isDuplicatedContext(current)) {
            persist(r);
        } else {
            // Called off the request's context, e.g. from the ingest timeout's timer thread when PostgreSQL is slow:
            // Hibernate Reactive needs a duplicated Vert.x context of its own, or the record is silently lost.
            VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext()).runOnContext(v -> {
                VertxContextSafetyToggle.setCurrentContextSafe(true); // a fresh context, shared with nothing else
                persist(r);
            });
        }
    }

    private void persist(Rejection r) {
        Panache.withTransaction(r::persist).subscribe().with(
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
