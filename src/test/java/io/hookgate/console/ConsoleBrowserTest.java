package io.hookgate.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hookgate.support.Await;
import io.hookgate.support.BrokerProbe;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.amqp.AmqpMessage;

/**
 * The console in a real browser: src/test/browser/console.test.mjs (playwright-core driving Debian's chromium,
 * headless) signs in, filters, opens an event, replays it, runs and cancels bulk replays, reads the rejections and the
 * sources, checks the keyboard path and the labels, and saves a full-page screenshot of every page in
 * target/console-screenshots. This test stores what the script looks for, runs it with node, and checks afterwards
 * that the replay the script clicked reached the broker.
 *
 * <p>Skipped where node, chromium or src/test/browser/node_modules is missing; fails instead with
 * -Dconsole.browser=required (CI sets it, and .ci/run installs them).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class ConsoleBrowserTest {

    static final Path BROWSER = Path.of("src/test/browser");
    static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);
    /** At the tests' admin replay rate (400/s) a job over this many takes 10 s: still RUNNING when Cancel is clicked. */
    static final int BIG_JOB = 4000;
    static final String BULK_SOURCE = "gitlab";

    static BrokerProbe broker;
    static String bigType;

    @BeforeAll
    static void listen() {
        broker = BrokerProbe.embedded().listen("webhooks.github");
    }

    @AfterAll
    static void close() throws Exception {
        broker.close();
        if (bigType != null) {
            // The rows this test wrote straight into the table; the cancelled job no longer reads them.
            try (Connection c = Db.connect();
                    PreparedStatement st = c.prepareStatement("DELETE FROM events WHERE source = ? AND event_type = ?")) {
                st.setString(1, BULK_SOURCE);
                st.setString(2, bigType);
                st.executeUpdate();
            }
        }
    }

    static boolean required() {
        return "required".equals(System.getProperty("console.browser"));
    }

    /** What is missing to run the browser tests here, or an empty list. */
    static List<String> missing(String chromium) {
        List<String> missing = new ArrayList<>();
        if (!onPath("node")) {
            missing.add("node 20 or newer on the PATH");
        }
        if (!Files.isDirectory(BROWSER.resolve("node_modules/playwright-core"))) {
            missing.add(BROWSER.resolve("node_modules/playwright-core") + " (cd src/test/browser && npm ci)");
        }
        if (!Files.isExecutable(Path.of(chromium))) {
            missing.add(chromium + " (apt-get install chromium)");
        }
        return missing;
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theConsoleInChromium() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        List<String> missing = missing(chromium);
        if (!missing.isEmpty()) {
            String what = "the console's browser tests need " + String.join(", ", missing);
            if (required()) {
                fail(what + "; -Dconsole.browser=required was given");
            }
            assumeTrue(false, what + ": skipped (-Dconsole.browser=required makes this a failure)");
        }

        // Other tests share the app and its database: the script narrows its lists to what came after this.
        Instant since = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        // A github event whose body carries markup (and starts with a newline, which a <pre> must keep).
        String delivery = UUID.randomUUID().toString();
        String body = "\n{\"action\":\"opened\",\"note\":\"</pre><script>alert('console-browser')</script>\","
                + "\"img\":\"\\\"><img src=x onerror=alert(2)>\",\"delivery\":\"" + delivery + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String eventId = given().contentType("application/json").header("X-GitHub-Delivery", delivery)
                .header("X-GitHub-Event", "issues").header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, bytes))
                .body(bytes).post("/webhooks/github").then().statusCode(202).extract().path("id");
        assertThat(broker.await(eventId, 1, Duration.ofSeconds(10))).as("the first delivery").hasSize(1);
        Await.until("the event marked PUBLISHED", Duration.ofSeconds(10),
                () -> "PUBLISHED".equals(Db.event(UUID.fromString(eventId)).get("status")));

        // Bulk replays on the gitlab source (its events have a type: X-Gitlab-Event): a few events through the front
        // door, and many more written straight into the table (the ingest path would take longer than the rest of
        // this test for them).
        String smallType = "deploy-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json").header("X-Gitlab-Token", TestSources.GITLAB_TOKEN)
                    .header("X-Gitlab-Event", smallType).body("{\"object_kind\":\"push\",\"n\":" + i + "}")
                    .post("/webhooks/" + BULK_SOURCE).then().statusCode(202);
        }
        bigType = "backfill-" + UUID.randomUUID().toString().substring(0, 8);
        Db.ensurePartitions(Instant.now().minus(Duration.ofDays(2)), Instant.now());
        try (Connection c = Db.connect(); PreparedStatement st = c.prepareStatement("""
                WITH e AS (
                    INSERT INTO events (id, source, dedup_key, event_type, received_at, content_type, headers, payload)
                    SELECT gen_random_uuid(), ?, ? || '-' || n, ?, now() - interval '2 days' + n * interval '1 ms',
                           'application/json', '{}'::jsonb, convert_to('{"n":' || n || '}', 'UTF8')
                    FROM generate_series(1, ?) AS n
                    RETURNING id, received_at, source)
                INSERT INTO deliveries (received_at, event_id, destination, source, state, attempts, delivered_at)
                SELECT received_at, id, 'default', source, 'PUBLISHED', 1, now() FROM e""")) {
            st.setString(1, BULK_SOURCE);
            st.setString(2, bigType);
            st.setString(3, bigType);
            st.setInt(4, BIG_JOB);
            assertThat(st.executeUpdate()).isEqualTo(BIG_JOB);
        }

        // A rejection: a github webhook with a wrong signature.
        String marker = "console-browser-rejected-" + UUID.randomUUID();
        given().contentType("application/json").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64)).body("{\"marker\":\"" + marker + "\"}")
                .post("/webhooks/github").then().statusCode(401);
        // Searched as bytes: other tests (the fuzzers) leave rejection excerpts that are not UTF-8 and cannot be decoded.
        Await.until("the rejection record", Duration.ofSeconds(10), () -> Db.count(
                "SELECT count(*) FROM rejections WHERE position(convert_to(?, 'UTF8') in body_excerpt) > 0", marker) == 1);
        String reason = Db.query("SELECT reason FROM rejections WHERE position(convert_to(?, 'UTF8') in body_excerpt) > 0",
                marker).get(0).get("reason").toString();

        Files.createDirectories(SCREENSHOTS);
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec", "console.test.mjs")
                .directory(BROWSER.toFile()).redirectErrorStream(true);
        Map<String, String> env = node.environment();
        env.put("CONSOLE_URL", "http://localhost:" + port + "/console");
        env.put("ADMIN_TOKEN", TestSources.ADMIN_TOKEN);
        env.put("SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString());
        env.put("CHROMIUM", chromium);
        env.put("GITHUB_EVENT_ID", eventId);
        env.put("GITHUB_DELIVERY", delivery);
        env.put("GITHUB_BODY", body);
        env.put("BULK_SOURCE", BULK_SOURCE);
        env.put("BULK_SMALL_TYPE", smallType);
        env.put("BULK_SMALL_COUNT", "3");
        env.put("BULK_BIG_TYPE", bigType);
        env.put("BULK_BIG_COUNT", Integer.toString(BIG_JOB));
        env.put("REJECTION_MARKER", marker);
        env.put("REJECTION_REASON", reason);
        env.put("SINCE", since.toString());
        Path log = Files.createTempFile("console-browser", ".log");
        node.redirectOutput(log.toFile());
        long started = System.nanoTime();
        Process process = node.start();
        boolean ended = process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = read(log);
        System.out.printf("console.test.mjs (%d s):%n%s%n", (System.nanoTime() - started) / 1_000_000_000L, output);
        assertThat(ended).as("console.test.mjs ended within %s:%n%s", SCRIPT_TIMEOUT, output).isTrue();
        assertThat(process.exitValue()).as("console.test.mjs failed:%n%s", output).isZero();
        assertThat(output).as(output).contains("replayed " + eventId);

        // The Replay the script clicked: a second delivery, flagged as a replay.
        List<AmqpMessage> deliveries = broker.await(eventId, 2, Duration.ofSeconds(10));
        assertThat(deliveries).as("the delivery and the replay of %s", eventId).hasSize(2);
        assertThat(deliveries.get(1).applicationProperties().getBoolean("replay")).isTrue();
        assertThat(new String(deliveries.get(1).bodyAsBinary().getBytes(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(Db.event(UUID.fromString(eventId)).get("replay_count")).isEqualTo(1);
        // What the cancelled job sent, next to what its page showed (the script printed that).
        System.out.printf("cancelled bulk job: %d of its %d events were replayed%n",
                Db.count("SELECT count(*) FROM " + Db.EVENTS_WITH_STATE + " WHERE event_type = ? AND replay_count > 0", bigType), BIG_JOB);
        // What the job reports matches what it sent, the page in flight at the cancel included.
        io.hookgate.support.Await.until("the cancelled job's count to match its replays", java.time.Duration.ofSeconds(15),
                () -> Db.count("SELECT coalesce(sum(published), -1) FROM replay_jobs WHERE filter->>'type' = ? "
                        + "AND state IN ('CANCELLED', 'COMPLETED')", bigType)
                        == Db.count("SELECT count(*) FROM " + Db.EVENTS_WITH_STATE + " WHERE event_type = ? AND replay_count > 0", bigType));
        // The small bulk job replayed each of its events once.
        assertThat(Db.count("SELECT count(*) FROM " + Db.EVENTS_WITH_STATE + " WHERE event_type = ? AND replay_count = 1", smallType)).isEqualTo(3);
    }

    private static String read(Path log) throws IOException {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
