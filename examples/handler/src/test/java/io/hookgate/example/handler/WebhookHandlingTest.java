package io.hookgate.example.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.hookgate.example.handler.support.InMemoryChannelResource;
import io.hookgate.example.handler.support.PostgresResource;
import io.hookgate.example.handler.support.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySource;

/** The handler's logic on the in-memory channel, against a real PostgreSQL. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(InMemoryChannelResource.class)
class WebhookHandlingTest {

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    MeterRegistry registry;

    @Inject
    HandlerConfig config;

    TestPostgres.Database database;

    private void send(TrackedMessage m) {
        InMemorySource<Message<byte[]>> source = connector.source("webhooks");
        source.send(m.message);
    }

    @Test
    void anEventIsHandledOnceAndAcked() throws Exception {
        UUID id = UUID.randomUUID();
        TrackedMessage m = TrackedMessage.event(id, "{\"action\":\"opened\"}");

        send(m);

        m.acked.get(10, TimeUnit.SECONDS);
        assertThat(database.query("SELECT source, type FROM handled_events WHERE event_id = ?", id))
                .containsExactly(java.util.List.of("github", "issues"));
        assertThat(database.count("SELECT count(*) FROM inbox WHERE message_id = ?", id)).isEqualTo(1);
    }

    @Test
    void theSameIdTwiceHasOneEffectAndCountsADuplicate() throws Exception {
        UUID id = UUID.randomUUID();
        double duplicatesBefore = count("handler.events", "duplicate");
        TrackedMessage first = TrackedMessage.event(id, "{\"n\":1}");
        TrackedMessage replay = TrackedMessage.event(id, "{\"n\":1}", true);

        send(first);
        first.acked.get(10, TimeUnit.SECONDS);
        send(replay);
        replay.acked.get(10, TimeUnit.SECONDS);

        assertThat(database.count("SELECT count(*) FROM handled_events WHERE event_id = ?", id)).isEqualTo(1);
        assertThat(count("handler.events", "duplicate") - duplicatesBefore).isEqualTo(1);
    }

    @Test
    void aPoisonMessageIsNackedAfterMaxAttemptsAndTheNextOneIsHandled() throws Exception {
        UUID poisonId = UUID.randomUUID();
        UUID nextId = UUID.randomUUID();
        double failuresBefore = registry.counter("handler.attempt.failures").count();
        TrackedMessage poison = TrackedMessage.event(poisonId, "payload=%7Bnot+json");
        TrackedMessage next = TrackedMessage.event(nextId, "{\"action\":\"closed\"}");

        send(poison);
        send(next);

        Throwable reason = poison.nacked.get(10, TimeUnit.SECONDS);
        assertThat(reason).isInstanceOf(io.vertx.core.json.DecodeException.class);
        assertThat(poison.acked).isNotDone();
        assertThat(registry.counter("handler.attempt.failures").count() - failuresBefore)
                .isEqualTo(config.maxAttempts());
        next.acked.get(10, TimeUnit.SECONDS);
        // The failed attempts rolled back: no effect and no inbox row, so a redelivery would be handled afresh.
        assertThat(database.count("SELECT count(*) FROM handled_events WHERE event_id = ?", poisonId)).isZero();
        assertThat(database.count("SELECT count(*) FROM inbox WHERE message_id = ?", poisonId)).isZero();
        assertThat(database.count("SELECT count(*) FROM handled_events WHERE event_id = ?", nextId)).isEqualTo(1);
    }

    @Test
    void aMessageWithoutCloudEventsIdIsNackedAtOnce() throws Exception {
        double failuresBefore = registry.counter("handler.attempt.failures").count();
        TrackedMessage m = TrackedMessage.withoutCloudEvents("{}");

        send(m);

        assertThat(m.nacked.get(10, TimeUnit.SECONDS)).isInstanceOf(WebhookEvent.ContractViolation.class);
        assertThat(registry.counter("handler.attempt.failures").count()).isEqualTo(failuresBefore);
    }

    @Test
    void manyEventsInARowAreEachHandledOnce() {
        int before = (int) database.count("SELECT count(*) FROM handled_events");
        for (int i = 0; i < 50; i++) {
            send(TrackedMessage.event(UUID.randomUUID(), "{\"i\":" + i + "}"));
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> database.count("SELECT count(*) FROM handled_events") == before + 50);
    }

    private double count(String name, String outcome) {
        var counter = registry.find(name).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
