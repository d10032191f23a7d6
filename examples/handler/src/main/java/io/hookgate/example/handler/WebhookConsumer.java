package io.hookgate.example.handler;

import java.time.Duration;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Consumes hookgate's channel for one source. Acks a message once its effect committed (or it was a duplicate);
 * retries a failure a few times in-process, then nacks it, which the connector turns into the AMQP "rejected"
 * outcome ({@code failure-strategy=reject}): the broker dead-letters it and the next message is handled.
 */
@ApplicationScoped
public class WebhookConsumer {

    private final EventHandler handler;
    private final HandlerConfig config;
    private final HandlerMetrics metrics;

    public WebhookConsumer(EventHandler handler, HandlerConfig config, HandlerMetrics metrics) {
        this.handler = handler;
        this.config = config;
        this.metrics = metrics;
    }

    @Incoming("webhooks")
    public Uni<Void> consume(Message<byte[]> message) {
        WebhookEvent event;
        try {
            event = WebhookEvent.from(message);
        } catch (WebhookEvent.ContractViolation e) {
            Log.errorf("rejecting message %s: %s", messageId(message), e.getMessage());
            metrics.rejected();
            return Uni.createFrom().completionStage(() -> message.nack(e));
        }
        return handleWithRetries(event)
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure != null) {
                        Log.errorf("rejecting event %s (%s) after %d attempts: %s", event.id(), event.type(),
                                config.maxAttempts(), failure.toString());
                        metrics.rejected();
                        return Uni.createFrom().completionStage(() -> message.nack(failure));
                    }
                    if (outcome == EventHandler.Outcome.DUPLICATE) {
                        Log.debugf("event %s already handled (replay=%s)", event.id(), event.replay());
                        metrics.duplicate();
                    } else {
                        metrics.handled();
                    }
                    return Uni.createFrom().completionStage(message::ack);
                });
    }

    private Uni<EventHandler.Outcome> handleWithRetries(WebhookEvent event) {
        // Mutiny's back-off timer resubscribes on another thread; Hibernate Reactive must stay on the message's
        // Vert.x context, so every attempt is started there.
        Context context = Vertx.currentContext();
        Executor onContext = context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
        Duration backoff = config.backoff();
        Uni<EventHandler.Outcome> attempt = Uni.createFrom().deferred(() -> handler.handle(event))
                .runSubscriptionOn(onContext)
                .onFailure().invoke(f -> {
                    metrics.attemptFailed();
                    Log.warnf("attempt to handle event %s failed: %s", event.id(), f.toString());
                });
        if (config.maxAttempts() <= 1) {
            return attempt;
        }
        return attempt.onFailure().retry().withBackOff(backoff, backoff.multipliedBy(10))
                .atMost(config.maxAttempts() - 1L);
    }

    private static Object messageId(Message<?> message) {
        return message.getMetadata(IncomingAmqpMetadata.class).<Object> map(IncomingAmqpMetadata::getId)
                .orElse("(not AMQP)");
    }
}
