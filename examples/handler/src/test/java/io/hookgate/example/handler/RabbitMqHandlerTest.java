package io.hookgate.example.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.hookgate.example.handler.support.AmqpTestClient;
import io.hookgate.example.handler.support.ContractMessages;
import io.hookgate.example.handler.support.PostgresResource;
import io.hookgate.example.handler.support.RabbitMqAvailable;
import io.hookgate.example.handler.support.RabbitMqResource;
import io.hookgate.example.handler.support.TestPostgres;
import io.hookgate.example.handler.support.TestRabbit;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * RabbitMQ 3.x, the handler attached first: its durable receiver declares the durable queue that hookgate's durable
 * sender (target with the "queue" capability) then publishes to. Dead-lettering by policy.
 */
@QuarkusTest
@ExtendWith(RabbitMqAvailable.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(RabbitMqResource.class)
class RabbitMqHandlerTest {

    TestRabbit rabbit;
    TestPostgres.Database database;

    @Inject
    MeterRegistry registry;

    @Inject
    HandlerConfig config;

    @Test
    void theHandlersDurableReceiverCreatesTheQueueThatAHookgateStyleSenderUses() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.messageCount(rabbit.queue) >= 0);
        assertThat(rabbit.isDurableQueue(rabbit.queue)).isTrue();
        List<UUID> ids = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            messages.add(ContractMessages.githubEvent(id, "github", i));
        }

        try (AmqpTestClient client = client()) {
            client.send(rabbit.queue, messages);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> handled(ids) == ids.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.messageCount(rabbit.queue) == 0);
    }

    @Test
    void aPoisonMessageIsDeadLetteredByThePolicyAndLaterEventsAreHandled() throws Exception {
        UUID before = UUID.randomUUID();
        UUID poison = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        UUID duplicate = UUID.randomUUID();
        double failuresBefore = registry.counter("handler.attempt.failures").count();

        try (AmqpTestClient client = client()) {
            client.send(rabbit.queue, ContractMessages.githubEvent(before, "github", 1),
                    ContractMessages.poison(poison, "github"), ContractMessages.githubEvent(after, "github", 2),
                    ContractMessages.githubEvent(duplicate, "github", 3), ContractMessages.replayOf(duplicate, "github", 3));

            await().atMost(Duration.ofSeconds(20)).until(() -> handled(List.of(before, after, duplicate)) == 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.messageCount(rabbit.deadLetterQueue) == 1);
            List<Message> dead = client.receive(rabbit.deadLetterQueue, 1, Duration.ofSeconds(10));
            assertThat(dead).extracting(Message::getMessageId).containsExactly(poison.toString());
        }
        assertThat(registry.counter("handler.attempt.failures").count() - failuresBefore)
                .isEqualTo(config.maxAttempts());
        assertThat(handled(List.of(poison))).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.messageCount(rabbit.queue) == 0);
    }

    private AmqpTestClient client() {
        return AmqpTestClient.connect(TestRabbit.HOST, TestRabbit.PORT, TestRabbit.USERNAME, TestRabbit.PASSWORD);
    }

    private long handled(List<UUID> ids) {
        return database.count("SELECT count(*) FROM handled_events WHERE event_id = ANY(?)",
                (Object) ids.toArray(UUID[]::new));
    }
}
