package io.hookgate.publish;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.messaging.TerminusDurability;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;

import io.hookgate.config.HookgateConfig;
import io.hookgate.metrics.HookgateMetrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonClientOptions;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import io.vertx.proton.ProtonSession;

/**
 * Sends events to the AMQP 1.0 broker and reports success only when the broker settles the delivery as
 * Accepted.
 *
 * <p>Why not a SmallRye Reactive Messaging channel: a channel has one fixed link address, and per-message
 * addresses need the broker's anonymous relay, which RabbitMQ 3.x lacks (SmallRye then silently sends to
 * the channel's address). SmallRye also cannot mark the link target durable. Here each address gets its
 * own link whose target is durable and carries the "queue" capability: RabbitMQ 3.x then declares a
 * durable queue of that name, and Artemis auto-creates an anycast queue, so an accepted message is in a
 * durable queue rather than dropped at an address with nothing bound to it.
 */
@ApplicationScoped
public class AmqpPublisher implements MessagePublisher {

    private static final Symbol QUEUE_CAPABILITY = Symbol.valueOf("queue");

    private final Vertx vertx;
    private final AmqpSettings settings;
    private final Duration sendTimeout;
    private final HookgateConfig.Publish config;
    private final HookgateMetrics metrics;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Map<String, Uni<ProtonSender>> senders = new ConcurrentHashMap<>();
    private volatile Context context;
    private volatile ProtonConnection connection;
    private volatile Uni<ProtonConnection> connecting;
    private volatile String lastError = "not connected yet";

    public AmqpPublisher(Vertx vertx, AmqpSettings settings, HookgateConfig config, HookgateMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.settings = settings;
        this.sendTimeout = config.publish().sendTimeout();
        this.config = config.publish();
    }

    void onStart(@Observes StartupEvent event) {
        context = vertx.getOrCreateContext();
        connection().subscribe().with(c -> {
        }, f -> Log.warnf("AMQP broker %s:%d not reachable yet (%s); events stay PENDING until it is",
                settings.host(), settings.port(), f.getMessage()));
        // Keep trying while the broker is down, so readiness recovers without waiting for traffic.
        vertx.setPeriodic(config.reconnectInterval().toMillis(), id -> {
            if (!stopped.get() && !isConnected() && connecting == null) {
                connection().subscribe().with(c -> {
                }, f -> Log.debugf("AMQP reconnect failed: %s", f.getMessage()));
            }
        });
    }

    @PreDestroy
    void stop() {
        stopped.set(true);
        ProtonConnection c = connection;
        if (c != null) {
            context.runOnContext(v -> c.close());
        }
    }

    /**
     * True while an AMQP connection to the broker is open. While it is not, callers leave events PENDING instead of
     * sending: at thousands of events a second, one failed send plus one failure UPDATE per event and per relay retry
     * swamped PostgreSQL and queued up until the heap ran out (ReliabilityIT, native, -Xmx256m). The reconnect timer
     * brings the connection back, and the relay then drains the backlog.
     */
    @Override
    public boolean isConnected() {
        ProtonConnection c = connection;
        return c != null && !c.isDisconnected();
    }

    @Override
    public String lastError() {
        return lastError;
    }


    /** Completes when the broker has accepted the message; fails with BrokerRejectedException otherwise. */
    @Override
    public Uni<Void> send(OutboundMessage message) {
        Message amqp = toAmqp(message);
        return sender(message.address())
                .onItem().transformToUni(sender -> Uni.createFrom().<Void> emitter(em -> context.runOnContext(v -> {
                    if (!sender.isOpen()) {
                        em.fail(new BrokerRejectedException("link to " + message.address() + " is closed"));
                        return;
                    }
                    sender.send(amqp, delivery -> {
                        if (delivery.getRemoteState() instanceof Accepted) {
                            em.complete(null);
                        } else {
                            em.fail(new BrokerRejectedException("broker answered " + delivery.getRemoteState()
                                    + " for " + message.address()));
                        }
                    });
                })))
                .ifNoItem().after(sendTimeout)
                .failWith(() -> new BrokerRejectedException("no settlement from the broker within " + sendTimeout));
    }

    static Message toAmqp(OutboundMessage m) {
        Message amqp = Proton.message();
        amqp.setMessageId(m.eventId().toString());
        amqp.setAddress(m.address());
        amqp.setDurable(true);
        amqp.setContentType(m.contentType() == null ? "application/octet-stream" : m.contentType());
        amqp.setSubject(m.eventType());
        amqp.setCreationTime(m.receivedAt().toInstant().toEpochMilli());
        amqp.setApplicationProperties(new ApplicationProperties(MessageContract.applicationProperties(m)));
        amqp.setBody(new Data(new Binary(m.payload())));
        return amqp;
    }

    private Uni<ProtonSender> sender(String address) {
        return senders.computeIfAbsent(address, a -> connection()
                .onItem().transformToUni(c -> Uni.createFrom().<ProtonSender> emitter(
                        em -> context.runOnContext(v -> openLink(c, a, em))))
                .memoize().indefinitely()
                .onFailure().invoke(f -> senders.remove(a)));
    }

