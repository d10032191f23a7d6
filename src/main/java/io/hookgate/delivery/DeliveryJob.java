package io.hookgate.delivery;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A claimed HTTP delivery, with what its attempt sends and what its outcome is recorded against. */
record DeliveryJob(UUID eventId, OffsetDateTime receivedAt, String route, String source, String eventType,
        String contentType, byte[] payload, int failures) {
}
