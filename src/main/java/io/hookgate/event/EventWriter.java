package io.hookgate.event;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.batch.GroupCommit;
import io.hookgate.batch.GroupCommit.Item;
import io.hookgate.config.HookgateConfig;
import io.hookgate.metrics.HookgateMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Stores accepted webhooks on the ingest hot path, many per statement (GroupCommit, batch-linger): the events and
 * their outbox rows in one multi-row INSERT, duplicates resolved to the stored event's id. The raw reactive client,
 * not Hibernate: one array-bound statement per batch with ON CONFLICT DO NOTHING is what makes group commit pay.
 */
@ApplicationScoped
public class EventWriter {

    // Arrays in, one statement: the events and their outbox rows. ORDER BY ordinality keeps the lock order that
    // the Java side sorted, so two concurrent batches touching the same keys cannot deadlock.
    private static final String INSERT = """
            WITH inserted AS (
                INSERT INTO events (id, source, dedup_key, event_type, received_at, content_type, headers, payload, origin)
                SELECT t.id, t.source, t.dedup_key, t.event_type, t.received_at, t.content_type, t.headers::jsonb, t.payload,
                       t.origin
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::bytea[],
                            $10::text[])
                     WITH ORDINALITY AS t(id, source, dedup_key, event_type, received_at, content_type, headers, payload, origin, ord)
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

    private final Pool pool;
    private final HookgateConfig.Ingest config;
    private final long relayGraceMillis;
    private final GroupCommit<NewEvent, StoreResult> batches;

    public EventWriter(Pool pool, Vertx vertx, HookgateMetrics metrics, HookgateConfig config) {
        this.pool = pool;
        this.config = config.ingest();
        this.relayGraceMillis = config.publish().relayGrace().toMillis();
        HookgateConfig.Ingest ingest = config.ingest();
        this.batches = new GroupCommit<>(vertx, new GroupCommit.Settings("event insert", ingest.batchSize(),
                ingest.maxConcurrentBatches(), ingest.batchLinger(), ingest.maxQueued(),
                ingest.maxQueuedBytes().asLongValue()), EventWriter::weight, this::write, metrics::insertBatch);
    }

    /** Completes once the event is committed (or found committed already); fails with StorageUnavailableException. */
    public Uni<StoreResult> store(NewEvent event) {
        return batches.submit(event)
                .ifNoItem().after(config.dbTimeout())
                .failWith(() -> new StorageUnavailableException("database did not commit within " + config.dbTimeout(), null))
                .onFailure(RejectedExecutionException.class)
                .transform(f -> new StorageUnavailableException("ingest queue full", null))
                .onFailure(f -> !(f instanceof StorageUnavailableException))
                .transform(f -> new StorageUnavailableException("database unavailable", f));
    }

    /** What a waiting event holds on the heap, near enough: its payload and its stored headers. */
    static long weight(NewEvent event) {
        return event.payload().length + 2L * event.headersJson().length();
    }

    /** Bytes of the events waiting for a batch slot; exported as a gauge. */
    public long queuedBytes() {
        return batches.queuedBytes();
    }

    /** Events dropped from the queue because their request had already been answered 503; exported. */
    public long abandoned() {
        return batches.abandoned();
    }

    /** Requests waiting for a batch slot; exported as a gauge. */
    public int queued() {
        return batches.queued();
    }

    /** Insert batches allowed in flight now, following the commit latency; exported as a gauge. */
    public int inFlightLimit() {
        return batches.inFlightLimit();
    }

    private Uni<Void> write(List<Item<NewEvent, StoreResult>> batch) {
        // One representative per key; later copies in the same batch are duplicates of it.
        Map<String, List<Item<NewEvent, StoreResult>>> byKey = new LinkedHashMap<>();
        for (Item<NewEvent, StoreResult> item : batch) {
            byKey.computeIfAbsent(key(item.value().source(), item.value().dedupKey()), k -> new ArrayList<>()).add(item);
        }
        List<NewEvent> rows = byKey.values().stream().map(items -> items.get(0).value())
                .sorted(Comparator.comparing(NewEvent::source).thenComparing(NewEvent::dedupKey))
                .toList();
        return pool.preparedQuery(INSERT).execute(insertParams(rows))
                .onItem().transformToUni(inserted -> {
                    Set<UUID> newIds = new HashSet<>();
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

    private static void complete(Map<String, List<Item<NewEvent, StoreResult>>> byKey, Set<UUID> newIds,
            Map<String, UUID> existing) {
        byKey.forEach((key, items) -> {
            NewEvent first = items.get(0).value();
            boolean isNew = newIds.contains(first.id());
            UUID id = isNew ? first.id() : existing.get(key);
            for (int i = 0; i < items.size(); i++) {
                if (id == null) {
                    // The original vanished between INSERT and SELECT (retention): let the provider retry.
                    items.get(i).fail(new StorageUnavailableException("duplicate lookup raced a delete", null));
                } else {
                    items.get(i).complete(new StoreResult(id, !isNew || i > 0));
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
        OffsetDateTime[] receivedAt = new OffsetDateTime[n];
        String[] contentTypes = new String[n];
        String[] headers = new String[n];
        Buffer[] payloads = new Buffer[n];
        String[] origins = new String[n];
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
            origins[i] = e.origin().code();
        }
        return Tuple.tuple(List.of(ids, sources, keys, types, receivedAt, contentTypes, headers, payloads, relayGraceMillis, origins));
    }

    private static String key(String source, String dedupKey) {
        return source + '\u0000' + dedupKey;
    }
}
