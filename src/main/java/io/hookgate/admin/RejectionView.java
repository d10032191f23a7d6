package io.hookgate.admin;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One stored rejection: why, from where, the redacted headers and the first bytes of the body. */
@RegisterForReflection
public record RejectionView(String id, String source, String receivedAt, String reason, String detail,
        String remoteAddress, JsonNode headers, Long bodySize, String bodyExcerpt, String bodyExcerptBase64) {
}
