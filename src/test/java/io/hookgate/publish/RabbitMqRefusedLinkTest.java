package io.hookgate.publish;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hookgate.ingest.Metrics;
import io.hookgate.support.Await;
import io.hookgate.support.BrokerProbe;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A queue that refuses hookgate's link must not stop the other sources. RabbitMQ refuses a durable "queue" attach to
 * a pre-declared quorum queue (PRECONDITION_FAILED, inequivalent x-queue-type) by ending the session: while every
 * link shared one session, that silently took down the links of every source.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
@TestProfile(RabbitMqRefusedLinkTest.Profile.class)
class RabbitMqRefusedLinkTest {

    static final String OK_ADDRESS = "webhooks.topo-ok." + RabbitMqTopology.RUN;
    static final String QUORUM_QUEUE = "topo-quorum." + RabbitMqTopology.RUN;

    public static class Profile extends RabbitMq {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            for (String source : new String[] { "topo-ok", "topo-quorum" }) {
                config.put("hookgate.sources." + source + ".scheme", "github");
                config.put("hookgate.sources." + source + ".secrets", TestSources.GITHUB_SECRET);
            }
            config.put("hookgate.sources.topo-ok.address", OK_ADDRESS);
            config.put("hookgate.sources.topo-quorum.address", QUORUM_QUEUE);
            config.put("hookgate.publish.relay-grace", "1s");
            config.put("hookgate.publish.relay-interval", "500ms");
            return config;
        }
    }

    private static BrokerProbe probe;

    @BeforeAll
    static void declare() throws Exception {
        RabbitMqTopology.requireBroker();
        RabbitMqTopology.declareQuorumQueue(QUORUM_QUEUE);
        probe = RabbitMq.probe().listen(OK_ADDRESS);
    }

    @AfterAll
    static void cleanUp() {
        if (probe != null) {
            probe.close();
        }
        RabbitMqTopology.delete(OK_ADDRESS, QUORUM_QUEUE);
    }

    static UUID post(String source) {
        byte[] body = Sign.utf8("{\"n\":\"" + UUID.randomUUID() + "\"}");
        return UUID.fromString(given().contentType("application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body))
                .body(body).post("/webhooks/" + source)
                .then().statusCode(202).extract().path("id"));
    }

    @Test
    void aRefusedQueueStaysPendingWithTheBrokersAnswerWhileOtherSourcesKeepPublishing() {
        // The healthy source's link is open before the refusal happens.
        UUID before = post("topo-ok");
        assertThat(probe.await(before.toString(), 1, Duration.ofSeconds(15))).hasSize(1);
        double refusalsBefore = Metrics.value("hookgate_publish_link_refusals_total", "address", QUORUM_QUEUE);

        UUID refused = post("topo-quorum");
        Await.until("a failed attempt for " + refused, Duration.ofSeconds(20),
                () -> ((Number) Db.event(refused).get("publish_attempts")).intValue() >= 1);
        Map<String, Object> row = Db.event(refused);
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat((String) row.get("last_error")).contains("amqp:precondition-failed").contains("x-queue-type");
        assertThat(Metrics.value("hookgate_publish_link_refusals_total", "address", QUORUM_QUEUE))
                .isGreaterThan(refusalsBefore);

        // The other source still publishes, on the link it opened before the refusal and on new events.
        for (int i = 0; i < 3; i++) {
            UUID after = post("topo-ok");
            assertThat(probe.await(after.toString(), 1, Duration.ofSeconds(15))).as("event after the refusal").hasSize(1);
            Await.until(after + " PUBLISHED", Duration.ofSeconds(10),
                    () -> "PUBLISHED".equals(Db.event(after).get("status")));
        }
        // The relay keeps retrying the refused one with backoff; it is never called PUBLISHED.
        Await.until("a retry of " + refused, Duration.ofSeconds(20),
                () -> ((Number) Db.event(refused).get("publish_attempts")).intValue() >= 2);
        assertThat(Db.event(refused).get("status")).isEqualTo("PENDING");
    }
}
