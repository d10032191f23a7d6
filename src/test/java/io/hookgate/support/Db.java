package io.hookgate.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Plain JDBC against the embedded test database, to assert on what was really stored. */
public final class Db {

    private Db() {
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(EmbeddedServersResource.database().jdbcUrl(), "postgres", "postgres");
    }

    /**
     * Events with the state of their default delivery under the column names of the V7 layout (status,
     * publish_attempts, published_at, last_error, replay_count), as a FROM item: "SELECT ... FROM " + EVENTS_WITH_STATE.
     */
    public static final String EVENTS_WITH_STATE = """
            (SELECT e.*, d.state AS status, d.attempts AS publish_attempts, d.delivered_at AS published_at,
                    d.last_error, d.replays AS replay_count, d.next_attempt_at
             FROM events e JOIN deliveries d ON d.received_at = e.received_at AND d.event_id = e.id
                                            AND d.destination = 'default') AS events_with_state""";

    /** One event with its delivery state (EVENTS_WITH_STATE) as a column map, or null. */
    public static Map<String, Object> event(UUID id) {
        List<Map<String, Object>> rows = query("SELECT * FROM " + EVENTS_WITH_STATE + " WHERE id = ?", id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * Daily partitions of events and deliveries for every UTC day from {@code from} to {@code to}, for rows a test
     * writes in the past (hookgate itself only creates them from today on).
     */
    public static void ensurePartitions(Instant from, Instant to) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + PARTITION_LOCK + ")");
                for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC);
                        !day.isAfter(LocalDate.ofInstant(to, ZoneOffset.UTC)); day = day.plusDays(1)) {
                    String suffix = day.format(DateTimeFormatter.BASIC_ISO_DATE);
                    for (String parent : List.of("events", "deliveries")) {
                        st.execute("CREATE TABLE IF NOT EXISTS " + parent + "_p" + suffix + " PARTITION OF " + parent
                                + " FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PartitionMaintenance's advisory lock: a test creating partitions takes turns with it. */
    private static final long PARTITION_LOCK = 0x686f6f6b_70617274L;

    public static long count(String sql, Object... params) {
        return ((Number) query(sql, params).get(0).values().iterator().next()).longValue();
    }

    public static List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
