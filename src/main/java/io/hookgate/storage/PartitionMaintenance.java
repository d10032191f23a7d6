package io.hookgate.storage;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.hookgate.config.HookgateConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Keeps the time partitions of events and deliveries (V8): creates them ahead of need, from the newest one on, and
 * drops those whose whole span is past the retention window, which is how events are purged (no DELETE, no dead
 * tuples). Each round runs in one transaction under a transaction-scoped advisory lock, so replicas take turns and
 * a replica that finds the work done does nothing; with a lock_timeout, so DDL queued behind a long query never
 * holds up the inserts queued behind it. A partition with a delivery still PENDING is kept, whatever its age: its
 * event has not reached the broker yet (hookgate_storage_partitions_kept_pending, and a log line every round).
 */
@ApplicationScoped
public class PartitionMaintenance {

    /** The advisory lock every replica's maintenance round takes ("hookgate partitions"). */
    static final long LOCK = 0x686f6f6b_70617274L;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmm").withZone(ZoneOffset.UTC);

    // The bounds of every partition of a parent, read from the catalog (pg_get_expr prints them in the session's
    // time zone: UTC, set in the same transaction).
    private static final String PARTITIONS = """
            SELECT c.relname,
                   (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS lower,
                   (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS upper,
                   c.reltuples::bigint AS rows
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = $1::regclass AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
            ORDER BY lower""";

    record Partition(String name, Instant lower, Instant upper, long rows) {
    }

    private final Pool pool;
    private final HookgateConfig.Storage config;
    private final Duration maxAge;
    private final AtomicLong aheadSeconds = new AtomicLong();
    private final AtomicLong keptPending = new AtomicLong();
    private final AtomicBoolean urgent = new AtomicBoolean();
    private final Counter created;
    private final Counter dropped;

    public PartitionMaintenance(Pool pool, HookgateConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.config = config.storage();
        this.maxAge = config.retention().maxAge();
        Widths.check(this.config.partitionWidth());
        Gauge.builder("hookgate.storage.partitions.ahead", aheadSeconds, AtomicLong::get).baseUnit("seconds")
                .description("How far past now the newest partition of events reaches; ingest fails beyond it")
                .register(registry);
        Gauge.builder("hookgate.storage.partitions.kept.pending", keptPending, AtomicLong::get)
                .description("Partitions past the retention window kept because a delivery in them is still pending")
                .register(registry);
        this.created = Counter.builder("hookgate.storage.partitions.created")
                .description("Partitions of events created by this replica").register(registry);
        this.dropped = Counter.builder("hookgate.storage.partitions.dropped")
                .description("Partitions of events dropped by retention on this replica").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        maintain().subscribe().with(x -> {
        }, f -> Log.warnf("partition maintenance at start failed (it is retried every %s): %s",
                config.maintenanceInterval(), f.getMessage()));
    }

    @Scheduled(every = "${hookgate.storage.maintenance-interval:10m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return maintain().onFailure().invoke(f -> Log.warnf("partition maintenance failed: %s", f.getMessage()))
                .onFailure().recoverWithNull();
    }

    /**
     * Called by the ingest path when an insert found no partition for its row (the maintenance fell behind): runs a
     * round now, once at a time.
     */
    public void onMissingPartition() {
        if (urgent.compareAndSet(false, true)) {
            Log.warn("an insert found no partition of events for its received_at: creating partitions now");
            maintain().onTermination().invoke(() -> urgent.set(false)).subscribe().with(x -> {
            }, f -> Log.warnf("partition maintenance failed: %s", f.getMessage()));
        }
    }

    /** One round: create what is missing ahead, then drop what is past the window. */
    public Uni<Void> maintain() {
        return pool.withTransaction(conn -> lock(conn)
                .chain(() -> createAhead(conn, Instant.now()))
                .chain(() -> dropExpired(conn, Instant.now())));
    }

