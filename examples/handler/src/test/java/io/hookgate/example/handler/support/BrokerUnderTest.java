package io.hookgate.example.handler.support;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The broker of a process-level test: RabbitMQ 3.x on 127.0.0.1:5672 when it is there (or required with
 * -Drabbitmq.interop=required), else an embedded Artemis in the test JVM. Either way one queue of its own, with
 * dead-lettering, and the settings that hookgate and the handler need to use it.
 */
public abstract sealed class BrokerUnderTest implements AutoCloseable {

    /** RabbitMQ when reachable or required, else Artemis; -De2e.broker=artemis|rabbitmq chooses. */
    public static BrokerUnderTest rabbitMqOrArtemis(String prefix) throws Exception {
        String chosen = System.getProperty("e2e.broker", "");
        if (chosen.equals("artemis")) {
            return artemis(prefix);
        }
        if (chosen.equals("rabbitmq") || TestRabbit.required() || TestRabbit.reachable()) {
            return rabbitMq(prefix);
        }
        return artemis(prefix);
    }

    public static BrokerUnderTest rabbitMq(String prefix) throws Exception {
        if (!TestRabbit.reachable()) {
            throw new IllegalStateException("no RabbitMQ on 127.0.0.1:5672 (-Drabbitmq.interop=required)");
        }
        return new RabbitMq(TestRabbit.withDeadLettering(prefix));
    }

    public static BrokerUnderTest artemis(String prefix) throws Exception {
        return new Artemis(new TestArtemis().start(), "webhooks." + prefix + "-" + UUID.randomUUID().toString()
                .substring(0, 8));
    }

    public abstract String name();

    public abstract String queue();

    /** Messages waiting in the queue. */
    public abstract long queued() throws Exception;

    /** Messages in the dead-letter queue. */
    public abstract long deadLettered() throws Exception;

    /** The handler's keys: the broker and its channel's address. */
    public abstract Map<String, String> handlerConfig();

    /** hookgate's keys: the broker, and the given source publishing to {@link #queue()}. */
    public abstract Map<String, String> hookgateConfig(String source);

    public abstract AmqpTestClient client();

    static final class RabbitMq extends BrokerUnderTest {
        private final TestRabbit rabbit;

        RabbitMq(TestRabbit rabbit) {
            this.rabbit = rabbit;
        }

        @Override
        public String name() {
            return "RabbitMQ 3.x on 127.0.0.1:5672";
        }

        @Override
        public String queue() {
            return rabbit.queue;
        }

        @Override
        public long queued() throws Exception {
            return Math.max(0, rabbit.messageCount(rabbit.queue));
        }

        @Override
        public long deadLettered() throws Exception {
            return rabbit.messageCount(rabbit.deadLetterQueue);
        }

        private Map<String, String> amqp() {
            return Map.of("amqp-host", TestRabbit.HOST, "amqp-port", String.valueOf(TestRabbit.PORT),
                    "amqp-username", TestRabbit.USERNAME, "amqp-password", TestRabbit.PASSWORD);
        }

        @Override
        public Map<String, String> handlerConfig() {
            Map<String, String> config = new HashMap<>(amqp());
            config.put("mp.messaging.incoming.webhooks.address", rabbit.queue);
            return config;
        }

        @Override
        public Map<String, String> hookgateConfig(String source) {
            Map<String, String> config = new HashMap<>(amqp());
            config.put("hookgate.sources." + source + ".address", rabbit.queue);
            return config;
        }

        @Override
        public AmqpTestClient client() {
            return AmqpTestClient.connect(TestRabbit.HOST, TestRabbit.PORT, TestRabbit.USERNAME, TestRabbit.PASSWORD);
        }

        @Override
        public void close() throws Exception {
            rabbit.close();
        }
    }

    static final class Artemis extends BrokerUnderTest {
        private final TestArtemis artemis;
        private final String queue;

        Artemis(TestArtemis artemis, String queue) {
            this.artemis = artemis;
            this.queue = queue;
        }

        @Override
        public String name() {
            return "embedded ActiveMQ Artemis";
        }

        @Override
        public String queue() {
            return queue;
        }

        @Override
        public long queued() {
            return artemis.messageCount(queue);
        }

        @Override
        public long deadLettered() {
            return artemis.messageCount(TestArtemis.DEAD_LETTER_QUEUE);
        }

        private Map<String, String> amqp() {
            // Security is off: any credentials pass.
            return Map.of("amqp-host", artemis.host(), "amqp-port", String.valueOf(artemis.port()),
                    "amqp-username", "guest", "amqp-password", "guest");
        }

        @Override
        public Map<String, String> handlerConfig() {
            Map<String, String> config = new HashMap<>(amqp());
            config.put("mp.messaging.incoming.webhooks.address", queue);
            config.put("mp.messaging.incoming.webhooks.capabilities", "queue");
            return config;
        }

        @Override
        public Map<String, String> hookgateConfig(String source) {
            Map<String, String> config = new HashMap<>(amqp());
            config.put("hookgate.sources." + source + ".address", queue);
            return config;
        }

        @Override
        public AmqpTestClient client() {
            return AmqpTestClient.connect(artemis.host(), artemis.port(), "guest", "guest");
        }

        @Override
        public void close() throws Exception {
            artemis.close();
        }
    }
}
