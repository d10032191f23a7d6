package io.hookgate.publish;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.hookgate.event.EventOrigin;
import io.hookgate.source.EventIdentity;
import io.vertx.mutiny.sqlclient.Row;

/** What goes to the broker for one event. dedupKey is the provider's event id, or "sha256:..." of the body. */
public record OutboundMessage(UUID eventId, String source, String address, String eventType, OffsetDateTime receivedAt,
        String contentType, byte[] payload, boolean replay, EventOrigin origin, String dedupKey, String destination) {

    /** The events columns {@link #fromRow} reads; the relay and the replays select them. */
    public static final String COLUMNS = "id, source, event_type, received_at, content_type, payload, origin, dedup_key";

    /** The message for a stored event, read from a row with {@link #COLUMNS}, to the given delivery and address. */
    public static OutboundMessage fromRow(Row row, String destination, String address, boolean replay) {
        return new OutboundMessage(row.getUUID("id"), row.getString("source"), address, row.getString("event_type"),
                row.getOffsetDateTime("received_at"), row.getString("content_type"),
                row.getBuffer("payload").getBytes(), replay, EventOrigin.fromCode(row.getString("origin")),
                row.getString("dedup_key"), destination);
    }

    /** The message for an event just stored, for one of its deliveries ('default' or an amqp: route). */
    public static OutboundMessage fresh(io.hookgate.event.NewEvent event, String destination, String address) {
        return new OutboundMessage(event.id(), event.source(), address, event.eventType(), event.receivedAt(),
                event.contentType(), event.payload(), false, event.origin(), event.dedupKey(), destination);
    }

    /** The provider's own event id, or null when the provider sent none and the key is the body's hash. */
    public String providerEventId() {
        return dedupKey == null || dedupKey.startsWith(EventIdentity.BODY_HASH_PREFIX) ? null : dedupKey;
    }
}
