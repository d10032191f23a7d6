package io.hookgate.event;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A verified webhook ready to be stored. headersJson is already redacted. */
public record NewEvent(UUID id, String source, String dedupKey, String eventType, OffsetDateTime receivedAt,
        String contentType, String headersJson, byte[] payload) {
}
