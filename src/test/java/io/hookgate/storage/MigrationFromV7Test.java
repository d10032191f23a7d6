package io.hookgate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * V8 takes a store with data in the V7 layout to the partitioned one, every row and every byte kept, the delivery
 * state carried over. On a database of its own, migrated by Flyway as production does. The million-event run that
 * times it is bench/migrate.sh.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class MigrationFromV7Test {

    @Test
    void aV7StoreWithDataMigratesWithEveryRowAndItsDeliveryState() throws Exception {
        String db = "migrate_v7_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = Db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        String url = EmbeddedServersResource.database().jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + db + "$1");
        flyway(url).target("7.2").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement st = c.createStatement()) {
            // 3,000 events over 6 days: every tenth PENDING (with its outbox row, one failed once), every seventh
            // replayed, every eleventh reconciled.
            st.execute("""
                    INSERT INTO events (id, source, dedup_key, event_type, received_at, content_type, headers, payload,
                                        status, publish_attempts, published_at, last_error, replay_count, origin)
                    SELECT gen_random_uuid(), 'src' || (g % 3), 'key-' || g, 'type.' || (g % 5),
                           now() - g * interval '3 minutes', 'application/json', jsonb_build_object('x-n', g::text),
                           convert_to('{"n":' || g || '}', 'UTF8') || '\\x00ff'::bytea,
                           CASE WHEN g % 10 = 0 THEN 'PENDING' ELSE 'PUBLISHED' END,
                           CASE WHEN g % 20 = 0 THEN 2 WHEN g % 10 = 0 THEN 0 ELSE 1 END,
                           CASE WHEN g % 10 = 0 THEN NULL ELSE now() - g * interval '3 minutes' + interval '40 ms' END,
                           CASE WHEN g % 20 = 0 THEN 'broker said no' END,
                           CASE WHEN g % 7 = 0 THEN 2 ELSE 0 END,
                           CASE WHEN g % 11 = 0 THEN 'reconciled' ELSE 'webhook' END
                    FROM generate_series(1, 3000) g""");
            st.execute("""
                    INSERT INTO outbox (event_id, next_attempt_at)
                    SELECT id, now() + interval '1 hour' FROM events WHERE status = 'PENDING'""");
            st.execute("CREATE TABLE before AS SELECT e.*, o.next_attempt_at FROM events e LEFT JOIN outbox o ON o.event_id = e.id");
        }

        flyway(url).load().migrate();

        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement st = c.createStatement()) {
            assertThat(one(st, "SELECT count(*) FROM events")).isEqualTo(3000);
            assertThat(one(st, "SELECT count(*) FROM deliveries WHERE destination = 'default'")).isEqualTo(3000);
            // Every row as it was: the exact bytes, headers, keys, times and origin.
            assertThat(one(st, """
                    SELECT count(*) FROM before b JOIN events e ON e.id = b.id AND e.received_at = b.received_at
                    WHERE e.payload = b.payload AND e.headers = b.headers AND e.source = b.source
                      AND e.dedup_key = b.dedup_key AND e.event_type = b.event_type AND e.origin = b.origin
                      AND e.content_type = b.content_type""")).isEqualTo(3000);
            // The delivery state, column by column.
            assertThat(one(st, """
                    SELECT count(*) FROM before b JOIN deliveries d ON d.event_id = b.id AND d.received_at = b.received_at
                    WHERE d.state = b.status AND d.attempts = b.publish_attempts
                      AND d.delivered_at IS NOT DISTINCT FROM b.published_at
                      AND d.last_error IS NOT DISTINCT FROM b.last_error AND d.replays = b.replay_count
                      AND d.next_attempt_at IS NOT DISTINCT FROM b.next_attempt_at AND d.source = b.source""")).isEqualTo(3000);
            assertThat(one(st, "SELECT count(*) FROM deliveries WHERE state = 'PENDING'")).isEqualTo(300);
            // Each event in the partition of its day, and partitions made three days ahead.
            assertThat(one(st, """
                    SELECT count(*) FROM events e JOIN pg_class c ON c.oid = e.tableoid
                    WHERE c.relname = 'events_p' || to_char(e.received_at AT TIME ZONE 'UTC', 'YYYYMMDD')""")).isEqualTo(3000);
            assertThat(one(st, """
                    SELECT count(*) FROM pg_class WHERE relname = 'events_p'
                           || to_char((now() + interval '3 days') AT TIME ZONE 'UTC', 'YYYYMMDD')""")).isOne();
            assertThat(one(st, "SELECT count(*) FROM pg_class WHERE relname IN ('outbox', 'events_v7')")).isZero();
        } finally {
            try (Connection c = Db.connect(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db);
            }
        }
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String url) {
        return Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration");
    }

    private static long one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
