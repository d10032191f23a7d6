package io.hookgate.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.qpid.proton.amqp.Symbol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hookgate.config.HookgateConfig;
import io.hookgate.event.EventOrigin;
import io.hookgate.metrics.HookgateMetrics;
import io.hookgate.support.BrokerProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpSenderOptions;
import io.vertx.amqp.impl.AmqpConnectionImpl;
import io.vertx.mutiny.amqp.AmqpClient;
import io.vertx.mutiny.amqp.AmqpConnection;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.amqp.AmqpSender;

/**
 * Proves on a real RabbitMQ 3.x (rabbitmq_amqp1_0 plugin) why {@link AmqpPublisher} does not publish through SmallRye
 * Reactive Messaging AMQP: the queue a SmallRye sender makes RabbitMQ declare is not durable, so a broker restart
 * loses it and every message in it; the queue hookgate's own sender makes RabbitMQ declare survives with its messages.
 *
 * <p>The SmallRye side makes the same vertx-amqp-client (Mutiny API) calls as the connector, version 4.33.0, the one
 * the Quarkus BOM manages. The connector itself is not on the classpath: its jar and smallrye-reactive-messaging-provider
 * carry META-INF/beans.xml, so ArC would pick up their beans in every {@code @QuarkusTest}. The calls copied:
 * <ul>
 * <li>{@code io.smallrye.reactive.messaging.amqp.OutgoingAmqpChannel}'s constructor: RabbitMQ 3.x does not offer
 * ANONYMOUS-RELAY ({@code ConnectionHolder.supportAnonymousRelay}), so the connector calls
 * {@code connection.createSender(address, new AmqpSenderOptions().setLinkName(link).setCapabilities(getClientCapabilities(oc)))},
 * with link = the channel name and the capabilities from the channel's {@code capabilities} attribute (none by default).
 * <li>{@code AmqpCreditBasedSender.send}: {@code sender.sendWithAck(amqp)}, after {@code AmqpMessageConverter.convertToAmqpMessage}
 * marked the message durable only if the channel's {@code durable} attribute (default false) is set, and
 * {@code getMessage} set its address to the configured one.
 * </ul>
 * {@code io.vertx.amqp.AmqpSenderOptions} has only linkName, dynamic, autoDrained and capabilities:
 * nothing sets the target's durability. {@code AmqpConnectionImpl.configureTheTarget} copies only the capabilities, so
 * the target's durability stays "none". The best a SmallRye user can configure ({@code capabilities=queue},
 * {@code durable=true}) is one of the cases below, and it loses its messages too.
 *
 * <p>What RabbitMQ 3.10 does, as asserted here: a plain queue name and {@code /queue/<name>} behave alike. Attaching a
 * sender declares a queue of that name, durable only when the link target is durable (the "queue" capability does
 * not make it durable; Artemis needs it). So SmallRye's queue has durable=false and holds the accepted
 * messages until {@code stop_app; start_app}, which removes the queue with all its messages, durable ones included.
 * hookgate's {@link AmqpPublisher} gets durable=true, and its messages are still there after the restart.
 *
 * <p>This test restarts the broker app ({@code rabbitmqctl stop_app; start_app}), always starting it again, and deletes
 * its queues at the end. It is skipped without a RabbitMQ that speaks AMQP 1.0 on 127.0.0.1:5672 and a working
 * {@code rabbitmqctl}, and fails instead when -Drabbitmq.interop=required.
 */
class SmallRyeAmqpDurabilityTest {

    private static final int MESSAGES = 3;
    private static final Duration RABBITMQCTL_TIMEOUT = Duration.ofSeconds(30);
    private static final String RUN = "hookgate-smallrye-durability-" + UUID.randomUUID().toString().substring(0, 8);

    /** One queue per way of sending; its rabbitmqctl view before and after the restart. */
    private enum Case {
        SMALLRYE_PLAIN_NAME(RUN + "-smallrye-plain"),
        SMALLRYE_QUEUE_PATH("/queue/" + RUN + "-smallrye-path"),
        SMALLRYE_QUEUE_CAPABILITY_DURABLE_MESSAGES(RUN + "-smallrye-best"),
        HOOKGATE_PLAIN_NAME(RUN + "-hookgate-plain"),
        HOOKGATE_QUEUE_PATH("/queue/" + RUN + "-hookgate-path");

