package io.hookgate.example.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.hookgate.example.handler.support.BrokerUnderTest;
import io.hookgate.example.handler.support.HandlerProcess;
import io.hookgate.example.handler.support.JavaProcess;
import io.hookgate.example.handler.support.Ports;
import io.hookgate.example.handler.support.TestPostgres;
import io.vertx.core.json.JsonObject;

/**
 * hookgate and the handler as two real processes over one broker: signed webhooks in, handled_events out, through
 * duplicates, replays and a SIGKILLed handler. Needs hookgate's packaged jar (../../target/quarkus-app, or
 * -Dhookgate.jar=...); skipped without it unless -Dhookgate.e2e=required.
 */
class HookgateEndToEndIT {

    static final int EVENTS = 1000;
    static final int DUPLICATE_DELIVERIES = 100;
    static final int REPLAYS = 50;
    static final int KILL_AFTER_ROWS = 100;
    static final String SOURCE = "gh";
    static final String SECRET = "e2e-github-secret";
    static final String ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";
    static final Path LOGS = Path.of("target", "e2e-logs");

    // HTTP/1.1: the JDK client's default h2c upgrade is not how providers call, and a POST is not the place for it.
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyEventIsHandledExactlyOnceThroughDuplicatesReplaysAndAKilledHandler() throws Exception {
        Path hookgateJar = Path.of(System.getProperty("hookgate.jar", "../../target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(hookgateJar)) {
            String why = hookgateJar.toAbsolutePath().normalize() + " is missing: build hookgate first (`./mvnw -B -ntp"
                    + " package -DskipTests` at the repository root) or point -Dhookgate.jar= at its quarkus-run.jar";
            if ("required".equals(System.getProperty("hookgate.e2e"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        TestPostgres.Database hookgateDb = TestPostgres.createDatabase("hookgate");
        // hookgate carries no migration machinery: in production its migrator (migrator/) runs first. Here Flyway's own
        // API applies the same scripts, from the repository's db/migration.
        Flyway.configure().dataSource(hookgateDb.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD)
                .locations("filesystem:" + Path.of(System.getProperty("hookgate.migrations",
                        "../../src/main/resources/db/migration")).toAbsolutePath().normalize())
                .load().migrate();
        TestPostgres.Database handlerDb = TestPostgres.createDatabase("handler");

        try (BrokerUnderTest broker = BrokerUnderTest.rabbitMqOrArtemis("e2e");
                JavaProcess hookgate = hookgate(hookgateJar, hookgateDb, broker)) {
            String ingest = "http://127.0.0.1:" + hookgatePort + "/webhooks/" + SOURCE;
            String admin = "http://127.0.0.1:" + hookgateManagementPort + "/admin";
            System.out.println("e2e: hookgate and the handler on " + broker.name() + ", queue " + broker.queue());

            // The handler attaches before anything was published to its queue.
            HandlerProcess handler = new HandlerProcess("handler-1", handlerDb, broker, LOGS);
            stopAtEnd.add(handler);
            handler.start();
            Map<String, String> idsByDelivery = new ConcurrentHashMap<>();
            ExecutorService sender = Executors.newSingleThreadExecutor();
            stopAtEnd.add(sender::shutdownNow);
            Future<?> sending = sender.submit(() -> sendAll(ingest, idsByDelivery));

            await().atMost(Duration.ofSeconds(60)).until(() -> rows(handlerDb) >= KILL_AFTER_ROWS || sending.isDone());
            handler.kill();
            long rowsAtKill = rows(handlerDb);
            assertThat(rowsAtKill).as("handled rows when the handler was killed").isBetween(1L, EVENTS - 1L);

            sending.get();
            sender.shutdown();
            Set<String> ids = new HashSet<>(idsByDelivery.values());
            assertThat(ids).as("hookgate's event ids").hasSize(EVENTS);

            try (HandlerProcess restarted = new HandlerProcess("handler-2", handlerDb, broker, LOGS).start()) {
                await().atMost(Duration.ofSeconds(180)).until(() -> rows(handlerDb) >= EVENTS);

                List<String> replayed = new ArrayList<>(ids).subList(0, REPLAYS);
                for (String id : replayed) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(admin + "/events/" + id
                            + "/replay")).header("Authorization", "Bearer " + ADMIN_TOKEN)
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as("replay of %s: %s", id, r.body()).isBetween(200, 299);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> restarted.events("duplicate") >= REPLAYS);
                await().atMost(Duration.ofSeconds(30)).until(() -> broker.queued() == 0);

                Set<String> handled = new HashSet<>();
                handlerDb.query("SELECT event_id::text FROM handled_events").forEach(row -> handled.add((String) row.get(0)));
                assertThat(rows(handlerDb)).isEqualTo(EVENTS);
                assertThat(handled).as("handled ids = hookgate's ids").isEqualTo(ids);
                assertThat(handlerDb.count("SELECT count(*) FROM inbox")).isEqualTo(EVENTS);
                assertThat(handlerDb.query("SELECT DISTINCT source, type FROM handled_events"))
                        .containsExactly(List.of(SOURCE, "issues"));
                assertThat(hookgateDb.count("SELECT count(*) FROM events")).isEqualTo(EVENTS);
                assertThat(broker.deadLettered()).as("dead-lettered").isZero();
                assertThat(restarted.events("rejected")).isZero();
                double duplicates = restarted.events("duplicate");
                System.out.printf("e2e (%s): %d events + %d duplicate deliveries + %d replays; handler SIGKILLed at %d"
                        + " rows; after restart %d rows, %d distinct ids, %.0f duplicates acked without effect, %d"
                        + " dead-lettered%n", broker.name(), EVENTS, DUPLICATE_DELIVERIES, REPLAYS, rowsAtKill,
                        rows(handlerDb), handled.size(), duplicates, broker.deadLettered());
            }
        }
    }

    /** Closed after the test whatever happens, so no process outlives it. */
    final List<AutoCloseable> stopAtEnd = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void stopProcesses() throws Exception {
        for (AutoCloseable c : stopAtEnd) {
            c.close();
        }
    }

    int hookgatePort;
    int hookgateManagementPort;

    private JavaProcess hookgate(Path jar, TestPostgres.Database db, BrokerUnderTest broker) throws Exception {
        hookgatePort = Ports.free();
        hookgateManagementPort = Ports.free();
        Map<String, String> config = new HashMap<>(db.quarkusConfig());
        config.putAll(broker.hookgateConfig(SOURCE));
        config.put("quarkus.http.port", String.valueOf(hookgatePort));
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("quarkus.management.port", String.valueOf(hookgateManagementPort));
        config.put("quarkus.management.host", "127.0.0.1");
        config.put("hookgate.admin.token", ADMIN_TOKEN);
        config.put("hookgate.sources." + SOURCE + ".scheme", "github");
        config.put("hookgate.sources." + SOURCE + ".secrets", SECRET);
        JavaProcess process = new JavaProcess("hookgate", jar, config, LOGS).start();
        try {
            process.awaitOk("http://127.0.0.1:" + hookgateManagementPort + "/q/health/ready", Duration.ofSeconds(90));
        } catch (Exception e) {
            process.close();
            throw e;
        }
        return process;
    }

    /** EVENTS distinct deliveries, then DUPLICATE_DELIVERIES of them again (same X-GitHub-Delivery), 16 at a time. */
    private void sendAll(String url, Map<String, String> idsByDelivery) {
        List<String> deliveries = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            deliveries.add(UUID.randomUUID().toString());
        }
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> firstCopies = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                String delivery = deliveries.get(i);
                int n = i;
                firstCopies.add(senders.submit(() -> {
                    HttpResponse<String> r = post(url, delivery, n);
                    assertThat(r.statusCode()).as("delivery %s: %s", delivery, r.body()).isEqualTo(202);
                    JsonObject body = new JsonObject(r.body());
                    assertThat(body.getBoolean("duplicate")).isFalse();
                    idsByDelivery.put(delivery, body.getString("id"));
                    return null;
                }));
            }
            // Every first copy answered before its duplicate is sent: a duplicate is then certainly a duplicate.
            waitFor(firstCopies);
            List<Future<?>> duplicates = new ArrayList<>();
            for (int i = 0; i < DUPLICATE_DELIVERIES; i++) {
                String delivery = deliveries.get(i);
                int n = i;
                // A provider's redelivery: the same id and the same bytes (hookgate also answers a byte-identical
                // GitHub request under another id as a duplicate of the first: its replay cache).
                duplicates.add(senders.submit(() -> {
                    HttpResponse<String> r = post(url, delivery, n);
                    assertThat(r.statusCode()).as("duplicate delivery %s: %s", delivery, r.body()).isEqualTo(200);
                    JsonObject body = new JsonObject(r.body());
                    assertThat(body.getBoolean("duplicate")).isTrue();
                    assertThat(body.getString("id")).isEqualTo(idsByDelivery.get(delivery));
                    return null;
                }));
            }
            waitFor(duplicates);
        } finally {
            senders.shutdownNow();
        }
    }

    private static void waitFor(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
            }
        }
    }

    private HttpResponse<String> post(String url, String delivery, int n) throws Exception {
        byte[] body = ("{\"action\":\"opened\",\"issue\":{\"number\":" + n + ",\"title\":\"e2e\"},\"repository\":"
                + "{\"full_name\":\"acme/widgets\"}}").getBytes(StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "issues")
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + hmacSha256Hex(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hmacSha256Hex(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long rows(TestPostgres.Database db) {
        return db.count("SELECT count(*) FROM handled_events");
    }
}
