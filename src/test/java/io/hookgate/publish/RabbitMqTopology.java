package io.hookgate.publish;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

/**
 * The queues a platform team declares itself on RabbitMQ (AMQP 0-9-1, as the management UI or the topology operator
 * would): quorum queues, which hookgate must not try to declare.
 */
final class RabbitMqTopology {

    /**
     * Unique per JVM, since the broker outlives test runs. Kept in a system property because Quarkus loads the test
     * profile and the test class in different class loaders, each with its own statics.
     */
    static final String RUN = runId();

    private RabbitMqTopology() {
    }

    private static synchronized String runId() {
        String run = System.getProperty("hookgate-tests.rabbitmq-run");
        if (run == null) {
            run = UUID.randomUUID().toString().substring(0, 8);
            System.setProperty("hookgate-tests.rabbitmq-run", run);
        }
        return run;
    }

    static void requireBroker() {
        if (RabbitMq.required()) {
            assertTrue(RabbitMq.reachable(), "RabbitMQ on 127.0.0.1:5672 is required but unreachable");
        }
        assumeTrue(RabbitMq.reachable(), "no RabbitMQ on 127.0.0.1:5672; topology tests skipped");
    }

    static void declareQuorumQueue(String name) throws Exception {
        try (Connection c = connect(); Channel channel = c.createChannel()) {
            channel.queueDeclare(name, true, false, false, Map.of("x-queue-type", "quorum"));
        }
    }

    /** Whether a queue of that name exists (a passive declare; a missing queue closes the channel). */
    static boolean exists(String name) throws Exception {
        try (Connection c = connect()) {
            Channel channel = c.createChannel();
            try {
                channel.queueDeclarePassive(name);
                return true;
            } catch (java.io.IOException notFound) {
                return false;
            }
        }
    }

    /** Takes one message off a queue, or null when it is empty. */
    static GetResponse take(String queue) throws Exception {
        try (Connection c = connect(); Channel channel = c.createChannel()) {
            return channel.basicGet(queue, true);
        }
    }

    static void delete(String... queues) {
        try (Connection c = connect(); Channel channel = c.createChannel()) {
            for (String queue : queues) {
                channel.queueDelete(queue);
            }
        } catch (Exception e) {
            // best effort: the names are unique per run
        }
    }

    private static Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(RabbitMq.HOST);
        factory.setPort(RabbitMq.PORT);
        factory.setUsername("guest");
        factory.setPassword("guest");
        return factory.newConnection("hookgate-tests");
    }
}
