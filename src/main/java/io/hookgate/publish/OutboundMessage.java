package io.hookgate.publish;

import java.time.OffsetDateTime;
import java.util.UUID;

/** What goes to the broker for one event. */
public record OutboundMessage(UUID eventId, String source, String address, String eventType, OffsetDateTime receivedAt,
        String contentType, byte[] payload, boolean replay) {
}
