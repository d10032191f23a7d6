package io.hookgate.publish;

import io.smallrye.mutiny.Uni;

/**
 * The one seam between the outbox and a transport. The outbox, the relay, replays and the readiness check see only
 * this, so another transport (Kafka, NATS, ...) is one more implementation, chosen at build time, without touching
 * the outbox. {@link AmqpPublisher} is the AMQP 1.0 one.
 */
public interface MessagePublisher {

    /** Completes once the transport has durably accepted the message; fails otherwise (BrokerRejectedException). */
    Uni<Void> send(OutboundMessage message);

    /**
     * True while sends can succeed. While it is false, callers leave events PENDING instead of trying each one;
     * the implementation reconnects on its own.
     */
    boolean isConnected();

    /** Why the transport is not connected, for the readiness check; null when it is. */
    String lastError();
}
