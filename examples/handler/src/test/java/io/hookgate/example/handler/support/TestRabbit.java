package io.hookgate.example.handler.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * RabbitMQ 3.x on 127.0.0.1:5672 (guest/guest, rabbitmq_amqp1_0 plugin), with a dead-letter topology of its own for
 * one test run: a queue name nobody else uses, a fanout exchange and a dead-letter queue bound to it (declared over
 * AMQP 0-9-1), and a policy that makes the exchange the queue's dead-letter exchange (rabbitmqctl: policies cannot
 * be set over AMQP). The policy exists before the queue does, so it applies whichever side creates the queue.
 * {@link #close()} deletes all of it.
 */
public final class TestRabbit implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5672;
    public static final String USERNAME = "guest";
    public static final String PASSWORD = "guest";

    public final String queue;
    public final String deadLetterExchange;
    public final String deadLetterQueue;
    private final String policy;

    private TestRabbit(String prefix) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        queue = "webhooks." + prefix + "-" + run;
        deadLetterExchange = "hookgate.dlx-" + run;
        deadLetterQueue = "webhooks.dead-" + run;
        policy = "hookgate-dlx-" + run;
    }

    /** Whether the RabbitMQ tests must run (CI) rather than be skipped when no RabbitMQ is there. */
    public static boolean required() {
        return "required".equals(System.getProperty("rabbitmq.interop"));
    }

    public static boolean reachable() {
        return Ports.listening(HOST, PORT);
    }

    public static TestRabbit withDeadLettering(String prefix) throws Exception {
        TestRabbit rabbit = new TestRabbit(prefix);
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare(rabbit.deadLetterExchange, "fanout", true);
            ch.queueDeclare(rabbit.deadLetterQueue, true, false, false, null);
            ch.queueBind(rabbit.deadLetterQueue, rabbit.deadLetterExchange, "");
        }
        rabbitmqctl("set_policy", "--priority", "10", "--apply-to", "queues", rabbit.policy,
                "^" + rabbit.queue.replace(".", "\\.") + "$",
                "{\"dead-letter-exchange\":\"" + rabbit.deadLetterExchange + "\"}");
        return rabbit;
    }

    /** Ready messages in a queue (not those delivered and unsettled); -1 when it does not exist. */
    public long messageCount(String name) throws Exception {
        // A passive declare of a missing queue closes the channel: use a channel of its own.
        try (Connection c = connect()) {
            return c.createChannel().queueDeclarePassive(name).getMessageCount();
        } catch (IOException notFound) {
            return -1;
        }
    }

    /** Whether the queue exists and is durable (a non-durable one would be gone after a broker restart). */
    public boolean isDurableQueue(String name) throws Exception {
        String listing = rabbitmqctl("list_queues", "--quiet", "--no-table-headers", "name", "durable");
        return listing.lines().anyMatch(line -> line.trim().matches(java.util.regex.Pattern.quote(name) + "\\s+true"));
    }

    private static Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setUsername(USERNAME);
        factory.setPassword(PASSWORD);
        return factory.newConnection("handler-tests");
    }

    static String rabbitmqctl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.queueDelete(queue);
            ch.queueDelete(deadLetterQueue);
            ch.exchangeDelete(deadLetterExchange);
        } finally {
            rabbitmqctl("clear_policy", policy);
        }
    }
}
