package io.hookgate.admin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One event in full: its summary, its redacted headers, and its payload as text (when the bytes are UTF-8) and
 * as base64 (always, the exact stored bytes).
 */
@RegisterForReflection
public record EventDetail(@JsonUnwrapped EventSummary summary, JsonNode headers, String payload, String payloadBase64) {
}