    private Uni<Void> lock(SqlConnection conn) {
        return conn.query("SET LOCAL TimeZone = 'UTC'").execute()
                .chain(() -> conn.query("SET LOCAL lock_timeout = " + config.lockTimeout().toMillis()).execute())
                .chain(() -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK + ")").execute())
                .replaceWithVoid();
    }

    private Uni<List<Partition>> partitions(SqlConnection conn, String parent) {
        return conn.preparedQuery(PARTITIONS).execute(io.vertx.mutiny.sqlclient.Tuple.of(parent)).map(rows -> {
            List<Partition> found = new ArrayList<>();
            for (Row row : rows) {
                found.add(new Partition(row.getString("relname"), row.getOffsetDateTime("lower").toInstant(),
                        row.getOffsetDateTime("upper").toInstant(), row.getLong("rows")));
            }
            return found;
        });
    }

    private Uni<Void> createAhead(SqlConnection conn, Instant now) {
        return partitions(conn, "events").chain(existing -> {
            Instant until = now.plus(config.createAhead());
            Instant reach = null;
            for (Partition p : existing) {
                if (reach == null || p.upper().isAfter(reach)) {
                    reach = p.upper();
                }
            }
            Instant from = Widths.floor(now, config.partitionWidth());
            if (reach != null && reach.isAfter(from)) {
                from = reach;
            }
            // Every statement of the round in one transaction: a partition of events never exists without its
            // deliveries partition.
            Uni<Void> chain = Uni.createFrom().voidItem();
            int made = 0;
            for (Instant lower = from; lower.isBefore(until); lower = lower.plus(config.partitionWidth())) {
                Instant upper = lower.plus(config.partitionWidth());
                String suffix = suffix(lower);
                String events = create("events", suffix, lower, upper);
                String deliveries = create("deliveries", suffix, lower, upper);
                chain = chain.chain(() -> conn.query(events).execute())
                        .chain(() -> conn.query(deliveries).execute()).replaceWithVoid();
                reach = upper;
                made++;
            }
            int count = made;
            Instant newest = reach == null ? now : reach;
            return chain.invoke(() -> {
                if (count > 0) {
                    created.increment(count);
                    Log.infof("storage: created %d partition(s) of events and deliveries, up to %s", count, newest);
                }
                aheadSeconds.set(Duration.between(now, newest).toSeconds());
            });
        });
    }

    private Uni<Void> dropExpired(SqlConnection conn, Instant now) {
        Instant cutoff = now.minus(maxAge);
        return partitions(conn, "events").chain(events -> partitions(conn, "deliveries").chain(deliveries -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (Partition p : events) {
                if (p.upper().isAfter(cutoff)) {
                    continue;
                }
                Partition d = deliveries.stream().filter(x -> x.lower().equals(p.lower()) && x.upper().equals(p.upper()))
                        .findFirst().orElse(null);
                chain = chain.chain(kept -> pendingIn(conn, d).chain(pending -> {
                    if (pending) {
                        Log.warnf("retention: keeping %s past the retention window: %s still has PENDING deliveries",
                                p.name(), d.name());
                        return Uni.createFrom().item(kept + 1);
                    }
                    String drop = "DROP TABLE " + quote(p.name()) + (d == null ? "" : ", " + quote(d.name()));
                    return conn.query(drop).execute().invoke(() -> {
                        dropped.increment();
                        Log.infof("retention: dropped %s (about %d events) and its deliveries, older than %s",
                                p.name(), p.rows(), maxAge);
                    }).replaceWith(kept);
                }));
            }
            return chain.invoke(keptPending::set).replaceWithVoid();
        }));
    }

    private static Uni<Boolean> pendingIn(SqlConnection conn, Partition deliveries) {
        if (deliveries == null) {
            return Uni.createFrom().item(false);
        }
        return conn.query("SELECT EXISTS (SELECT 1 FROM " + quote(deliveries.name()) + " WHERE state = 'PENDING')")
                .execute().map(rows -> rows.iterator().next().getBoolean(0));
    }

    private static String create(String parent, String suffix, Instant lower, Instant upper) {
        return "CREATE TABLE IF NOT EXISTS " + quote(parent + "_p" + suffix) + " PARTITION OF " + parent
                + " FOR VALUES FROM ('" + lower + "') TO ('" + upper + "')";
    }

    /** yyyyMMdd for a partition starting at midnight UTC, yyyyMMdd_HHmm otherwise. */
    static String suffix(Instant lower) {
        return lower.atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay() == 0 ? DAY.format(lower) : DAY_TIME.format(lower);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The reach of the newest partition, for tests and the gauge. */
    long aheadSeconds() {
        return aheadSeconds.get();
    }

}
