package io.hookgate.outage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.hookgate.support.Await;
import io.hookgate.support.BrokerProbe;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Broker and database outages: 2xx only for committed events, nothing acknowledged is lost. */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class OutageTest {

    static Response postGithub() {
        byte[] body = Sign.utf8("{\"n\":\"" + UUID.randomUUID() + "\"}");
        return given().contentType("application/json")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body))
                .body(body).post("/webhooks/github");
    }

    static int managementPort() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }

    static int readiness() {
        return given().port(managementPort()).get("/q/health/ready").statusCode();
    }

    @Test
    void brokerOutageKeepsAcceptingAndPublishesEverythingAfterRecovery() throws Exception {
        EmbeddedServersResource.broker().stop();
        try {
            Await.until("readiness DOWN without the broker", Duration.ofSeconds(15), () -> readiness() == 503);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                Response r = postGithub();
                assertThat(r.statusCode()).isEqualTo(202);
                ids.add(r.jsonPath().getString("id"));
            }
            // Several relay rounds (relay-grace 1s, relay-interval 300ms): nothing is tried while the broker is down,
            // so an outage under load costs PostgreSQL no failure UPDATE per event and retry.
            Thread.sleep(2_000);
            for (String id : ids) {
                assertThat(Db.event(UUID.fromString(id))).containsEntry("status", "PENDING")
                        .containsEntry("publish_attempts", 0);
            }
            EmbeddedServersResource.broker().start();
            try (BrokerProbe broker = BrokerProbe.embedded().listen("webhooks.github")) {
                for (String id : ids) {
                    assertThat(broker.await(id, 1, Duration.ofSeconds(30))).as("message %s", id).isNotEmpty();
                }
            }
            Await.until("all 25 PUBLISHED", Duration.ofSeconds(20), () -> ids.stream()
                    .allMatch(id -> "PUBLISHED".equals(Db.event(UUID.fromString(id)).get("status"))));
            Await.until("readiness UP again", Duration.ofSeconds(15), () -> readiness() == 200);
        } finally {
            EmbeddedServersResource.broker().start();
        }
    }

    @Test
    void slowDatabaseAnswers503WithRetryAfterAndStoresNothingAcknowledged() throws Exception {
        long unavailableBefore = Db.count("SELECT count(*) FROM rejections WHERE reason = 'unavailable'");
        try (Connection lock = Db.connect()) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
            }
            long start = System.nanoTime();
            Response r = postGithub();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isEqualTo("7");
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("reason")).isEqualTo("unavailable");
            assertThat(tookMs).as("bounded by hookgate.ingest.db-timeout=5s").isLessThan(15_000);
            lock.rollback();
        }
        // The 503 is a rejection like any other: counted, logged and stored (the rejections table was not locked).
        Await.until("the unavailable rejection record", Duration.ofSeconds(10), () -> Db.count(
                "SELECT count(*) FROM rejections WHERE reason = 'unavailable'") > unavailableBefore);
        assertThat(postGithub().statusCode()).isEqualTo(202);
    }

    @Test
    void databaseDownAnswers503ThenRecovers() throws Exception {
        EmbeddedServersResource.database().stop();
        try {
            Response r = postGithub();
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isEqualTo("7");
            Await.until("readiness DOWN without the database", Duration.ofSeconds(15), () -> readiness() == 503);
        } finally {
            EmbeddedServersResource.database().start();
        }
        Await.until("ingest recovers", Duration.ofSeconds(30), () -> postGithub().statusCode() == 202);
        Await.until("readiness UP again", Duration.ofSeconds(30), () -> readiness() == 200);
    }
}
