package io.hookgate.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What hookgate actually stored for a run, read straight from its {@code events} and {@code deliveries} tables: rows
 * per phase, how many the outbox has PUBLISHED, and the publish lag ({@code delivered_at - received_at}) percentiles.
 */
final class DbReport {

    record Counts(long stored, long published) {
    }

    record Result(long warmupStored, long stored, long published, double lagP50Ms, double lagP99Ms, double lagMaxMs,
            boolean drained, double drainSeconds) {
    }

    private static final String COUNT = """
            SELECT count(*), count(*) FILTER (WHERE d.state = 'PUBLISHED')
              FROM events e JOIN deliveries d ON d.received_at = e.received_at AND d.event_id = e.id
              WHERE e.source = ? AND e.dedup_key LIKE ?""";

    /** Before V8 (bench/storage.sh BEFORE_REF): the delivery state was on the event. */
    private static final String V7_EVENTS = "(SELECT id AS event_id, received_at, status AS state, published_at AS delivered_at FROM events)";

    private static final String REPORT = """
            SELECT count(*) FILTER (WHERE dedup_key LIKE ?) AS warmup_stored,
                   count(*) FILTER (WHERE dedup_key LIKE ?) AS stored,
                   count(*) FILTER (WHERE dedup_key LIKE ? AND status = 'PUBLISHED') AS published,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms) FILTER (WHERE dedup_key LIKE ?) AS lag_p50,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY lag_ms) FILTER (WHERE dedup_key LIKE ?) AS lag_p99,
                   max(lag_ms) FILTER (WHERE dedup_key LIKE ?) AS lag_max
              FROM (SELECT e.dedup_key, d.state AS status,
                           extract(epoch FROM (d.delivered_at - d.received_at)) * 1000 AS lag_ms
                      FROM events e JOIN deliveries d ON d.received_at = e.received_at AND d.event_id = e.id
                      WHERE e.source = ? AND e.dedup_key LIKE ?) run""";

    private final Options options;

    DbReport(Options options) {
        this.options = options;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(options.jdbc(), options.dbUser(), options.dbPassword());
    }

    /**
     * Waits (up to --drain-timeout) until every row of the run is stored and PUBLISHED, then reports.
     * Run ids contain only [a-z0-9-], so they need no LIKE escaping.
     */
    Result collect(String runId, long expectedAccepted) throws SQLException, InterruptedException {
        String all = runId + "-%";
        String warmup = runId + "-w-%";
        String measured = runId + "-m-%";
        try (Connection c = connect()) {
            long start = System.nanoTime();
            long deadline = start + options.drainTimeout().toNanos();
            boolean drained;
            while (true) {
                Counts counts = counts(c, all);
                drained = counts.stored() >= expectedAccepted && counts.published() == counts.stored();
                if (drained || System.nanoTime() >= deadline) {
                    break;
                }
                Thread.sleep(250);
            }
            double drainSeconds = (System.nanoTime() - start) / 1e9;
            try (PreparedStatement ps = c.prepareStatement(layout(c, REPORT))) {
                ps.setString(1, warmup);
                for (int i = 2; i <= 6; i++) {
                    ps.setString(i, measured);
                }
                ps.setString(7, options.source());
                ps.setString(8, all);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Result(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4), rs.getDouble(5),
                            rs.getDouble(6), drained, drainSeconds);
                }
            }
        }
    }

    private Counts counts(Connection c, String pattern) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(layout(c, COUNT))) {
            ps.setString(1, options.source());
            ps.setString(2, pattern);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Counts(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** The query for this database's layout: V8's deliveries table, or the state columns of V7's events. */
    private static String layout(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass('deliveries') IS NOT NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1) ? sql : sql.replace("JOIN deliveries d", "JOIN " + V7_EVENTS + " d");
        }
    }
}
