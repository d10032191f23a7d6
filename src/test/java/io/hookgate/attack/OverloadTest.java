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
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.hookgate.ingest.Metrics;
import io.hookgate.support.Await;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** The global budget of requests and body bytes in flight: past it, 503 with Retry-After, and nothing stored. */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
@TestProfile(OverloadTest.SmallBudget.class)
class OverloadTest {

    static final int REQUESTS = 4;
    static final int BYTES = 64 * 1024;

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hookgate.ingest.max-inflight-requests", String.valueOf(REQUESTS),
                    "hookgate.ingest.max-inflight-body-bytes", String.valueOf(BYTES),
                    "hookgate.ingest.body-timeout", "3s",
                    // github's share is its max-body-size (1M); tiny's (max-body-size 1K) is 2K.
                    "hookgate.ingest.max-inflight-body-bytes-per-source", "2K");
        }
    }

    @Test
    void requestsPastTheBudgetGet503WithRetryAfterUntilTheHoldsEnd() throws Exception {
        long rejectedBefore = Db.count("SELECT count(*) FROM rejections WHERE reason = 'overloaded'");
        List<Socket> held = hold(REQUESTS, 0);
        try {
            Response refused = signedDelivery();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("7");
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.asString()).contains("\"reason\":\"overloaded\"");
        } finally {
            close(held);
        }
        Await.until("the budget back", Duration.ofSeconds(10),
                () -> Metrics.value("hookgate_ingest_inflight_requests") == 0);
        assertThat(signedDelivery().statusCode()).isEqualTo(202);
        Await.until("an overloaded record", Duration.ofSeconds(10),
                () -> Db.count("SELECT count(*) FROM rejections WHERE reason = 'overloaded'") > rejectedBefore);
    }

    @Test
    void bodyBytesPastTheBudgetGet503AndAreGivenBack() throws Exception {
        // One request holds 60 KiB of a body it never finishes; a 10 KiB delivery beside it would pass 64 KiB.
        List<Socket> held = hold(1, 60 * 1024);
        try {
            Await.until("60 KiB in flight", Duration.ofSeconds(5),
                    () -> Metrics.value("hookgate_ingest_inflight_body_bytes") >= 60 * 1024);
            Response refused = signedDelivery(10 * 1024);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("7");
        } finally {
            close(held);
        }
        Await.until("the bytes back", Duration.ofSeconds(10),
                () -> Metrics.value("hookgate_ingest_inflight_body_bytes") == 0);
        assertThat(signedDelivery(10 * 1024).statusCode()).isEqualTo(202);
    }

    /** A flood of large bodies on one source spends that source's share only: the others' deliveries go on. */
    @Test
    void oneSourceCannotSpendTheWholeBudget() throws Exception {
        List<Socket> held = hold("tiny", 2, 900, 1000);
        Await.until("1800 bytes in flight", Duration.ofSeconds(5),
                () -> Metrics.value("hookgate_ingest_inflight_body_bytes") >= 1800);
        try (Socket third = new Socket("localhost", RawHttp.port())) {
            third.setSoTimeout(5000);
            OutputStream out = third.getOutputStream();
            out.write(RawHttp.post("/webhooks/tiny", "", 1000).getBytes(StandardCharsets.US_ASCII));
            out.write(" ".repeat(900).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(third.getInputStream().readNBytes(400), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 503").contains("Retry-After: 7").contains("overloaded");
            assertThat(signedDelivery(10 * 1024).statusCode()).as("another source's delivery").isEqualTo(202);
        } finally {
            close(held);
        }
        Await.until("the bytes back", Duration.ofSeconds(10),
                () -> Metrics.value("hookgate_ingest_inflight_body_bytes") == 0);
    }

    private static List<Socket> hold(int count, int bodyBytes) throws Exception {
        return hold("github", count, bodyBytes, 500_000);
    }

    private static List<Socket> hold(String source, int count, int bodyBytes, int declared) throws Exception {
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket("localhost", RawHttp.port());
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.post("/webhooks/" + source, "", declared).getBytes(StandardCharsets.US_ASCII));
            byte[] part = new byte[bodyBytes];
            Arrays.fill(part, (byte) ' ');
            out.write(part);
            out.flush();
            held.add(socket);
        }
        Await.until(count + " requests in flight", Duration.ofSeconds(5),
                () -> Metrics.value("hookgate_ingest_inflight_requests") >= count);
        return held;
    }

    private static void close(List<Socket> sockets) throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static Response signedDelivery() {
        return signedDelivery(0);
    }

    private static Response signedDelivery(int padding) {
        byte[] body = ("{\"pad\":\"" + " ".repeat(padding) + "\",\"id\":\"" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return given().contentType("application/json").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body)).body(body)
                .post("/webhooks/github");
    }
}
