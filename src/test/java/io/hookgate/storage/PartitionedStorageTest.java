package io.hookgate.storage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hookgate.event.EventIds;
import io.hookgate.event.EventWriter;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;

/** The time partitions (V8): made ahead by any number of replicas at once, and deduplication across them. */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class PartitionedStorageTest {

    @Inject
    PartitionMaintenance partitions;

    @Test
    void partitionsExistAheadAndConcurrentRoundsCreateEachOnce() {
        List<Uni<Void>> rounds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rounds.add(partitions.maintain());
        }
        Uni.join().all(rounds).andFailFast().await().atMost(Duration.ofSeconds(60));

        // Three days ahead (hookgate.storage.create-ahead), each day once, with its deliveries partition.
        Instant newest = Db.query("""
                SELECT max((regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz) AS upper
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass""")
                .get(0).get("upper") instanceof Timestamp t ? t.toInstant() : null;
        assertThat(newest).isAfterOrEqualTo(Instant.now().plus(Duration.ofDays(3)));
        assertThat(Db.count("SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass"))
                .isEqualTo(Db.count("SELECT count(*) FROM pg_inherits WHERE inhparent = 'deliveries'::regclass"));
        assertThat(Db.count("""
                SELECT count(*) FROM (SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i
                JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass GROUP BY 1 HAVING count(*) > 1) d"""))
                .isZero();
        assertThat(partitions.aheadSeconds()).isGreaterThanOrEqualTo(Duration.ofDays(3).toSeconds() - 60);
    }

    /** A retry days after the original is stored in another partition: still a duplicate, answered with its id. */
    @Test
    void aRetryDaysLaterIsADuplicateOfTheEventInAnOlderPartition() {
        String delivery = UUID.randomUUID().toString();
        Instant fiveDaysAgo = Instant.now().minus(Duration.ofDays(5));
        Db.ensurePartitions(fiveDaysAgo, fiveDaysAgo);
        UUID original = EventIds.next();
        insert(original, delivery, fiveDaysAgo);

        Response retry = postGithub(delivery);

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.<Boolean>path("duplicate")).isTrue();
        assertThat(retry.<String>path("id")).isEqualTo(original.toString());
        assertThat(Db.count("SELECT count(*) FROM events WHERE source = 'github' AND dedup_key = ?", delivery)).isOne();
    }

    /**
     * The race a per-partition unique index cannot see: the original, received just before midnight, is not committed
     * yet when its retry is received after midnight, into the next partition. The retry waits for the original's lock
     * and then finds it.
     */
    @Test
    void aRetryWaitsForAnUncommittedOriginalInAnotherPartition() throws Exception {
        String delivery = UUID.randomUUID().toString();
        Instant yesterday = Instant.now().minus(Duration.ofDays(1));
        Db.ensurePartitions(yesterday, yesterday);
        UUID original = EventIds.next();
        CompletableFuture<Response> retry;
        try (Connection c = Db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, EventWriter.lockId("github", delivery));
                lock.executeQuery().close();
            }
            insert(c, original, delivery, yesterday);

            retry = CompletableFuture.supplyAsync(() -> postGithub(delivery));
            try {
                Response early = retry.get(1500, TimeUnit.MILLISECONDS);
                throw new AssertionError("answered " + early.statusCode() + " before the original committed");
            } catch (TimeoutException expected) {
                // waiting on the original's lock
            }
            c.commit();
        }
        Response answer = retry.get(20, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.<String>path("id")).isEqualTo(original.toString());
        assertThat(Db.count("SELECT count(*) FROM events WHERE source = 'github' AND dedup_key = ?", delivery)).isOne();
    }

    @Test
    void widthsAreAlignedAndCheckedAtBoot() {
        Widths.check(Duration.ofDays(1));
        Widths.check(Duration.ofHours(6));
        Widths.check(Duration.ofDays(7));
        for (Duration bad : List.of(Duration.ofHours(5), Duration.ofMinutes(90), Duration.ZERO, Duration.ofHours(36))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Widths.check(bad))
                    .hasMessageContaining("hookgate.storage.partition-width");
        }
        Instant t = Instant.parse("2026-12-06T13:45:10Z");
        assertThat(Widths.floor(t, Duration.ofDays(1))).isEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
        assertThat(Widths.floor(t, Duration.ofHours(6))).isEqualTo(Instant.parse("2026-12-06T12:00:00Z"));
        assertThat(PartitionMaintenance.suffix(Instant.parse("2026-12-06T00:00:00Z"))).isEqualTo("20261206");
        assertThat(PartitionMaintenance.suffix(Instant.parse("2026-12-06T12:00:00Z"))).isEqualTo("20261206_1200");
    }

    private static Response postGithub(String delivery) {
        // A body of its own: the same bytes and signature again would be answered from the replay cache.
        byte[] body = Sign.utf8("{\"zen\":\"" + delivery + "\"}");
        return given().contentType("application/json").header("X-GitHub-Delivery", delivery)
                .header("X-GitHub-Event", "ping")
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body))
                .body(body).post("/webhooks/github");
    }

    private static void insert(UUID id, String delivery, Instant receivedAt) {
        try (Connection c = Db.connect()) {
            insert(c, id, delivery, receivedAt);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insert(Connection c, UUID id, String delivery, Instant receivedAt) throws java.sql.SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                WITH e AS (
                    INSERT INTO events (id, source, dedup_key, event_type, received_at, content_type, headers, payload)
                    VALUES (?, 'github', ?, 'ping', ?, 'application/json', '{}', '\\x7b7d') RETURNING id, received_at, source)
                INSERT INTO deliveries (received_at, event_id, destination, source, state, attempts, delivered_at)
                SELECT received_at, id, 'default', source, 'PUBLISHED', 1, now() FROM e""")) {
            st.setObject(1, id);
            st.setString(2, delivery);
            st.setTimestamp(3, Timestamp.from(receivedAt));
            st.executeUpdate();
        }
    }
}
