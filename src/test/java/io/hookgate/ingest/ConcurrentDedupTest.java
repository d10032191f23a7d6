package io.hookgate.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.hookgate.support.BrokerProbe;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Identical deliveries racing each other: one row, one 202, the rest 200 with the same id, one message. */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class ConcurrentDedupTest {

    static final int RACERS = 40;

    @Test
    void concurrentIdenticalDeliveriesStoreAndPublishOnce() throws Exception {
        byte[] body = Sign.utf8("{\"race\":\"" + UUID.randomUUID() + "\"}");
        String delivery = UUID.randomUUID().toString();
        String signature = Sign.github(TestSources.GITHUB_SECRET, body);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        List<Future<Response>> responses = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            responses.add(pool.submit(() -> {
                start.await();
                return given().contentType("application/json")
                        .header("X-GitHub-Delivery", delivery)
                        .header("X-Hub-Signature-256", signature)
                        .body(body).post("/webhooks/github");
            }));
        }
        start.countDown();
        int created = 0;
        int duplicates = 0;
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Future<Response> f : responses) {
            Response r = f.get();
            if (r.statusCode() == 202) {
                created++;
            } else if (r.statusCode() == 200) {
                duplicates++;
            }
            ids.add(r.jsonPath().getString("id"));
        }
        pool.shutdown();

        assertThat(created).isEqualTo(1);
        assertThat(duplicates).isEqualTo(RACERS - 1);
        assertThat(ids).hasSize(1);
        assertThat(Db.count("SELECT count(*) FROM events WHERE source = 'github' AND dedup_key = ?", delivery))
                .isEqualTo(1);
        try (BrokerProbe broker = BrokerProbe.embedded().listen("webhooks.github")) {
            String id = ids.iterator().next();
            assertThat(broker.await(id, 1, Duration.ofSeconds(10))).hasSize(1);
            assertThat(broker.await(id, 2, Duration.ofSeconds(2))).hasSize(1);
        }
    }
}
