package io.hookgate.attack;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.hookgate.ingest.Metrics;
import io.hookgate.support.Await;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The public port attacked the way the Internet attacks it, one test per attack that reproduced against an earlier
 * build (issue "Hostile internet"): real HTTP, written byte for byte where a client would have cleaned it up.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class AttackSuiteTest {

    /** Was a 500 (a NullPointerException): BodyReader checked the raw path, routing the normalised one. */
    @Test
    void encodedAndDotSegmentPathsGetTheLimitsOfTheSourceTheyReach() throws Exception {
        byte[] oversized = new byte[3 * TestSources.TINY_LIMIT];
        Arrays.fill(oversized, (byte) ' ');
        long stored = Db.count("SELECT count(*) FROM events WHERE source = 'tiny'");
        for (String target : List.of("/%77ebhooks/tiny", "/webhooks/./tiny", "/x/../webhooks/tiny",
                "/webhooks/%74iny", "/%2577ebhooks/tiny")) {
            int status = RawHttp.send(RawHttp.post(target, "", oversized.length), oversized);
            assertThat(status).as(target).isIn(404, 413);
            if (!target.contains("%25")) {
                assertThat(status).as(target + " reaches source tiny").isEqualTo(413);
            }
        }
        for (String target : List.of("/%77ebhooks/no-such-source", "/%77ebhooks/", "/webhooks/%2e%2e/q/metrics")) {
            assertThat(RawHttp.send(RawHttp.post(target, "", 2), "{}".getBytes(StandardCharsets.US_ASCII)))
                    .as(target).isBetween(400, 499);
        }
        assertThat(Db.count("SELECT count(*) FROM events WHERE source = 'tiny'")).isEqualTo(stored);
    }

    /** Every random name used to be stored as a source of its own and listed by /admin/overview. */
    @Test
    void unknownSourceNamesAreOneUnknownSourceAndNeverListed() {
        String run = "atk" + UUID.randomUUID().toString().substring(0, 8);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            names.add(run + i);
        }
        double before = Metrics.value("hookgate_webhooks_rejected_total", "source", "_unknown", "reason",
                "unknown_source");
        for (String name : names) {
            given().body("{}").contentType("application/json").post("/webhooks/" + name).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        assertThat(Metrics.value("hookgate_webhooks_rejected_total", "source", "_unknown", "reason", "unknown_source"))
                .isEqualTo(before + names.size());
        Await.until("the unknown-source records", Duration.ofSeconds(10), () -> Db.count(
                "SELECT count(*) FROM rejections WHERE source = '_unknown' AND detail LIKE ?", "%" + run + "%") == 20);
        assertThat(Db.count("SELECT count(*) FROM rejections WHERE source LIKE ?", run + "%")).isZero();
        List<String> listed = given().port(managementPort()).header("Authorization", "Bearer " + TestSources.ADMIN_TOKEN)
                .get("/admin/overview").then().statusCode(200).extract().jsonPath().getList("items.source");
        assertThat(listed).contains("github", "stripe").noneMatch(s -> s.startsWith(run));
    }

    /** A request to an unknown source may carry a real secret (a mistyped URL): its record must not keep it. */
    @Test
    void unknownSourceRecordsRedactEveryConfiguredSecretHeader() {
        String marker = "atk-redact-" + UUID.randomUUID();
        given().header("X-Gitlab-Token", TestSources.GITLAB_TOKEN).header("X-Marker", marker).body("{}")
                .post("/webhooks/gitlob").then().statusCode(404);
        Await.until("the record", Duration.ofSeconds(10),
                () -> Db.count("SELECT count(*) FROM rejections WHERE headers::text LIKE ?", "%" + marker + "%") == 1);
        assertThat(Db.count("SELECT count(*) FROM rejections WHERE headers::text LIKE ? AND headers::text LIKE ?",
                "%" + marker + "%", "%" + TestSources.GITLAB_TOKEN + "%")).isZero();
    }

    /**
     * 300 connections that announce a 1 MB body and send nothing took the whole 256 MiB heap (the buffer was sized
     * from Content-Length), and a signed delivery got no answer. Now they hold no body bytes, and a signed delivery
     * beside them is accepted.
     */
    @Test
    void headersAnnouncingLargeBodiesReserveNothingAndStarveNobody() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket("localhost", RawHttp.port());
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                out.write(RawHttp.post("/webhooks/github", "X-Hub-Signature-256: sha256=00\r\n", 1_000_000)
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                held.add(socket);
            }
            Await.until("300 requests in flight", Duration.ofSeconds(5),
                    () -> Metrics.value("hookgate_ingest_inflight_requests") >= 300);
            assertThat(Metrics.value("hookgate_ingest_inflight_body_bytes")).isLessThan(300 * 4096);

            byte[] body = ("{\"beside\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
            given().contentType("application/json").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                    .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body)).body(body)
                    .post("/webhooks/github").then().statusCode(202);
            // The holds end at the body timeout (2 s here) with a 408 each.
            for (Socket socket : held.subList(0, 3)) {
                assertThat(RawHttp.statusOf(RawHttp.readAnswer(socket.getInputStream()))).isEqualTo(408);
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        Await.until("the holds released", Duration.ofSeconds(10),
                () -> Metrics.value("hookgate_ingest_inflight_requests") == 0
                        && Metrics.value("hookgate_ingest_inflight_body_bytes") == 0);
    }

    /** Every attack above, and a client that drops its connection mid-body: no stack trace in the log. */
    @Test
    void aClientThatHangsUpMidBodyLogsNoStackTrace() throws Exception {
        long mark = LogWatch.mark();
        for (int i = 0; i < 5; i++) {
            try (Socket socket = new Socket("localhost", RawHttp.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(RawHttp.post("/webhooks/github", "", 10_000).getBytes(StandardCharsets.US_ASCII));
                out.write("{\"half\":".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(100);
            }
        }
        Await.until("the hang-ups counted", Duration.ofSeconds(5),
                () -> Metrics.value("hookgate_ingest_aborted_total", "source", "github") >= 5);
        assertThat(LogWatch.stackTraces(LogWatch.since(mark))).isEmpty();
    }

    /** A flood of rejections used to write one WARN line each, without limit. */
    @Test
    void aFloodOfRejectionsIsLoggedAtTheLimitAndThenSummarised() throws Exception {
        String run = "flood" + UUID.randomUUID().toString().substring(0, 8);
        double suppressedBefore = Metrics.value("hookgate_rejection_log_suppressed_total");
        long mark = LogWatch.mark();
        long started = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            given().body("{}").contentType("application/json").post("/webhooks/" + run + i).then().statusCode(404);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 2;
        double suppressed = Metrics.value("hookgate_rejection_log_suppressed_total") - suppressedBefore;
        long lines = LogWatch.since(mark).lines().filter(l -> l.contains("rejected webhook: source=") && l.contains(run))
                .count();
        // 20 lines a second (the default), within the seconds the flood lasted; every other one is counted.
        assertThat(lines).isLessThanOrEqualTo(20 * seconds).isLessThan(300);
        assertThat(suppressed).isGreaterThanOrEqualTo(300 - lines);
        Await.until("the summary line", Duration.ofSeconds(15), () -> logSince(mark).lines()
                .anyMatch(l -> l.contains("more rejections not logged one by one") && l.contains("unknown_source")));
    }

    private static String logSince(long mark) {
        try {
            return LogWatch.since(mark);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static int managementPort() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }
}
