package io.hookgate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.hookgate.support.Await;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Per-source body limits are enforced while the body streams, with or without Content-Length. */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class BodyLimitTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static URI uri(String source) {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
        return URI.create("http://localhost:" + port + "/webhooks/" + source);
    }

    private HttpRequest.Builder signed(byte[] body) {
        return HttpRequest.newBuilder(uri("tiny"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body));
    }

    @Test
    void bodyAtTheLimitIsAccepted() throws Exception {
        byte[] body = json(TestSources.TINY_LIMIT);
        HttpResponse<String> response = http.send(signed(body).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void declaredLengthOverTheLimitIs413WithoutReadingTheBody() throws Exception {
        byte[] body = json(TestSources.TINY_LIMIT + 1);
        long before = Db.count("SELECT count(*) FROM events WHERE source = 'tiny'");
        HttpResponse<String> response = http.send(signed(body).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"reason\":\"payload_too_large\"");
        assertThat(Db.count("SELECT count(*) FROM events WHERE source = 'tiny'")).isEqualTo(before);
        // Rejection records are written after the answer, off the request path.
        Await.until("a payload_too_large record", Duration.ofSeconds(5), () -> Db.count(
                "SELECT count(*) FROM rejections WHERE source = 'tiny' AND reason = 'payload_too_large' AND body_size = ?",
                (long) body.length) == 1);
    }

    @Test
    void chunkedBodyIsCutOffOnceItCrossesTheLimit() throws Exception {
        // An endless chunked stream: the server must answer 413 long before it ends.
        AtomicLong sent = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                sent.incrementAndGet();
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent.get() > 64L * 1024 * 1024) {
                    return -1; // safety stop for a broken server: 64 MiB
                }
                Arrays.fill(b, off, off + len, (byte) 'x');
                sent.addAndGet(len);
                return len;
            }
        };
        HttpRequest request = signed(new byte[0]).POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless)).build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException closedWhileSending) {
            status = 413; // the server may close before the client reads the answer; check the record instead
        }
        assertThat(status).isEqualTo(413);
        assertThat(sent.get()).isLessThan(64L * 1024 * 1024);
        Await.until("a record of the cut-off upload", Duration.ofSeconds(5), () -> Db.count(
                "SELECT count(*) FROM rejections WHERE source = 'tiny' AND reason = 'payload_too_large' "
                        + "AND body_size > ? AND body_size <= ?", (long) TestSources.TINY_LIMIT, 1024L * 1024) > 0);
    }

    private static byte[] json(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[size - 1] = '}';
        return body;
    }
}
