package io.hookgate.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.hookgate.support.Await;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Random and deliberately nasty requests against the live endpoint: never a 5xx, never a forged row. */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class HostileInputTest {

    static final List<String> SIGNED = List.of("github", "stripe", "slack", "shopify", "svix", "twilio", "generic",
            "gitlab", "tiny");
    static final int REQUESTS = 300;

    static int port() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
    }

    @Test
    void fuzzedRequestsNeverCause5xxOrStoreAForgery() {
        long rowsBefore = Db.count("SELECT count(*) FROM events WHERE source = ANY(?)", (Object) SIGNED.toArray(String[]::new));
        Arbitrary<String> sources = Arbitraries.oneOf(Arbitraries.of(SIGNED),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20)
                        .filter(name -> !name.equals("open"))); // "open" is the unsigned source
        Arbitrary<String> names = Arbitraries.of("X-Hub-Signature-256", "Stripe-Signature", "X-Slack-Signature",
                "X-Slack-Request-Timestamp", "X-Shopify-Hmac-Sha256", "webhook-id", "webhook-timestamp",
                "webhook-signature", "svix-signature", "X-Twilio-Signature", "X-Signature", "X-Gitlab-Token",
                "X-GitHub-Delivery", "Content-Type");
        Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200);
        Arbitrary<Map<String, String>> headers = Arbitraries.maps(names, values).ofMaxSize(6);
        Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);

        var sourceSamples = sources.sampleStream().iterator();
        var headerSamples = headers.sampleStream().iterator();
        var bodySamples = bodies.sampleStream().iterator();
        for (int i = 0; i < REQUESTS; i++) {
            String source = sourceSamples.next();
            RequestSpecification request = given().urlEncodingEnabled(false);
            headerSamples.next().forEach(request::header);
            int status = request.body(bodySamples.next()).post("/webhooks/" + source).statusCode();
            assertThat(status).as("request %d to %s", i, source).isBetween(400, 499);
        }
        assertThat(Db.count("SELECT count(*) FROM events WHERE source = ANY(?)", (Object) SIGNED.toArray(String[]::new)))
                .isEqualTo(rowsBefore);
    }

    @Test
    void oversizedHeadersAreRefusedBeforeAnyWork() {
        int status = given().header("X-Hub-Signature-256", "sha256=" + "a".repeat(20_000)).body("{}")
                .post("/webhooks/github").statusCode();
        assertThat(status).isEqualTo(431);
    }

    @Test
    void aBodyThatTricklesInIsCutOffWith408() throws Exception {
        long before = Db.count("SELECT count(*) FROM rejections WHERE reason = 'request_timeout'");
        try (Socket socket = new Socket("localhost", port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"slow\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            String response = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 408"
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(response).isEqualTo("HTTP/1.1 408");
            assertThat(waitedMs).as("hookgate.ingest.body-timeout=2s").isBetween(1_500L, 10_000L);
        }
        Await.until("a request_timeout record", Duration.ofSeconds(5),
                () -> Db.count("SELECT count(*) FROM rejections WHERE reason = 'request_timeout'") > before);
    }
}
