package io.hookgate.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * PostgreSQL text cannot hold U+0000. A signed event whose id and type carry one (JSON "\u0000") must be stored with
 * U+FFFD instead, and must not fail the insert batch it shares with other events.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class NulTextTest {

    static final int NEIGHBOURS = 30;

    static Response postStripe(byte[] body) {
        return given().contentType("application/json")
                .header("Stripe-Signature", Sign.stripe(TestSources.STRIPE_SECRET, Instant.now().getEpochSecond(), body))
                .body(body).post("/webhooks/stripe");
    }

    @Test
    void aNulInABodyIdOrTypeIsStoredAsReplacementAndFailsNoNeighbour() throws Exception {
        String run = UUID.randomUUID().toString();
        // Raw bytes: the JSON escape \u0000, which the parser turns into a NUL character in the id and the type.
        byte[] nul = Sign.utf8("{\"id\":\"evt_nul\\u0000" + run + "\",\"type\":\"invoice.\\u0000paid\"}");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(NEIGHBOURS + 1);
        List<Future<Response>> neighbours = new ArrayList<>();
        Future<Response> poisoned;
        try {
            for (int i = 0; i < NEIGHBOURS; i++) {
                byte[] body = Sign.utf8("{\"id\":\"evt_" + run + "_" + i + "\",\"type\":\"invoice.paid\"}");
                neighbours.add(pool.submit(() -> {
                    start.await();
                    return postStripe(body);
                }));
            }
            poisoned = pool.submit(() -> {
                start.await();
                return postStripe(nul);
            });
            start.countDown();
            for (Future<Response> neighbour : neighbours) {
                assertThat(neighbour.get().statusCode()).as("a neighbour of the NUL event").isEqualTo(202);
            }
            Response answer = poisoned.get();
            assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(202);
            Map<String, Object> row = Db.event(UUID.fromString(answer.path("id")));
            assertThat(row.get("dedup_key")).isEqualTo("evt_nul\uFFFD" + run);
            assertThat(row.get("event_type")).isEqualTo("invoice.\uFFFDpaid");
            assertThat((byte[]) row.get("payload")).as("the raw body is untouched").isEqualTo(nul);
        } finally {
            pool.shutdownNow();
        }
        // The same event again is a duplicate of the stored one, not a second row.
        assertThat(postStripe(nul).statusCode()).isEqualTo(200);
    }
}
