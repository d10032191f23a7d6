package io.hookgate.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.core.Vertx;

/**
 * A real AMQP 1.0 consumer: reads what actually arrived in the broker's queues, keyed by message-id.
 * Reconnects on demand, so tests that restart the broker keep working.
 */
public final class BrokerProbe implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final Map<String, List<AmqpMessage>> byMessageId = new ConcurrentHashMap<>();
    private final List<String> addresses = new CopyOnWriteArrayList<>();
    private AmqpClient client;
    private AmqpConnection connection;

    public BrokerProbe(String host, int port, String username, String password) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    public static BrokerProbe embedded() {
        return new BrokerProbe("127.0.0.1", EmbeddedServersResource.broker().port(), null, null);
    }

    /** Starts consuming an address (idempotent). */
    public synchronized BrokerProbe listen(String address) {
        if (!addresses.contains(address)) {
            addresses.add(address);
            if (connection != null) {
                attach(address);
            }
        }
        ensureConnected();
        return this;
    }

    /** Every delivery seen so far with this message-id, waiting up to the timeout for at least `count`. */
    public List<AmqpMessage> await(String messageId, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ensureConnected();
            List<AmqpMessage> got = byMessageId.getOrDefault(messageId, List.of());
            if (got.size() >= count) {
                return new ArrayList<>(got);
            }
            sleep(50);
        }
        return new ArrayList<>(byMessageId.getOrDefault(messageId, List.of()));
    }

    public int deliveries(String messageId) {
        ensureConnected();
        return byMessageId.getOrDefault(messageId, List.of()).size();
    }

    private synchronized void ensureConnected() {
        if (connection != null && !connection.isDisconnected()) {
            return;
        }
        try {
            if (client != null) {
                client.close();
            }
            AmqpClientOptions options = new AmqpClientOptions().setHost(host).setPort(port).setConnectTimeout(2000);
            if (username != null) {
                options.setUsername(username).setPassword(password);
            }
            client = AmqpClient.create(vertx, options);
            connection = client.connect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            addresses.forEach(this::attach);
        } catch (Exception e) {
            connection = null; // broker down: the next call tries again
        }
    }

    private void attach(String address) {
        try {
            connection.createReceiver(address, new AmqpReceiverOptions().setDurable(true).addCapability("queue"))
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)
                    .handler(m -> byMessageId.computeIfAbsent(String.valueOf(m.id()), k -> new CopyOnWriteArrayList<>())
                            .add(m));
        } catch (Exception e) {
            throw new IllegalStateException("cannot consume " + address, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        vertx.close();
    }
}
