package io.hookgate.event;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An event ready to be stored: a verified webhook, or one fetched by reconciliation. headersJson is redacted. */
public record NewEvent(UUID id, String source, String dedupKey, String eventType, OffsetDateTime receivedAt,
        String contentType, String headersJson, byte[] payload, EventOrigin origin) {
}
