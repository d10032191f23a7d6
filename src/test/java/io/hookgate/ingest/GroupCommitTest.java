package io.hookgate.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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

/** A burst of distinct webhooks shares INSERT round trips, and every acknowledged one is stored. */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class GroupCommitTest {

    static final int BURST = 200;

    @Test
    void concurrentRequestsShareInsertStatements() throws Exception {
        double countBefore = Metrics.value("hookgate_ingest_batch_size_events_count");
        double sumBefore = Metrics.value("hookgate_ingest_batch_size_events_sum");
        double acceptedBefore = Metrics.value("hookgate_webhooks_total", "source", "github", "outcome", "accepted");
        String run = UUID.randomUUID().toString();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            String delivery = run + "-" + i;
            byte[] body = Sign.utf8("{\"burst\":" + i + "}");
            statuses.add(pool.submit(() -> {
                start.await();
                return given().contentType("application/json").header("X-GitHub-Delivery", delivery)
                        .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body))
                        .body(body).post("/webhooks/github").statusCode();
            }));
        }
        start.countDown();
        for (Future<Integer> status : statuses) {
            assertThat(status.get()).isEqualTo(202);
        }
        pool.shutdown();

        assertThat(Db.count("SELECT count(*) FROM events WHERE dedup_key LIKE ?", run + "-%")).isEqualTo(BURST);
        double statements = Metrics.value("hookgate_ingest_batch_size_events_count") - countBefore;
        double events = Metrics.value("hookgate_ingest_batch_size_events_sum") - sumBefore;
        assertThat(events).isEqualTo(BURST);
        assertThat(statements).as("INSERT statements for %d concurrent requests", BURST).isLessThan(BURST);
        assertThat(Metrics.value("hookgate_webhooks_total", "source", "github", "outcome", "accepted"))
                .isEqualTo(acceptedBefore + BURST);
    }
}
