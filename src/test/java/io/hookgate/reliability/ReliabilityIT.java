package io.hookgate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.hookgate.embedded.EmbeddedBroker;
import io.hookgate.embedded.EmbeddedDatabase;
import io.hookgate.embedded.Ports;
import io.hookgate.support.Await;
import io.hookgate.support.BrokerProbe;
import io.hookgate.support.EmbeddedServersResource;

/**
 * The promise under faults: an event answered 2xx is stored and, eventually, published. hookgate runs as
 * real processes from the packaged jar against a real PostgreSQL and a real broker that this test stops,
 * restarts and kills under load. Each scenario prints what held. Loopback only; every phase is bounded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityIT {

    static final Duration BROKER_OUTAGE = Duration.parse(System.getProperty("reliability.broker-outage", "PT30S"));
    static final Duration DATABASE_OUTAGE = Duration.parse(System.getProperty("reliability.database-outage", "PT10S"));
    static final Duration STEADY = Duration.ofSeconds(5);
    static final int CONCURRENCY = 8;

    static Path dir;
    static EmbeddedDatabase database;
    static EmbeddedBroker broker;
    static Map<String, String> config;

    @BeforeAll
    static void servers() throws Exception {
        dir = Files.createTempDirectory("hookgate-reliability");
        database = new EmbeddedDatabase(Ports.free(), dir.resolve("postgres")).start();
        broker = new EmbeddedBroker(Ports.free(), dir.resolve("artemis")).start();
        config = new HashMap<>(EmbeddedServersResource.connectionConfig(database, broker));
        config.put("hookgate.ingest.db-timeout", "3s");
        config.put("hookgate.publish.relay-interval", "1s");
        config.put("hookgate.publish.relay-grace", "2s");
        config.put("hookgate.publish.backoff-initial", "200ms");
        config.put("hookgate.publish.backoff-max", "2s");
        config.put("hookgate.publish.send-timeout", "3s");
        config.put("hookgate.publish.reconnect-interval", "500ms");
        config.put("hookgate.publish.idle-timeout", "4s");
    }

    @AfterAll
    static void stopServers() throws Exception {
        broker.stop();
        database.stop();
    }

    HookgateProcess hookgate(String name) throws Exception {
        return new HookgateProcess(name, config, dir).start();
    }

    @Test
    @Order(1)
    void brokerDownUnderLoad() throws Exception {
        try (HookgateProcess a = hookgate("broker-outage"); BrokerProbe probe = probe()) {
            LoadDriver load = new LoadDriver(List.of(a.baseUrl()), CONCURRENCY);
            Thread.sleep(STEADY.toMillis());
            broker.stop();
            int fiveXxBefore = serverErrors(load);
            Thread.sleep(BROKER_OUTAGE.toMillis());
            int fiveXxDuring = serverErrors(load) - fiveXxBefore;
            int acceptedDuringOutage = load.acknowledged.size();
            broker.start();
            Thread.sleep(STEADY.toMillis());
            load.close();
            Result r = verify("broker outage", load, probe);
            assertThat(fiveXxDuring).as("5xx answers while only the broker was down").isZero();
            assertThat(acceptedDuringOutage).isPositive();
            r.assertNothingLost();
        }
    }

    @Test
    @Order(2)
    void brokerRestartKeepsWhatWasPublished() throws Exception {
        Set<String> ids;
        try (HookgateProcess a = hookgate("broker-restart")) {
            LoadDriver load = new LoadDriver(List.of(a.baseUrl()), CONCURRENCY);
            Thread.sleep(STEADY.toMillis());
            load.close();
            ids = new HashSet<>(load.acknowledged.values());
            Await.until("all PUBLISHED before the restart", Duration.ofSeconds(60), () -> published(ids) == ids.size());
        }
        broker.stop();
        broker.start();
        // Only now does anybody consume: everything must have survived the restart in the durable queue.
        try (BrokerProbe probe = probe()) {
            Await.until("all messages after the restart", Duration.ofSeconds(60),
                    () -> ids.stream().allMatch(id -> probe.deliveries(id) > 0));
            System.out.printf("broker restart: %d published before, %d consumed after, %d lost%n", ids.size(),
                    ids.stream().filter(id -> probe.deliveries(id) > 0).count(),
                    ids.stream().filter(id -> probe.deliveries(id) == 0).count());
        }
    }

    @Test
    @Order(3)
    void databaseDownUnderLoad() throws Exception {
        try (HookgateProcess a = hookgate("database-outage"); BrokerProbe probe = probe()) {
            LoadDriver load = new LoadDriver(List.of(a.baseUrl()), CONCURRENCY);
            Thread.sleep(STEADY.toMillis());
            database.stop();
            int unavailableBefore = load.count(503);
            Thread.sleep(DATABASE_OUTAGE.toMillis());
            int unavailableDuring = load.count(503) - unavailableBefore;
            database.start();
            a.awaitReady(Duration.ofSeconds(60));
            int acknowledgedAtRecovery = load.acknowledged.size();
            Thread.sleep(STEADY.toMillis());
            load.close();
            Result r = verify("database outage", load, probe);
            assertThat(unavailableDuring).as("503s while PostgreSQL was down").isPositive();
            assertThat(load.acknowledged.size()).as("recovered: new 2xx after the restart")
                    .isGreaterThan(acknowledgedAtRecovery);
            r.assertNothingLost();
        }
    }

    @Test
    @Order(4)
    void killedWithSigkillMidLoadThenRestarted() throws Exception {
        try (BrokerProbe probe = probe()) {
            HookgateProcess a = hookgate("sigkill-1");
            LoadDriver load = new LoadDriver(List.of(a.baseUrl()), CONCURRENCY);
            Thread.sleep(STEADY.toMillis());
            a.kill();
            int acknowledgedAtKill = load.acknowledged.size();
            load.close();
            try (HookgateProcess b = hookgate("sigkill-2")) {
                LoadDriver more = new LoadDriver(List.of(b.baseUrl()), CONCURRENCY);
                Thread.sleep(STEADY.toMillis());
                more.close();
                load.acknowledged.putAll(more.acknowledged);
                Result r = verify("sigkill", load, probe);
                assertThat(acknowledgedAtKill).isPositive();
                r.assertNothingLost();
            }
        }
    }

    @Test
    @Order(5)
    void threeInstancesShareOneDatabaseAndBroker() throws Exception {
        try (HookgateProcess a = hookgate("replica-a"); HookgateProcess b = hookgate("replica-b");
                HookgateProcess c = hookgate("replica-c"); BrokerProbe probe = probe()) {
            List<String> targets = List.of(a.baseUrl(), b.baseUrl(), c.baseUrl());
            LoadDriver spray = new LoadDriver(List.of(), 0);
            Map<String, Set<String>> idsPerDelivery = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String delivery = UUID.randomUUID().toString();
                for (String target : targets) {
                    sends.add(pool.submit(() -> {
                        LoadDriver one = spray;
                        one.send(target, delivery);
                    }));
                }
            }
            for (var f : sends) {
                f.get();
            }
            pool.shutdown();
            spray.close();
            spray.acknowledged.forEach((delivery, id) -> idsPerDelivery.computeIfAbsent(delivery, d -> new HashSet<>()).add(id));
            long rows = count("SELECT count(*) FROM events WHERE source = 'github' AND dedup_key = ANY(?)",
                    (Object) spray.sentDeliveries.toArray(String[]::new));
            long keys = count("SELECT count(DISTINCT dedup_key) FROM events WHERE source = 'github' AND dedup_key = ANY(?)",
                    (Object) spray.sentDeliveries.toArray(String[]::new));
            Result r = verify("three instances", spray, probe);
            System.out.printf("three instances: %d deliveries sprayed at 3 replicas, %d rows, %d distinct keys%n",
                    spray.sentDeliveries.size(), rows, keys);
            assertThat(rows).as("exactly one row per dedup key").isEqualTo(keys).isEqualTo(spray.sentDeliveries.size());
            r.assertNothingLost();
        }
    }

    // ---- verification ---------------------------------------------------------------------------------

    record Result(String scenario, int accepted, long stored, long published) {
        void assertNothingLost() {
            assertThat(stored).as(scenario + ": stored of acknowledged").isEqualTo(accepted);
            assertThat(published).as(scenario + ": published of acknowledged").isEqualTo(accepted);
        }
    }

    /** Checks every acknowledged event: stored, marked PUBLISHED, and really consumed from the broker. */
    Result verify(String scenario, LoadDriver load, BrokerProbe probe) {
        Set<String> ids = new HashSet<>(load.acknowledged.values());
        long stored = count("SELECT count(*) FROM events WHERE id = ANY(?::uuid[])", (Object) ids.toArray(String[]::new));
        // The backlog an outage leaves grows with how fast hookgate accepts (the native build takes ~80k events in a
        // 30 s broker outage here), and the embedded broker drains it at some hundreds a second on a shared 2-core
        // machine: allow 90 s, or 2.5 ms per event when that is longer. Losing an event fails either way.
        Duration drainBudget = Duration.ofSeconds(Math.max(90, ids.size() / 400));
        long drainStart = System.nanoTime();
        try {
            Await.until(scenario + ": every acknowledged event consumed from the broker", drainBudget,
                    () -> ids.stream().allMatch(id -> probe.deliveries(id) > 0));
            Await.until(scenario + ": every acknowledged event PUBLISHED", Duration.ofSeconds(30),
                    () -> published(ids) == ids.size());
        } catch (AssertionError timeout) {
            // fall through: the printed line and the assertion say how many are missing
        }
        long consumed = ids.stream().filter(id -> probe.deliveries(id) > 0).count();
        System.out.printf("%s: %d accepted, %d stored, %d published, %d lost (statuses %s, %d connection errors;"
                + " all consumed %.0f s after the load)%n", scenario, ids.size(), stored, consumed,
                ids.size() - Math.min(stored, consumed), load.statuses, load.ioErrors.get(),
                (System.nanoTime() - drainStart) / 1e9);
        return new Result(scenario, ids.size(), stored, consumed);
    }

    static long published(Set<String> ids) {
        return count("SELECT count(*) FROM deliveries WHERE state = 'PUBLISHED' AND event_id = ANY(?::uuid[])",
                (Object) ids.toArray(String[]::new));
    }

    static int serverErrors(LoadDriver load) {
        return load.statuses.entrySet().stream().filter(e -> e.getKey() >= 500)
                .mapToInt(e -> e.getValue().get()).sum();
    }

    static BrokerProbe probe() {
        return new BrokerProbe("127.0.0.1", broker.port(), null, null).listen("webhooks.github");
    }

    static long count(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres");
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