    /**
     * Opens the link for one address on a session of its own. RabbitMQ answers a refused attach (a queue declared with
     * other arguments, such as a quorum queue, or a missing one) by ending the whole session: on one shared session that
     * silently killed the links of every other source (RabbitMqTopologyTest). With {@code declare=none} the queue's
     * existence is checked first, by attaching a receiver with no credit, because RabbitMQ 3.x accepts and drops a
     * message sent to {@code /amq/queue/} for a queue that does not exist.
     */
    private void openLink(ProtonConnection c, String address, UniEmitter<? super ProtonSender> em) {
        ProtonSession session = c.createSession();
        AtomicBoolean settled = new AtomicBoolean();
        Consumer<String> refuse = why -> {
            senders.remove(address);
            if (settled.compareAndSet(false, true)) {
                metrics.linkRefused(address);
                Log.warnf("the AMQP broker refused a link to %s: %s", address, why);
                em.fail(new BrokerRejectedException("broker refused a link to " + address + ": " + why));
            }
        };
        session.closeHandler(closed -> {
            if (settled.get()) {
                senders.remove(address);
                Log.warnf("the AMQP broker ended the session of %s: %s", address, session.getRemoteCondition());
            }
            refuse.accept(describe(session.getRemoteCondition()));
            session.close();
        });
        session.open();
        if (config.declare() == HookgateConfig.Declare.NONE) {
            ProtonReceiver check = session.createReceiver(address);
            check.setPrefetch(0);
            check.openHandler(opened -> {
                if (opened.succeeded() && check.getRemoteSource() != null) {
                    check.close();
                    openSender(session, address, em, settled, refuse);
                } else {
                    refuse.accept("no queue " + address + " (" + (opened.failed() ? opened.cause().getMessage()
                            : describe(check.getRemoteCondition())) + ")");
                }
            });
            check.open();
        } else {
            openSender(session, address, em, settled, refuse);
        }
    }

    private void openSender(ProtonSession session, String address, UniEmitter<? super ProtonSender> em,
            AtomicBoolean settled, Consumer<String> refuse) {
        ProtonSender sender = session.createSender(address);
        if (config.declare() == HookgateConfig.Declare.QUEUE) {
            Target target = (Target) sender.getTarget();
            target.setDurable(TerminusDurability.UNSETTLED_STATE);
            target.setCapabilities(QUEUE_CAPABILITY);
        }
        sender.setAutoDrained(true);
        sender.openHandler(opened -> {
            if (opened.succeeded() && sender.getRemoteTarget() != null) {
                if (settled.compareAndSet(false, true)) {
                    em.complete(sender);
                }
            } else {
                refuse.accept(opened.failed() ? opened.cause().getMessage() : describe(sender.getRemoteCondition()));
            }
        });
        sender.closeHandler(closed -> {
            senders.remove(address);
            Log.warnf("AMQP link to %s closed by the broker: %s", address, sender.getRemoteCondition());
            sender.close();
        });
        sender.open();
    }

    /** The broker's condition as "amqp:precondition-failed: PRECONDITION_FAILED - ...", for last_error and the log. */
    private static String describe(ErrorCondition condition) {
        if (condition == null || condition.getCondition() == null) {
            return "no reason given";
        }
        return condition.getCondition() + (condition.getDescription() == null ? "" : ": " + condition.getDescription());
    }

    private Uni<ProtonConnection> connection() {
        ProtonConnection c = connection;
        if (c != null && !c.isDisconnected()) {
            return Uni.createFrom().item(c);
        }
        Uni<ProtonConnection> pending = connecting;
        if (pending != null) {
            return pending;
        }
        synchronized (this) {
            if (connecting == null) {
                connecting = Uni.createFrom().<ProtonConnection> emitter(em -> context.runOnContext(v -> open(em::complete, em::fail)))
                        .onTermination().invoke(() -> connecting = null)
                        .memoize().indefinitely();
            }
            return connecting;
        }
    }

    private void open(java.util.function.Consumer<ProtonConnection> ok, java.util.function.Consumer<Throwable> failed) {
        ProtonClientOptions options = new ProtonClientOptions()
                .setConnectTimeout(5000)
                .setHeartbeat((int) config.idleTimeout().toMillis())
                .setSsl(settings.useSsl());
        Promise<ProtonConnection> promise = Promise.promise();
        ProtonClient client = ProtonClient.create(vertx);
        client.connect(options, settings.host(), settings.port(), settings.username().orElse(null),
                settings.password().orElse(null), promise);
        promise.future().onComplete(ar -> {
            if (ar.failed()) {
                lastError = ar.cause().getMessage();
                failed.accept(ar.cause());
                return;
            }
            ProtonConnection c = ar.result();
            c.openHandler(opened -> {
                if (opened.succeeded()) {
                    connection = c;
                    lastError = null;
                    Log.infof("connected to AMQP broker %s:%d", settings.host(), settings.port());
                    ok.accept(c);
                } else {
                    lastError = opened.cause().getMessage();
                    failed.accept(opened.cause());
                }
            });
            Runnable lost = () -> {
                if (connection == c) {
                    connection = null;
                    senders.clear();
                    lastError = "connection lost";
                    if (!stopped.get()) {
                        Log.warnf("lost the AMQP broker %s:%d; reconnecting", settings.host(), settings.port());
                    }
                }
                c.disconnect();
            };
            c.closeHandler(x -> lost.run());
            c.disconnectHandler(x -> lost.run());
            c.open();
        });
    }
}