        final String address;

        Case(String address) {
            this.address = address;
        }

        String queue() {
            return address.startsWith("/queue/") ? address.substring("/queue/".length()) : address;
        }
    }

    private record QueueState(boolean durable, long messages) {
    }

    private static final Map<Case, List<String>> sentIds = new LinkedHashMap<>();
    private static Map<String, QueueState> before;
    private static Map<String, QueueState> after;
    private static List<String> offeredCapabilities;
    private static long restartMillis;

    @BeforeAll
    static void sendRestartAndLook() throws Exception {
        requireBroker();
        long start = System.nanoTime();

        try (SmallRyeStyleClient smallrye = new SmallRyeStyleClient()) {
            offeredCapabilities = smallrye.offeredCapabilities();
            smallrye.send(Case.SMALLRYE_PLAIN_NAME, List.of(), false);
            smallrye.send(Case.SMALLRYE_QUEUE_PATH, List.of(), false);
            smallrye.send(Case.SMALLRYE_QUEUE_CAPABILITY_DURABLE_MESSAGES, List.of("queue"), true);
        }
        sendWithHookgatesPublisher(Case.HOOKGATE_PLAIN_NAME, Case.HOOKGATE_QUEUE_PATH);

        before = queues();
        long restart = System.nanoTime();
        restartBrokerApp();
        restartMillis = (System.nanoTime() - restart) / 1_000_000;
        after = queues();

        System.out.printf("[SmallRyeAmqpDurabilityTest] offered capabilities %s; before restart %s; after %s;"
                + " restart %d ms, all %d ms%n", offeredCapabilities, before, after, restartMillis,
                (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    static void deleteQueues() throws Exception {
        if (!brokerAvailable()) {
            return;
        }
        for (String name : queues().keySet()) {
            if (name.startsWith(RUN)) {
                rabbitmqctl("delete_queue", name);
            }
        }
    }

    @Test
    void rabbitMq3OffersNoAnonymousRelaySoSmallRyeOpensOneNamedSenderPerChannel() {
        assertThat(offeredCapabilities).doesNotContain("ANONYMOUS-RELAY");
    }

    @Test
    void smallRyeSenderToAPlainQueueNameGetsANonDurableQueueThatARestartLosesWithItsMessages() {
        assertLostOnRestart(Case.SMALLRYE_PLAIN_NAME);
    }

    @Test
    void smallRyeSenderToQueuePathGetsANonDurableQueueThatARestartLosesWithItsMessages() {
        assertLostOnRestart(Case.SMALLRYE_QUEUE_PATH);
    }

    @Test
    void evenWithTheQueueCapabilityAndDurableMessagesSmallRyesQueueIsNotDurableAndARestartLosesIt() {
        assertLostOnRestart(Case.SMALLRYE_QUEUE_CAPABILITY_DURABLE_MESSAGES);
    }

    @Test
    void hookgatesDurableTargetToAPlainQueueNameGetsADurableQueueWhoseMessagesSurviveARestart() {
        assertSurvivesRestart(Case.HOOKGATE_PLAIN_NAME);
    }

    @Test
    void hookgatesDurableTargetToQueuePathGetsADurableQueueWhoseMessagesSurviveARestart() {
        assertSurvivesRestart(Case.HOOKGATE_QUEUE_PATH);
    }

    private static void assertLostOnRestart(Case c) {
        assertThat(before.get(c.queue())).as("queue %s before the restart", c.queue())
                .isEqualTo(new QueueState(false, MESSAGES));
        assertThat(after).as("queues after the restart").doesNotContainKey(c.queue());
    }

    private static void assertSurvivesRestart(Case c) {
        assertThat(before.get(c.queue())).as("queue %s before the restart", c.queue())
                .isEqualTo(new QueueState(true, MESSAGES));
        assertThat(after.get(c.queue())).as("queue %s after the restart", c.queue())
                .isEqualTo(new QueueState(true, MESSAGES));
        // and they are the very messages sent: read them back
        try (BrokerProbe probe = RabbitMq.probe().listen(c.address)) {
            for (String id : sentIds.get(c)) {
                assertThat(probe.await(id, 1, Duration.ofSeconds(5))).as("message %s from %s after the restart", id,
                        c.queue()).hasSize(1);
            }
        }
    }

    // --- SmallRye's way: vertx-amqp-client, as OutgoingAmqpChannel / AmqpCreditBasedSender call it ---

    private static final class SmallRyeStyleClient implements AutoCloseable {

        private final io.vertx.mutiny.core.Vertx vertx = io.vertx.mutiny.core.Vertx.vertx();
        private final AmqpClient client;
        private final AmqpConnection connection;

        SmallRyeStyleClient() {
            client = AmqpClient.create(vertx, new AmqpClientOptions().setHost(RabbitMq.HOST).setPort(RabbitMq.PORT)
                    .setUsername("guest").setPassword("guest").setConnectTimeout(5000));
            connection = client.connect().await().atMost(Duration.ofSeconds(10));
        }

        /** What ConnectionHolder.capabilities reads to decide on an anonymous sender. */
        List<String> offeredCapabilities() {
            Symbol[] offered = ((AmqpConnectionImpl) connection.getDelegate()).unwrap().getRemoteOfferedCapabilities();
            return offered == null ? List.of() : Arrays.stream(offered).map(Symbol::toString).toList();
        }

        /** A channel named after the case, address = the case's address, capabilities and durable as configured. */
        void send(Case c, List<String> capabilities, boolean durable) {
            String channel = "channel-" + c.name().toLowerCase();
            AmqpSender sender = connection.createSender(c.address,
                    new AmqpSenderOptions().setLinkName(channel).setCapabilities(capabilities))
                    .await().atMost(Duration.ofSeconds(10));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                String id = c.name() + "-" + i;
                AmqpMessage message = AmqpMessage.create().durable(durable).id(id).address(c.address)
                        .withBody("payload " + i).build();
                sender.sendWithAck(message).await().atMost(Duration.ofSeconds(10));
                ids.add(id);
            }
            sentIds.put(c, ids);
            // Not closed: RabbitMQ 3.10 answers Detach(closed=true) with Detach(closed=false), so AmqpSender.close()
            // never completes. SmallRye keeps its sender open anyway; closing the connection ends the link.
        }

        @Override
        public void close() {
            try {
                connection.close().await().atMost(Duration.ofSeconds(5));
                client.close().await().atMost(Duration.ofSeconds(5));
            } finally {
                vertx.closeAndAwait();
            }
        }
    }

    // --- hookgate's way: the real AmqpPublisher (durable target with the "queue" capability, durable messages) ---

    private static void sendWithHookgatesPublisher(Case... cases) {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        AmqpSettings settings = new AmqpSettings();
        settings.host = RabbitMq.HOST;
        settings.port = RabbitMq.PORT;
        settings.username = Optional.of("guest");
        settings.password = Optional.of("guest");
        AmqpPublisher publisher = new AmqpPublisher(vertx, settings, config(),
                new HookgateMetrics(new SimpleMeterRegistry()));
        try {
            publisher.onStart(null);
            for (Case c : cases) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < MESSAGES; i++) {
                    UUID id = UUID.randomUUID();
                    publisher.send(new OutboundMessage(id, "durability-test", c.address, "test", OffsetDateTime.now(),
                            "text/plain", ("payload " + i).getBytes(StandardCharsets.UTF_8), false, EventOrigin.WEBHOOK,
                            "durability-" + i, "default"))
                            .await().atMost(Duration.ofSeconds(15));
                    ids.add(id.toString());
                }
                sentIds.put(c, ids);
            }
        } finally {
            publisher.stop();
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    /** Only what AmqpPublisher reads: hookgate.publish.send-timeout, reconnect-interval, idle-timeout, declare. */
    private static HookgateConfig config() {
        HookgateConfig.Publish publish = (HookgateConfig.Publish) Proxy.newProxyInstance(
                HookgateConfig.class.getClassLoader(), new Class<?>[] { HookgateConfig.Publish.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "sendTimeout" -> Duration.ofSeconds(10);
                    case "reconnectInterval" -> Duration.ofSeconds(1);
                    case "idleTimeout" -> Duration.ofSeconds(10);
                    case "declare" -> HookgateConfig.Declare.QUEUE;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (HookgateConfig) Proxy.newProxyInstance(HookgateConfig.class.getClassLoader(),
                new Class<?>[] { HookgateConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("publish")) {
                        return publish;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    // --- the broker: availability, rabbitmqctl, restart ---

    private static void requireBroker() {
        boolean reachable = RabbitMq.reachable();
        boolean amqp10 = reachable && speaksAmqp10();
        boolean ctl = rabbitmqctlWorks();
        if (RabbitMq.required()) {
            assertTrue(reachable, "RabbitMQ on 127.0.0.1:5672 is required but unreachable");
            assertTrue(amqp10, "RabbitMQ on 127.0.0.1:5672 does not accept AMQP 1.0 (guest/guest): "
                    + "rabbitmq-plugins enable rabbitmq_amqp1_0");
            assertTrue(ctl, "RabbitMQ interop is required but rabbitmqctl does not work here");
        }
        assumeTrue(reachable, "no RabbitMQ on 127.0.0.1:5672; durability test skipped");
        assumeTrue(amqp10, "RabbitMQ on 127.0.0.1:5672 does not accept AMQP 1.0; durability test skipped");
        assumeTrue(ctl, "no working rabbitmqctl; durability test skipped");
    }

    private static boolean brokerAvailable() {
        return RabbitMq.reachable() && rabbitmqctlWorks();
    }

    private static boolean rabbitmqctlWorks() {
        try {
            rabbitmqctl("list_queues", "name");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean speaksAmqp10() {
        try (SmallRyeStyleClient ignored = new SmallRyeStyleClient()) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Every queue of the default vhost: name -> durable flag and message count. */
    private static Map<String, QueueState> queues() throws IOException, InterruptedException {
        Map<String, QueueState> queues = new LinkedHashMap<>();
        for (String line : rabbitmqctl("list_queues", "--no-table-headers", "name", "durable", "messages").split("\n")) {
            String[] columns = line.split("\t");
            if (columns.length == 3) {
                queues.put(columns[0], new QueueState(Boolean.parseBoolean(columns[1].trim()),
                        Long.parseLong(columns[2].trim())));
            }
        }
        return queues;
    }

    /**
     * stop_app then start_app, and back only once AMQP 1.0 connections work again. start_app runs in a finally
     * block (and, should this JVM die in between, from a shutdown hook), so the broker is never left stopped.
     */
    private static void restartBrokerApp() throws IOException, InterruptedException {
        Thread safetyNet = new Thread(() -> {
            try {
                rabbitmqctl("start_app");
            } catch (Exception ignored) {
                // best effort while the JVM exits
            }
        });
        Runtime.getRuntime().addShutdownHook(safetyNet);
        try {
            rabbitmqctl("stop_app");
        } finally {
            try {
                rabbitmqctl("start_app");
            } catch (IOException | RuntimeException e) {
                rabbitmqctl("start_app"); // once more, then give up loudly
            }
            Runtime.getRuntime().removeShutdownHook(safetyNet);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!speaksAmqp10()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("RabbitMQ did not accept AMQP 1.0 within 20 s of start_app");
            }
            Thread.sleep(200);
        }
    }

    /** Runs rabbitmqctl -q with these arguments; its standard output, or an exception if it fails. */
    private static String rabbitmqctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("rabbitmqctl", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(RABBITMQCTL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " did not finish within " + RABBITMQCTL_TIMEOUT);
            }
            String text = Files.readString(out);
            if (process.exitValue() != 0) {
                throw new IOException(command + " exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
