package io.hookgate.admin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One event in full: its summary, its redacted headers, and its payload as text (when the bytes are UTF-8) and
 * as base64 (always, the exact stored bytes), and its deliveries (one per route it went to; none: UNROUTED).
 */
@RegisterForReflection
public record EventDetail(@JsonUnwrapped EventSummary summary, JsonNode headers, String payload, String payloadBase64,
        java.util.List<DeliveryView> deliveries) {
}
