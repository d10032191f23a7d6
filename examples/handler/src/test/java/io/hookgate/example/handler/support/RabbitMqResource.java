package io.hookgate.example.handler.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.message.Message;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * RabbitMQ 3.x with a dead-letter topology for this test class only ({@link TestRabbit}). With the init argument
 * {@code preload=N}, N events and then one poison message are published before the handler starts (the queue is
 * then created by the sender); without it the handler attaches first and creates the queue itself. Injected as a
 * {@link TestRabbit} field; the ids of what was preloaded as a {@link Preloaded} field.
 */
public class RabbitMqResource implements QuarkusTestResourceLifecycleManager {

    /** What the resource published before the handler started. */
    public record Preloaded(List<UUID> events, UUID poison) {
    }

    private TestRabbit rabbit;
    private int preload;
    private Preloaded preloaded = new Preloaded(List.of(), null);

    @Override
    public void init(Map<String, String> initArgs) {
        preload = Integer.parseInt(initArgs.getOrDefault("preload", "0"));
    }

    @Override
    public Map<String, String> start() {
        if (!TestRabbit.reachable()) {
            throw new IllegalStateException("no RabbitMQ on " + TestRabbit.HOST + ":" + TestRabbit.PORT
                    + " and -Drabbitmq.interop=required: start it, with the rabbitmq_amqp1_0 plugin enabled");
        }
        try {
            rabbit = TestRabbit.withDeadLettering(preload > 0 ? "late" : "early");
            if (preload > 0) {
                publishBeforeStart();
            }
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ set-up failed", e);
        }
        return Map.of(
                "amqp-host", TestRabbit.HOST,
                "amqp-port", String.valueOf(TestRabbit.PORT),
                "amqp-username", TestRabbit.USERNAME,
                "amqp-password", TestRabbit.PASSWORD,
                "mp.messaging.incoming.webhooks.address", rabbit.queue);
    }

    private void publishBeforeStart() {
        List<UUID> ids = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < preload; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            messages.add(ContractMessages.githubEvent(id, "github", i));
        }
        UUID poison = UUID.randomUUID();
        messages.add(ContractMessages.poison(poison, "github"));
        try (AmqpTestClient client = AmqpTestClient.connect(TestRabbit.HOST, TestRabbit.PORT, TestRabbit.USERNAME,
                TestRabbit.PASSWORD)) {
            client.send(rabbit.queue, messages);
        }
        preloaded = new Preloaded(List.copyOf(ids), poison);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(rabbit, new TestInjector.MatchesType(TestRabbit.class));
        injector.injectIntoFields(preloaded, new TestInjector.MatchesType(Preloaded.class));
    }

    @Override
    public void stop() {
        try {
            if (rabbit != null) {
                rabbit.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ clean-up failed", e);
        }
    }
}
