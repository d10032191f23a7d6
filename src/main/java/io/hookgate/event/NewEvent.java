package io.hookgate.event;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** An event ready to be stored: a verified webhook, or one fetched by reconciliation. headersJson is redacted. */
public record NewEvent(UUID id, String source, String dedupKey, String eventType, OffsetDateTime receivedAt,
        String contentType, String headersJson, byte[] payload, EventOrigin origin) {

    public NewEvent {
        // PostgreSQL keeps microseconds: the first publish must carry the same time as the row and later replays.
        receivedAt = receivedAt.truncatedTo(ChronoUnit.MICROS);
    }
}
