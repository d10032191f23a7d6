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
        try (Connection c = Db.connect(); PreparedStatement st = c.prepareStatement("""
                INSERT INTO events (id, source, dedup_key, event_type, received_at, content_type, headers, payload, status,
                                    published_at)
                VALUES (?, ?, ?, ?, ?, 'application/json', '{"x-test": ["1"]}'::jsonb, ?, ?, CASE WHEN ? = 'PUBLISHED' THEN now() END)""")) {
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
                st.addBatch();
            }
            st.executeBatch();
            if ("PENDING".equals(status)) { // the relay finds pending events through their outbox rows (V3)
                try (PreparedStatement outbox = c.prepareStatement(
                        "INSERT INTO outbox (event_id, next_attempt_at) SELECT unnest(?::uuid[]), now()")) {
                    outbox.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                    outbox.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }
}
