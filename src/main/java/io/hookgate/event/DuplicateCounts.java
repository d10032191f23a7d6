package io.hookgate.event;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Counts the duplicates a source was answered, per hour, in the duplicate_counts table shared by all replicas, for
 * the overview. Counted in memory and added in one statement every 5 s, so a duplicate costs the ingest path no
 * write; a crash loses at most those seconds of counts (a display figure: the webhooks themselves are unaffected).
 */
@ApplicationScoped
public class DuplicateCounts {

    private static final String ADD = """
            INSERT INTO duplicate_counts (source, hour, count)
            SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::bigint[])
            ON CONFLICT (source, hour) DO UPDATE SET count = duplicate_counts.count + EXCLUDED.count""";

    private record Key(String source, OffsetDateTime hour) {
    }

    private final Pool pool;
    private final Map<Key, LongAdder> pending = new ConcurrentHashMap<>();

    public DuplicateCounts(Pool pool) {
        this.pool = pool;
    }

    public void count(String source) {
        OffsetDateTime hour = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        pending.computeIfAbsent(new Key(source, hour), k -> new LongAdder()).increment();
    }

    /** Adds what was counted since the last flush; what fails to be written is counted again next time. */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> flush() {
        List<String> sources = new ArrayList<>();
        List<OffsetDateTime> hours = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        List<Key> keys = new ArrayList<>(pending.keySet());
        for (Key key : keys) {
            LongAdder adder = pending.remove(key);
            long n = adder == null ? 0 : adder.sumThenReset();
            if (n > 0) {
                sources.add(key.source());
                hours.add(key.hour());
                counts.add(n);
            }
        }
        if (sources.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(ADD).execute(Tuple.of(sources.toArray(String[]::new),
                hours.toArray(OffsetDateTime[]::new), counts.toArray(Long[]::new)))
                .replaceWithVoid()
                .onFailure().recoverWithUni(f -> {
                    Log.debugf("duplicate counts not written yet: %s", f.getMessage());
                    for (int i = 0; i < sources.size(); i++) {
                        pending.computeIfAbsent(new Key(sources.get(i), hours.get(i)), k -> new LongAdder())
                                .add(counts.get(i));
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    @PreDestroy
    void lastFlush() {
        try {
            flush().await().atMost(java.time.Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            Log.debugf("last duplicate counts not written: %s", e.getMessage());
        }
    }
}
