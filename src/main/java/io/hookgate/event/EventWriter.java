package io.hookgate.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.hookgate.batch.GroupCommit;
import io.hookgate.batch.GroupCommit.Item;
import io.hookgate.config.HookgateConfig;
import io.hookgate.delivery.RouteMetrics;
import io.hookgate.metrics.HookgateMetrics;
import io.hookgate.route.Routes;
import io.hookgate.storage.PartitionMaintenance;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Stores accepted webhooks on the ingest hot path, many per statement (GroupCommit, batch-linger): the events and
 * their pending deliveries in one multi-row INSERT, duplicates resolved to the stored event's id. The raw reactive
 * client, not Hibernate: one array-bound statement per batch is what makes group commit pay.
 * <p>
 * Deduplication across the time partitions (V8). PostgreSQL cannot enforce UNIQUE (source, dedup_key) on a table
 * partitioned by received_at: a unique index must contain the partition key, so it would be unique per partition
 * only, and a retry received the next day would be stored again. So each batch, in one transaction:
 * <ol>
 * <li>takes a transaction-scoped advisory lock per key (a 64-bit hash of source and key), in ascending order;</li>
 * <li>then, in a second statement, inserts only the keys that no partition holds yet (a probe of the
 * (source, dedup_key) index of every partition).</li>
 * </ol>
 * Why it is exact: two transactions inserting the same key need the same lock, so one waits until the other has
 * committed or rolled back. The second statement runs under READ COMMITTED with a snapshot taken when it starts,
 * which is after the lock was granted, so it sees the other's committed row; and no one can insert the key between
 * the check and this commit without the lock. This holds across replicas (the locks are the database's) and across
 * partitions (the check reads them all, so for as long as an event is kept: the retention window at least). The
 * ascending order means two batches never wait on each other in a cycle. A hash collision only makes two different
 * keys wait for each other. The lock cannot be taken in the inserting statement itself: its snapshot would predate
 * the wait.
 */
@ApplicationScoped
public class EventWriter {

    /** The destination of a source's own AMQP address, the one every event has (deliveries.destination). */
    public static final String DEFAULT_DESTINATION = "default";

    private static final String LOCK_KEYS = "SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k";

    // Arrays in, one statement: the new events and their deliveries. The lookup is a LATERAL ... LIMIT 1, not NOT
    // EXISTS: an anti-join may be planned as a hash join over every stored key (measured: 2 ms per key over 250,000
    // events), where the LATERAL form can only probe the (source, dedup_key) index of each partition per key.
    private static final String INSERT = """
            WITH inserted AS (
                INSERT INTO events (id, received_at, source, dedup_key, event_type, origin, content_type, headers, payload)
                SELECT t.id, t.received_at, t.source, t.dedup_key, t.event_type, t.origin, t.content_type, t.headers::jsonb,
                       t.payload
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::bytea[],
                            $10::text[])
                     AS t(id, source, dedup_key, event_type, received_at, content_type, headers, payload, origin)
                LEFT JOIN LATERAL (SELECT true AS stored FROM events e
                                   WHERE e.source = t.source AND e.dedup_key = t.dedup_key LIMIT 1) x ON true
                WHERE x.stored IS NULL
                RETURNING id, received_at, source),
            routed AS (
                INSERT INTO deliveries (received_at, event_id, destination, source, state, next_attempt_at)
                SELECT i.received_at, i.id, r.destination, i.source, 'PENDING', now() + r.delay * interval '1 millisecond'
                FROM inserted i JOIN unnest($11::uuid[], $12::text[], $9::bigint[]) AS r(event_id, destination, delay)
                     ON r.event_id = i.id)
            SELECT id FROM inserted""";

    private static final String FIND_EXISTING = """
            SELECT e.id, e.source, e.dedup_key FROM events e
            JOIN unnest($1::text[], $2::text[]) AS k(source, dedup_key)
              ON e.source = k.source AND e.dedup_key = k.dedup_key""";

    private final Pool pool;
    private final PartitionMaintenance partitions;
    private final HookgateConfig.Ingest config;
    private final long relayGraceMillis;
    private final GroupCommit<Routed, StoreResult> batches;
    private final Routes routes;
    private final RouteMetrics routeMetrics;

    /** An event with the destinations its delivery rows get (Routes.destinationsFor). */
    private record Routed(NewEvent event, List<String> destinations) {
    }

    public EventWriter(Pool pool, Vertx vertx, HookgateMetrics metrics, HookgateConfig config,
            PartitionMaintenance partitions, Routes routes, RouteMetrics routeMetrics) {
        this.pool = pool;
        this.routes = routes;
        this.routeMetrics = routeMetrics;
        this.partitions = partitions;
        this.config = config.ingest();
        this.relayGraceMillis = config.publish().relayGrace().toMillis();
        HookgateConfig.Ingest ingest = config.ingest();
        this.batches = new GroupCommit<>(vertx, new GroupCommit.Settings("event insert", ingest.batchSize(),
                ingest.maxConcurrentBatches(), ingest.batchLinger(), ingest.maxQueued(),
                ingest.maxQueuedBytes().asLongValue()), r -> weight(r.event()), this::write, metrics::insertBatch);
    }

    /**
     * The argument in the class comment needs READ COMMITTED, PostgreSQL's default: under REPEATABLE READ the
     * inserting statement would read the transaction's first snapshot, taken before the lock was granted.
     */
    void checkIsolation(@Observes StartupEvent event) {
        pool.query("SHOW default_transaction_isolation").execute().subscribe().with(rows -> {
            String level = rows.iterator().next().getString(0);
            if (!"read committed".equalsIgnoreCase(level)) {
                Log.errorf("default_transaction_isolation is '%s': hookgate's deduplication across partitions needs"
                        + " 'read committed' (PostgreSQL's default); set it back for hookgate's database user", level);
            }
        }, failure -> Log.debugf("could not read default_transaction_isolation: %s", failure.getMessage()));
    }

    /** Completes once the event is committed (or found committed already); fails with StorageUnavailableException. */
    public Uni<StoreResult> store(NewEvent event) {
        // Routed before it waits for a batch: the filters run on this request's thread, not in the batch's.
        return batches.submit(new Routed(event, routes.destinationsFor(event)))
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

    private Uni<Void> write(List<Item<Routed, StoreResult>> batch) {
        // One representative per key; later copies in the same batch are duplicates of it.
        Map<String, List<Item<Routed, StoreResult>>> byKey = new LinkedHashMap<>();
        for (Item<Routed, StoreResult> item : batch) {
            NewEvent event = item.value().event();
            byKey.computeIfAbsent(key(event.source(), event.dedupKey()), k -> new ArrayList<>()).add(item);
        }
        List<Routed> routed = byKey.values().stream().map(items -> items.get(0).value()).toList();
        List<NewEvent> rows = routed.stream().map(Routed::event).toList();
        Long[] locks = rows.stream().map(e -> lockId(e.source(), e.dedupKey())).distinct().sorted().toArray(Long[]::new);
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK_KEYS).execute(Tuple.of(locks))
                .chain(() -> conn.preparedQuery(INSERT).execute(insertParams(routed)))
                .chain(inserted -> {
                    Set<UUID> newIds = new HashSet<>();
                    for (Row row : inserted) {
                        newIds.add(row.getUUID(0));
                    }
                    List<NewEvent> existing = rows.stream().filter(e -> !newIds.contains(e.id())).toList();
                    Uni<Map<String, UUID>> existingIds = existing.isEmpty()
                            ? Uni.createFrom().item(Map.of())
                            : findExisting(conn, existing);
                    return existingIds.map(found -> (Runnable) () -> complete(byKey, newIds, found));
                }))
                // Completed after the commit only: an answer before it would acknowledge what may still roll back.
                .invoke(Runnable::run)
                .onFailure(EventWriter::noPartition).invoke(partitions::onMissingPartition)
                .replaceWithVoid();
    }

    /** PostgreSQL's "no partition of relation found for row": PartitionMaintenance has fallen behind. */
    private static boolean noPartition(Throwable failure) {
        return failure instanceof PgException pg && "23514".equals(pg.getSqlState())
                && String.valueOf(pg.getErrorMessage()).contains("no partition");
    }

    /** The advisory lock of a key: 64 bits of SHA-256 over source, NUL, key. */
    public static long lockId(String source, String dedupKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(dedupKey.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private void complete(Map<String, List<Item<Routed, StoreResult>>> byKey, Set<UUID> newIds,
            Map<String, UUID> existing) {
        byKey.forEach((key, items) -> {
            NewEvent first = items.get(0).value().event();
            List<String> destinations = items.get(0).value().destinations();
            boolean isNew = newIds.contains(first.id());
            if (isNew && destinations.isEmpty()) {
                routeMetrics.unrouted(first.source());
            }
            UUID id = isNew ? first.id() : existing.get(key);
            for (int i = 0; i < items.size(); i++) {
                if (id == null) {
                    // Cannot happen (the lookup shares the insert's transaction, which blocks a partition drop); a guard.
                    items.get(i).fail(new StorageUnavailableException("duplicate lookup raced a delete", null));
                } else {
                    boolean duplicate = !isNew || i > 0;
                    items.get(i).complete(new StoreResult(id, duplicate, duplicate ? List.of() : destinations));
                }
            }
        });
    }

    private static Uni<Map<String, UUID>> findExisting(SqlConnection conn, List<NewEvent> events) {
        String[] sources = events.stream().map(NewEvent::source).toArray(String[]::new);
        String[] keys = events.stream().map(NewEvent::dedupKey).toArray(String[]::new);
        return conn.preparedQuery(FIND_EXISTING).execute(Tuple.of(sources, keys))
                .map(rowSet -> {
                    Map<String, UUID> found = new HashMap<>();
                    for (Row row : rowSet) {
                        found.put(key(row.getString(1), row.getString(2)), row.getUUID(0));
                    }
                    return found;
                });
    }

    private Tuple insertParams(List<Routed> routed) {
        List<NewEvent> rows = routed.stream().map(Routed::event).toList();
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
        // The delivery rows, flat: (event id, destination, delay) per destination. AMQP ones are due after the relay
        // grace (the live publish owns them until then); HTTP ones at once (their lane is nudged after the commit).
        List<UUID> deliveryIds = new ArrayList<>(n);
        List<String> destinations = new ArrayList<>(n);
        List<Long> delays = new ArrayList<>(n);
        for (Routed r : routed) {
            for (String destination : r.destinations()) {
                deliveryIds.add(r.event().id());
                destinations.add(destination);
                delays.add(routes.isHttp(destination) ? 0L : relayGraceMillis);
            }
        }
        return Tuple.tuple(List.of(ids, sources, keys, types, receivedAt, contentTypes, headers, payloads,
                delays.toArray(Long[]::new), origins, deliveryIds.toArray(UUID[]::new), destinations.toArray(String[]::new)));
    }

    private static String key(String source, String dedupKey) {
        return source + '\u0000' + dedupKey;
    }
}
