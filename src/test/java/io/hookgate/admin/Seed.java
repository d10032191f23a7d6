package io.hookgate.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.hookgate.event.EventIds;
import io.hookgate.support.Db;

/** Inserts events straight into the database, for listing, replay and retention scenarios at volume. */
final class Seed {

    private Seed() {
    }

    /** n events for `source`, one second apart ending at `newest`, types cycling through `types`. */
    static List<UUID> events(String source, int n, Instant newest, String status, String... types) {
        List<UUID> ids = new ArrayList<>();
        Db.ensurePartitions(newest.minusSeconds(n), newest);
        try (Connection c = Db.connect(); PreparedStatement st = c.prepareStatement("""
                WITH e AS (
                    INSERT INTO events (id, source, dedup_key, event_type, received_at, content_type, headers, payload)
                    VALUES (?, ?, ?, ?, ?, 'application/json', '{"x-test": ["1"]}'::jsonb, ?)
                    RETURNING id, received_at, source)
                INSERT INTO deliveries (received_at, event_id, destination, source, state, attempts, next_attempt_at,
                                        delivered_at)
                SELECT received_at, id, 'default', source, ?, 0, CASE WHEN ? = 'PENDING' THEN now() END,
                       CASE WHEN ? = 'PUBLISHED' THEN now() END FROM e""")) {
            for (int i = 0; i < n; i++) {
                UUID id = EventIds.next();
                ids.add(id);
                st.setObject(1, id);
                st.setString(2, source);
                st.setString(3, id.toString()); // unique even when a source is seeded twice
                st.setString(4, types.length == 0 ? null : types[i % types.length]);
                st.setTimestamp(5, Timestamp.from(newest.minusSeconds(n - 1 - i)));
                st.setBytes(6, ("{\"seq\":" + i + "}").getBytes());
                st.setString(7, status);
                st.setString(8, status);
                st.setString(9, status);
                st.addBatch();
            }
            st.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }
}
