package io.hookgate.admin;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.metrics.HookgateMetrics;
import io.hookgate.source.Sources;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The last hour and day per source, for the admin API's /admin/overview and the console's first page. Raw SQL:
 * aggregates over the events, deliveries, rejections, duplicate_counts and reconciliations tables with FILTER and percentile_cont, which
 * HQL cannot say. Every query is bounded by the received_at index to the last day.
 */
@ApplicationScoped
public class OverviewQueries {

    private static final String ACCEPTED = """
            SELECT source, date_trunc('hour', received_at) AS hour, count(*) AS n FROM events
            WHERE received_at > $1 GROUP BY 1, 2""";
    private static final String LAG = """
            SELECT source, percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - received_at))
            FROM deliveries WHERE received_at > now() - interval '1 hour' AND delivered_at IS NOT NULL GROUP BY 1""";
    private static final String REJECTED = """
            SELECT source, reason, count(*) FILTER (WHERE received_at > now() - interval '1 hour'), count(*)
            FROM rejections WHERE received_at > now() - interval '1 day' GROUP BY 1, 2""";
    private static final String DUPLICATES = """
            SELECT source, coalesce(sum(count) FILTER (WHERE hour > now() - interval '1 hour'), 0), sum(count)
            FROM duplicate_counts WHERE hour > now() - interval '1 day' GROUP BY 1""";
    private static final String PENDING = """
            SELECT source, count(*) FROM deliveries WHERE state = 'PENDING' GROUP BY 1""";
    private static final String LAST_RUN = """
            SELECT DISTINCT ON (source) source, id, state, started_at, missing, error FROM reconciliations
            ORDER BY source, started_at DESC""";

    private final Pool pool;
    private final Sources sources;
    public OverviewQueries(Pool pool, Sources sources) {
        this.pool = pool;
        this.sources = sources;
    }

    /**
     * Every configured source, any source since removed that still has events, and the unknown-source bucket when it
     * has rejections, by name. Rejections never add a name: their source is attacker-chosen (a request to
     * /webhooks/&lt;random&gt; used to list every random name).
     */
    public Uni<List<SourceStats>> bySource() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime firstHour = now.truncatedTo(ChronoUnit.HOURS).minusHours(23);
        Map<String, long[]> perHour = new HashMap<>();
        Map<String, Double> lag = new HashMap<>();
        Map<String, Map<String, Long>> rejectedHour = new HashMap<>();
        Map<String, Map<String, Long>> rejectedDay = new HashMap<>();
        Map<String, Long> pending = new HashMap<>();
        Map<String, long[]> duplicates = new HashMap<>();
        Map<String, SourceStats.LastReconciliation> lastRun = new HashMap<>();
        TreeSet<String> names = new TreeSet<>(sources.all().keySet());
        return pool.preparedQuery(ACCEPTED).execute(Tuple.of(firstHour)).invoke(rows -> {
            for (Row row : rows) {
                int slot = (int) ChronoUnit.HOURS.between(firstHour, row.getOffsetDateTime("hour"));
                if (slot >= 0 && slot < 24) {
                    perHour.computeIfAbsent(row.getString("source"), s -> new long[24])[slot] += row.getLong("n");
                }
            }
        }).chain(() -> pool.query(LAG).execute().invoke(rows -> rows.forEach(r -> lag.put(r.getString(0), r.getDouble(1)))))
                .chain(() -> pool.query(REJECTED).execute().invoke(rows -> rows.forEach(r -> {
                    rejectedHour.computeIfAbsent(r.getString(0), s -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
                    rejectedDay.computeIfAbsent(r.getString(0), s -> new TreeMap<>()).put(r.getString(1), r.getLong(3));
                })))
                .chain(() -> pool.query(DUPLICATES).execute().invoke(rows -> rows.forEach(r -> duplicates.put(
                        r.getString(0), new long[] { r.getLong(1), r.getLong(2) }))))
                .chain(() -> pool.query(PENDING).execute().invoke(rows -> rows.forEach(r -> pending.put(r.getString(0),
                        r.getLong(1)))))
                .chain(() -> pool.query(LAST_RUN).execute().invoke(rows -> rows.forEach(r -> lastRun.put(r.getString(0),
                        new SourceStats.LastReconciliation(r.getUUID(1).toString(), r.getString(2),
                                ReplayJobView.utc(r.getOffsetDateTime(3)), r.getLong(4), r.getString(5))))))
                .map(ignored -> {
                    names.addAll(perHour.keySet());
                    if (rejectedDay.containsKey(HookgateMetrics.UNKNOWN_SOURCE)) {
                        names.add(HookgateMetrics.UNKNOWN_SOURCE);
                    }
                    List<SourceStats> stats = new ArrayList<>();
                    for (String name : names) {
                        long[] hours = perHour.getOrDefault(name, new long[24]);
                        List<Long> series = new ArrayList<>(24);
                        long day = 0;
                        for (long h : hours) {
                            series.add(h);
                            day += h;
                        }
                        stats.add(new SourceStats(name, hours[23], day, series,
                                rejectedHour.getOrDefault(name, Map.of()), rejectedDay.getOrDefault(name, Map.of()),
                                duplicates.getOrDefault(name, new long[2])[0], duplicates.getOrDefault(name, new long[2])[1],
                                pending.getOrDefault(name, 0L), lag.get(name), lastRun.get(name)));
                    }
                    return stats;
                });
    }
}
