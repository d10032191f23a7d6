package io.hookgate.example.handler.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.messaging.TerminusDurability;
import org.apache.qpid.proton.amqp.messaging.TerminusExpiryPolicy;
import org.apache.qpid.proton.message.Message;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonClientOptions;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonHelper;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;

/**
 * A blocking AMQP 1.0 client for tests, on Vert.x Proton. It sends as hookgate does: a link whose target is durable
 * and carries the "queue" capability, so RabbitMQ 3.x declares a durable queue and Artemis an anycast one.
 */
public final class AmqpTestClient implements AutoCloseable {

    private static final Symbol QUEUE = Symbol.valueOf("queue");

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private ProtonConnection connection;

    public static AmqpTestClient connect(String host, int port, String username, String password) {
        AmqpTestClient client = new AmqpTestClient();
        client.open(host, port, username, password);
        return client;
    }

    private void open(String host, int port, String username, String password) {
        CompletableFuture<ProtonConnection> opened = new CompletableFuture<>();
        context.runOnContext(v -> ProtonClient.create(vertx).connect(new ProtonClientOptions(), host, port,
                username, password, ar -> {
                    if (ar.failed()) {
                        opened.completeExceptionally(ar.cause());
                        return;
                    }
                    ProtonConnection c = ar.result();
                    c.openHandler(o -> {
                        if (o.succeeded()) {
                            opened.complete(c);
                        } else {
                            opened.completeExceptionally(o.cause());
                        }
                    });
                    c.open();
                }));
        connection = await(opened, Duration.ofSeconds(20));
    }

    public void send(String address, Message... messages) {
        send(address, List.of(messages));
    }

    /** Returns once the broker accepted every message; fails on any other outcome. */
    public void send(String address, List<Message> messages) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            ProtonSender sender = connection.createSender(address);
            Target target = (Target) sender.getTarget();
            target.setDurable(TerminusDurability.UNSETTLED_STATE);
            target.setCapabilities(QUEUE);
            AtomicInteger unsettled = new AtomicInteger(messages.size());
            Iterator<Message> next = messages.iterator();
            Runnable pump = new Runnable() {
                @Override
                public void run() {
                    while (next.hasNext() && !sender.sendQueueFull()) {
                        sender.send(next.next(), delivery -> {
                            if (!(delivery.getRemoteState() instanceof Accepted)) {
                                done.completeExceptionally(new IllegalStateException(
                                        "broker answered " + delivery.getRemoteState() + " on " + address));
                            } else if (unsettled.decrementAndGet() == 0) {
                                sender.close();
                                done.complete(null);
                            }
                        });
                    }
                    if (next.hasNext()) {
                        sender.sendQueueDrainHandler(s -> run());
                    }
                }
            };
            sender.openHandler(o -> {
                if (o.failed() || sender.getRemoteTarget() == null) {
                    done.completeExceptionally(new IllegalStateException("link to " + address + " refused: "
                            + (o.failed() ? o.cause() : sender.getRemoteCondition())));
                } else if (messages.isEmpty()) {
                    done.complete(null);
                } else {
                    pump.run();
                }
            });
            sender.open();
        });
        await(done, Duration.ofSeconds(60 + messages.size() / 200));
    }

    /**
     * Takes up to {@code max} messages from a queue (accepting them), waiting at most {@code wait} for them. The
     * receiver is durable, as RabbitMQ 3.x requires for a durable queue.
     */
    public List<Message> receive(String queue, int max, Duration wait) {
        List<Message> received = new ArrayList<>();
        CompletableFuture<Void> enough = new CompletableFuture<>();
        ProtonReceiver[] link = new ProtonReceiver[1];
        context.runOnContext(v -> {
            ProtonReceiver receiver = connection.createReceiver(queue);
            Source source = (Source) receiver.getSource();
            source.setDurable(TerminusDurability.UNSETTLED_STATE);
            source.setExpiryPolicy(TerminusExpiryPolicy.NEVER);
            source.setCapabilities(QUEUE);
            receiver.setPrefetch(0).setAutoAccept(false);
            receiver.handler((delivery, message) -> {
                synchronized (received) {
                    if (received.size() < max) {
                        received.add(message);
                        ProtonHelper.accepted(delivery, true);
                        if (received.size() == max) {
                            enough.complete(null);
                        }
                    } else {
                        ProtonHelper.released(delivery, true);
                    }
                }
            });
            receiver.openHandler(o -> {
                if (o.failed()) {
                    enough.completeExceptionally(o.cause());
                } else {
                    receiver.flow(max);
                }
            });
            link[0] = receiver;
            receiver.open();
        });
        try {
            enough.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException expected) {
            // fewer than max arrived: return what did
        } catch (Exception e) {
            throw new IllegalStateException("receiving from " + queue, e);
        }
        // Not waiting for the broker's detach: RabbitMQ 3.x does not answer it for a durable source within seconds,
        // and closing the connection ends the link anyway.
        context.runOnContext(v -> link[0].close());
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (connection != null) {
                connection.closeHandler(c -> closed.complete(null));
                connection.close();
            } else {
                closed.complete(null);
            }
        });
        try {
            closed.get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
        vertx.close();
    }
}
