package io.hookgate.event;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.hookgate.request.StorableText;

/** An event ready to be stored: a verified webhook, or one fetched by reconciliation. headersJson is redacted. */
public record NewEvent(UUID id, String source, String dedupKey, String eventType, OffsetDateTime receivedAt,
        String contentType, String headersJson, byte[] payload, EventOrigin origin) {

    public NewEvent {
        // Text columns cannot hold NUL (StorableText); the payload is bytea and stays exact.
        source = StorableText.of(source);
        dedupKey = StorableText.of(dedupKey);
        eventType = StorableText.of(eventType);
        contentType = StorableText.of(contentType);
        // PostgreSQL keeps microseconds: the first publish must carry the same time as the row and later replays.
        receivedAt = receivedAt.truncatedTo(ChronoUnit.MICROS);
    }
}
