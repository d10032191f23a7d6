package io.hookgate.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import io.hookgate.event.EventWriter;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * batch-linger: a batch that is not full leaves only once the previous one left a linger ago (or its oldest request
 * waited that long); after a quiet spell, at once. A batch is held in flight here by a row lock: an uncommitted row
 * with the same dedup key makes its INSERT wait.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
@TestProfile(GroupCommitLingerTest.LongLinger.class)
class GroupCommitLingerTest {

    static final int BATCH = 5;

    public static class LongLinger implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hookgate.ingest.batch-size", String.valueOf(BATCH),
                    "hookgate.ingest.max-concurrent-batches", "2",
                    "hookgate.ingest.batch-linger", "4s",
                    "hookgate.ingest.db-timeout", "30s");
        }
    }

    @Test
    void nextBatchWaitsUntilFullOrLingeredWhileOneIsInFlight() throws Exception {
        String run = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(BATCH + 2);
        try (Connection blocker = Db.connect()) {
            blocker.setAutoCommit(false);
            // What a concurrent insert of the same key holds (EventWriter): its advisory lock, then its row.
            try (PreparedStatement lock = blocker.prepareStatement("SELECT pg_advisory_xact_lock(?)");
                    PreparedStatement st = blocker.prepareStatement("""
                            INSERT INTO events (id, source, dedup_key, received_at, headers, payload)
                            VALUES (?, 'github', ?, now(), '{}', '\\x00')""")) {
                lock.setLong(1, EventWriter.lockId("github", run + "-held"));
                lock.executeQuery().close();
                st.setObject(1, UUID.randomUUID());
                st.setString(2, run + "-held");
                st.executeUpdate();
            }
            // A lone request after a quiet spell leaves at once (well within the 4 s linger); its INSERT then
            // waits on the lock.
            CompletableFuture<Integer> held = send(pool, run + "-held");
            awaitLockWait(Duration.ofSeconds(3));

            double countBefore = Metrics.value("hookgate_ingest_batch_size_events_count");
            double sumBefore = Metrics.value("hookgate_ingest_batch_size_events_sum");
            double timedBefore = Metrics.value("hookgate_ingest_batch_duration_seconds_count");
            List<CompletableFuture<Integer>> full = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                full.add(send(pool, run + "-full-" + i));
            }
            // A full batch does not wait for the linger (4 s) while the first batch is stuck.
            for (CompletableFuture<Integer> f : full) {
                assertThat(f.get(3, TimeUnit.SECONDS)).isEqualTo(202);
            }
            assertThat(Metrics.value("hookgate_ingest_batch_size_events_count") - countBefore)
                    .as("INSERT statements for %d requests queued behind a batch in flight", BATCH).isEqualTo(1);
            assertThat(Metrics.value("hookgate_ingest_batch_size_events_sum") - sumBefore).isEqualTo(BATCH);
            assertThat(Metrics.value("hookgate_ingest_batch_duration_seconds_count") - timedBefore).isEqualTo(1);
            // A commit that took seconds asks for more batches in flight than the configured 2: the cap holds.
            assertThat(Metrics.value("hookgate_ingest_inflight_limit")).isEqualTo(2);

            // One more request is not full and the last batch left just now: it lingers...
            CompletableFuture<Integer> lingering = send(pool, run + "-lingering");
            assertStillQueued(lingering);
            // ...even when no batch is in flight any more, and leaves once the linger is over.
            blocker.rollback();
            assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(202);
            assertStillQueued(lingering);
            assertThat(lingering.get(10, TimeUnit.SECONDS)).isEqualTo(202);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Db.count("SELECT count(*) FROM events WHERE dedup_key LIKE ?", run + "-%")).isEqualTo(BATCH + 2);
    }

    private static CompletableFuture<Integer> send(ExecutorService pool, String delivery) {
        byte[] body = Sign.utf8("{\"delivery\":\"" + delivery + "\"}");
        return CompletableFuture.supplyAsync(() -> given().contentType("application/json")
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body))
                .body(body).post("/webhooks/github").statusCode(), pool);
    }

    private static void assertStillQueued(CompletableFuture<Integer> request) throws Exception {
        try {
            Integer early = request.get(1, TimeUnit.SECONDS);
            throw new AssertionError("answered " + early + " without lingering");
        } catch (TimeoutException expected) {
            // still queued
        }
    }

    /** Until hookgate's batch is blocked on the test's lock of the key. */
    private static void awaitLockWait(Duration within) throws InterruptedException {
        for (long i = 0; i < within.toMillis() / 50; i++) {
            if (Db.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock%'") > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("hookgate's batch never waited on the held key lock");
    }
}
