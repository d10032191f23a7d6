package io.hookgate.admin;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.buffer.Buffer;

/**
 * One event as read from the database: the payload stays the row's buffer, so the console's download writes it as it
 * is and its page decodes only what it shows (no base64 round trip, no full copy per view).
 */
public record StoredEvent(EventSummary summary, JsonNode headers, Buffer payload) {

    /** The admin API's view: the payload as text (when it is UTF-8) and as base64, with the event's deliveries. */
    public EventDetail detail(java.util.List<DeliveryView> deliveries) {
        return new EventDetail(summary, headers, Payloads.utf8OrNull(payload), Payloads.base64(payload), deliveries);
    }
}
