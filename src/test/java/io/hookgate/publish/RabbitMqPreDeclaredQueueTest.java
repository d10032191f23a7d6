package io.hookgate.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rabbitmq.client.GetResponse;

import io.hookgate.ingest.Metrics;
import io.hookgate.support.Await;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * hookgate.publish.declare=none with RabbitMQ 3.x's /amq/queue/ addresses: hookgate publishes into a quorum queue the
 * platform team declared, declares nothing, and refuses to send to a queue that does not exist (RabbitMQ 3.x would
 * accept such a message and drop it).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
@TestProfile(RabbitMqPreDeclaredQueueTest.Profile.class)
class RabbitMqPreDeclaredQueueTest {

    static final String QUORUM_QUEUE = "predeclared-quorum." + RabbitMqTopology.RUN;
    static final String MISSING_QUEUE = "predeclared-missing." + RabbitMqTopology.RUN;

    public static class Profile extends RabbitMq {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("hookgate.publish.declare", "none");
            config.put("hookgate.publish.address-prefix", "/amq/queue/");
            for (String source : new String[] { "pre-quorum", "pre-missing" }) {
                config.put("hookgate.sources." + source + ".scheme", "github");
                config.put("hookgate.sources." + source + ".secrets", TestSources.GITHUB_SECRET);
            }
            config.put("hookgate.sources.pre-quorum.address", QUORUM_QUEUE);
            config.put("hookgate.sources.pre-missing.address", MISSING_QUEUE);
            return config;
        }
    }

    @BeforeAll
    static void declare() throws Exception {
        RabbitMqTopology.requireBroker();
        RabbitMqTopology.declareQuorumQueue(QUORUM_QUEUE);
    }

    @AfterAll
    static void cleanUp() {
        RabbitMqTopology.delete(QUORUM_QUEUE, MISSING_QUEUE);
    }

    @Test
    void publishesIntoThePreDeclaredQuorumQueue() throws Exception {
        UUID id = RabbitMqRefusedLinkTest.post("pre-quorum");
        Await.until(id + " PUBLISHED", Duration.ofSeconds(15), () -> "PUBLISHED".equals(Db.event(id).get("status")));

        GetResponse got = null;
        for (int i = 0; i < 50 && got == null; i++) {
            got = RabbitMqTopology.take(QUORUM_QUEUE);
            if (got == null) {
                Thread.sleep(100);
            }
        }
        assertThat(got).as("a message in the quorum queue").isNotNull();
        assertThat(got.getBody()).isEqualTo((byte[]) Db.event(id).get("payload"));
        assertThat(got.getProps().getMessageId()).isEqualTo(id.toString());
    }

    @Test
    void aQueueThatDoesNotExistIsNeitherCreatedNorCalledPublished() throws Exception {
        double refusalsBefore = Metrics.value("hookgate_publish_link_refusals_total", "address",
                "/amq/queue/" + MISSING_QUEUE);
        UUID id = RabbitMqRefusedLinkTest.post("pre-missing");
        Await.until("a failed attempt for " + id, Duration.ofSeconds(20),
                () -> ((Number) Db.event(id).get("publish_attempts")).intValue() >= 1);
        Map<String, Object> row = Db.event(id);
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat((String) row.get("last_error")).contains("no queue").contains("amqp:not-found");
        assertThat(Metrics.value("hookgate_publish_link_refusals_total", "address", "/amq/queue/" + MISSING_QUEUE))
                .isGreaterThan(refusalsBefore);
        assertThat(RabbitMqTopology.exists(MISSING_QUEUE)).as("hookgate declared the queue").isFalse();
    }
}
