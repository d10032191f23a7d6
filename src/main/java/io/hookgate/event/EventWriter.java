package io.hookgate.event;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
import io.hookgate.metrics.HookgateMetrics;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Group commit for the ingest hot path. Concurrent requests queue here and are written together: one
 * multi-row INSERT (one round trip, one WAL flush) per batch. A batch leaves when it is full, or when the
 * previous batch left at least {@code batch-linger} ago, or when its oldest request has waited that long. So
 * after a quiet spell a lone request leaves at once, and under load batches leave about once per linger: at
 * moderate rates that turns one commit per request into one per several, and commits are most of what the
 * database and this process spend per event. max-concurrent-batches still bounds the batches in flight.
 */
@ApplicationScoped
public class EventWriter {

    // Arrays in, one statement: the events and their outbox rows. ORDER BY ordinality keeps the lock order that
    // the Java side sorted, so two concurrent batches touching the same keys cannot deadlock.
    private static final String INSERT = """
            WITH inserted AS (
                INSERT INTO events (id, source, dedup_key, event_type, received_at, content_type, headers, payload)
                SELECT t.id, t.source, t.dedup_key, t.event_type, t.received_at, t.content_type, t.headers::jsonb, t.payload
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::bytea[])
                     WITH ORDINALITY AS t(id, source, dedup_key, event_type, received_at, content_type, headers, payload, ord)
                ORDER BY t.ord
                ON CONFLICT (source, dedup_key) DO NOTHING
                RETURNING id)
            INSERT INTO outbox (event_id, next_attempt_at)
            SELECT id, now() + $9::bigint * interval '1 millisecond' FROM inserted
            RETURNING event_id""";

    private static final String FIND_EXISTING = """
            SELECT e.id, e.source, e.dedup_key FROM events e
            JOIN unnest($1::text[], $2::text[]) AS k(source, dedup_key)
              ON e.source = k.source AND e.dedup_key = k.dedup_key""";

    private record Pending(NewEvent event, CompletableFuture<StoreResult> result, long queuedAt) {
    }

    private final Pool pool;
    private final Vertx vertx;
    private final HookgateMetrics metrics;
    private final HookgateConfig.Ingest config;
    private final long relayGraceMillis;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Set while a linger timer is pending: one is enough, it calls drain(). */
    private final AtomicBoolean lingerTimer = new AtomicBoolean();
    private final long lingerNanos;
    private volatile long lastDispatch = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    public EventWriter(Pool pool, Vertx vertx, HookgateMetrics metrics, HookgateConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.metrics = metrics;
        this.config = config.ingest();
        this.lingerNanos = config.ingest().batchLinger().toNanos();
        this.relayGraceMillis = config.publish().relayGrace().toMillis();
    }

    /** Completes once the event is committed (or found committed already); fails with StorageUnavailableException. */
    public Uni<StoreResult> store(NewEvent event) {
        if (queued.get() >= config.maxQueued()) {
            return Uni.createFrom().failure(new StorageUnavailableException("ingest queue full", null));
        }
        CompletableFuture<StoreResult> result = new CompletableFuture<>();
        queued.incrementAndGet();
        queue.add(new Pending(event, result, System.nanoTime()));
        drain();
        return Uni.createFrom().completionStage(result)
                .ifNoItem().after(config.dbTimeout())
                .failWith(() -> new StorageUnavailableException("database did not commit within " + config.dbTimeout(), null))
                .onFailure(f -> !(f instanceof StorageUnavailableException))
                .transform(f -> new StorageUnavailableException("database unavailable", f));
    }

