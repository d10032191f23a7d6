package io.hookgate.example.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.hookgate.example.handler.support.AmqpTestClient;
import io.hookgate.example.handler.support.PostgresResource;
import io.hookgate.example.handler.support.RabbitMqAvailable;
import io.hookgate.example.handler.support.RabbitMqResource;
import io.hookgate.example.handler.support.TestPostgres;
import io.hookgate.example.handler.support.TestRabbit;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * RabbitMQ 3.x, the other start order: hookgate published (and so declared the durable queue) before the handler
 * ever ran. The handler's durable receiver attaches to that queue and drains it; the poison goes to the DLQ.
 */
@QuarkusTest
@ExtendWith(RabbitMqAvailable.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = RabbitMqResource.class, initArgs = @ResourceArg(name = "preload", value = "30"))
class RabbitMqLateHandlerTest {

    TestRabbit rabbit;
    TestPostgres.Database database;
    RabbitMqResource.Preloaded preloaded;

    @Test
    void drainsWhatWasPublishedBeforeItStartedAndDeadLettersThePoison() throws Exception {
        List<UUID> ids = preloaded.events();
        assertThat(ids).hasSize(30);

        await().atMost(Duration.ofSeconds(20)).until(() -> database.count(
                "SELECT count(*) FROM handled_events WHERE event_id = ANY(?)", (Object) ids.toArray(UUID[]::new)) == 30);
        await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.messageCount(rabbit.deadLetterQueue) == 1);
        try (AmqpTestClient client = AmqpTestClient.connect(TestRabbit.HOST, TestRabbit.PORT, TestRabbit.USERNAME,
                TestRabbit.PASSWORD)) {
            assertThat(client.receive(rabbit.deadLetterQueue, 1, Duration.ofSeconds(10)))
                    .extracting(Message::getMessageId).containsExactly(preloaded.poison().toString());
        }
        assertThat(database.count("SELECT count(*) FROM handled_events")).isEqualTo(30);
        await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.messageCount(rabbit.queue) == 0);
    }
}
