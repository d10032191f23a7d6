package io.hookgate.request;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns request headers into the JSON we store: credentials and signatures are replaced, never kept. */
public final class HeaderRedactor {

    public static final String REDACTED = "[redacted]";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ALWAYS = Set.of(
            "authorization", "proxy-authorization", "cookie", "set-cookie",
            "x-hub-signature", "x-hub-signature-256", "stripe-signature", "x-slack-signature",
            "x-shopify-hmac-sha256", "webhook-signature", "svix-signature", "x-twilio-signature",
            "x-gitlab-token", "x-api-key");

    private HeaderRedactor() {
    }

    /** JSON object of header name to list of values, with secret-bearing values redacted. */
    public static String toJson(RequestHeaders headers, Set<String> extraSecretHeaders) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.asMap().forEach((name, values) -> {
            boolean secret = ALWAYS.contains(name) || extraSecretHeaders.contains(name.toLowerCase(Locale.ROOT));
            // jsonb refuses the \u0000 escape Jackson would write for a NUL: see StorableText.
            out.put(StorableText.of(name), secret ? List.of(REDACTED) : values.stream().map(StorableText::of).toList());
        });
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("headers are always serializable", e);
        }
    }
}