    /** Requests waiting for a batch slot; exported as a gauge. */
    public int queued() {
        return queued.get();
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int slots = inFlight.get();
            if (slots >= config.maxConcurrentBatches()) {
                return; // a finishing batch calls drain() again
            }
            if (lingering()) {
                return; // the linger timer calls drain() again
            }
            if (!inFlight.compareAndSet(slots, slots + 1)) {
                continue;
            }
            lastDispatch = System.nanoTime();
            List<Pending> batch = new ArrayList<>();
            Pending next;
            while (batch.size() < config.batchSize() && (next = queue.poll()) != null) {
                batch.add(next);
            }
            queued.addAndGet(-batch.size());
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            metrics.insertBatch(batch.size());
            write(batch).subscribe().with(
                    ignored -> finish(),
                    failure -> {
                        Log.warnf("event batch of %d failed: %s", batch.size(), failure.toString());
                        batch.forEach(p -> p.result().completeExceptionally(failure));
                        finish();
                    });
        }
    }

    /**
     * True when the next batch should wait: it is not full, the last batch left less than a linger ago, and its
     * oldest request has not waited a linger yet. After a quiet spell a request leaves at once.
     */
    private boolean lingering() {
        Pending oldest = queue.peek();
        if (lingerNanos <= 0 || oldest == null || queued.get() >= config.batchSize()) {
            return false;
        }
        long left = Math.min(lastDispatch, oldest.queuedAt()) + lingerNanos - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        if (lingerTimer.compareAndSet(false, true)) {
            vertx.setTimer((left + 999_999) / 1_000_000, id -> { // ms timer: round up, so at least 1
                lingerTimer.set(false);
                drain();
            });
        }
        return true;
    }

    private void finish() {
        inFlight.decrementAndGet();
        drain();
    }

    private Uni<Void> write(List<Pending> batch) {
        // One representative per key; later copies in the same batch are duplicates of it.
        Map<String, List<Pending>> byKey = new LinkedHashMap<>();
        for (Pending p : batch) {
            byKey.computeIfAbsent(key(p.event().source(), p.event().dedupKey()), k -> new ArrayList<>()).add(p);
        }
        List<NewEvent> rows = byKey.values().stream().map(ps -> ps.get(0).event())
                .sorted(Comparator.comparing(NewEvent::source).thenComparing(NewEvent::dedupKey))
                .toList();
        return pool.preparedQuery(INSERT).execute(insertParams(rows))
                .onItem().transformToUni(inserted -> {
                    Set<UUID> newIds = new java.util.HashSet<>();
                    for (Row row : inserted) {
                        newIds.add(row.getUUID(0));
                    }
                    List<NewEvent> existing = rows.stream().filter(e -> !newIds.contains(e.id())).toList();
                    Uni<Map<String, UUID>> existingIds = existing.isEmpty()
                            ? Uni.createFrom().item(Map.of())
                            : findExisting(existing);
                    return existingIds.invoke(found -> complete(byKey, newIds, found));
                })
                .replaceWithVoid();
    }

    private void complete(Map<String, List<Pending>> byKey, Set<UUID> newIds, Map<String, UUID> existing) {
        byKey.forEach((key, pendings) -> {
            NewEvent first = pendings.get(0).event();
            boolean isNew = newIds.contains(first.id());
            UUID id = isNew ? first.id() : existing.get(key);
            for (int i = 0; i < pendings.size(); i++) {
                CompletableFuture<StoreResult> result = pendings.get(i).result();
                if (id == null) {
                    // The original vanished between INSERT and SELECT (retention): let the provider retry.
                    result.completeExceptionally(new StorageUnavailableException("duplicate lookup raced a delete", null));
                } else {
                    result.complete(new StoreResult(id, !isNew || i > 0));
                }
            }
        });
    }

    private Uni<Map<String, UUID>> findExisting(List<NewEvent> events) {
        String[] sources = events.stream().map(NewEvent::source).toArray(String[]::new);
        String[] keys = events.stream().map(NewEvent::dedupKey).toArray(String[]::new);
        return pool.preparedQuery(FIND_EXISTING).execute(Tuple.of(sources, keys))
                .map(rowSet -> {
                    Map<String, UUID> found = new HashMap<>();
                    for (Row row : rowSet) {
                        found.put(key(row.getString(1), row.getString(2)), row.getUUID(0));
                    }
                    return found;
                });
    }

    private Tuple insertParams(List<NewEvent> rows) {
        int n = rows.size();
        UUID[] ids = new UUID[n];
        String[] sources = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        java.time.OffsetDateTime[] receivedAt = new java.time.OffsetDateTime[n];
        String[] contentTypes = new String[n];
        String[] headers = new String[n];
        Buffer[] payloads = new Buffer[n];
        for (int i = 0; i < n; i++) {
            NewEvent e = rows.get(i);
            ids[i] = e.id();
            sources[i] = e.source();
            keys[i] = e.dedupKey();
            types[i] = e.eventType();
            receivedAt[i] = e.receivedAt();
            contentTypes[i] = e.contentType();
            headers[i] = e.headersJson();
            payloads[i] = Buffer.buffer(e.payload());
        }
        return Tuple.tuple(List.of(ids, sources, keys, types, receivedAt, contentTypes, headers, payloads, relayGraceMillis));
    }

    private static String key(String source, String dedupKey) {
        return source + '\u0000' + dedupKey;
    }
}
