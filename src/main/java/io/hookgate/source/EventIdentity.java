package io.hookgate.source;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.hookgate.config.HookgateConfig;
import io.hookgate.request.StorableText;
import io.hookgate.request.WebhookRequest;
import io.hookgate.verify.Scheme;

/**
 * Where a source's event id (the dedup key) and event type come from: headers first, then a JSON pointer into the
 * body. A source that sets {@code id-header} or {@code id-json-pointer} replaces the scheme's id locations entirely
 * (likewise for the type), so an override never mixes with a default the operator did not ask for.
 */
public final class EventIdentity {

    /** Longer ids and types are truncated: they are database keys and metric-adjacent labels, not payload. */
    public static final int MAX_LENGTH = 255;

    /** Starts the dedup key of an event whose provider sent no id: the body's hash stands in for it. */
    public static final String BODY_HASH_PREFIX = "sha256:";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param dedupKey the provider's event id, or "sha256:" + the hex SHA-256 of the body when it sends none
     * @param eventType the provider's event type, or null
     * @param json the parsed body when a pointer was needed and the body is JSON; otherwise null
     */
    public record Identity(String dedupKey, String eventType, JsonNode json) {
    }

    private final boolean idOverridden;
    private final List<String> idHeaders;
    private final JsonPointer idPointer;
    private final List<String> typeHeaders;
    private final JsonPointer typePointer;

    EventIdentity(boolean idOverridden, List<String> idHeaders, String idPointer, List<String> typeHeaders,
            String typePointer) {
        this.idOverridden = idOverridden;
        this.idHeaders = List.copyOf(idHeaders);
        this.idPointer = pointer("id-json-pointer", idPointer);
        this.typeHeaders = List.copyOf(typeHeaders);
        this.typePointer = pointer("type-json-pointer", typePointer);
    }

    /** @throws IllegalArgumentException when an override is not a JSON pointer */
    public static EventIdentity of(Scheme scheme, HookgateConfig.Source config) {
        Optional<String> idHeader = present(config.idHeader());
        Optional<String> idPointer = present(config.idJsonPointer());
        Optional<String> typeHeader = present(config.typeHeader());
        Optional<String> typePointer = present(config.typeJsonPointer());
        boolean idOverridden = idHeader.isPresent() || idPointer.isPresent();
        boolean typeOverridden = typeHeader.isPresent() || typePointer.isPresent();
        return new EventIdentity(idOverridden,
                idOverridden ? idHeader.stream().toList() : scheme.idHeaders(),
                idOverridden ? idPointer.orElse(null) : scheme.idJsonPointer(),
                typeOverridden ? typeHeader.stream().toList() : optionalList(scheme.typeHeader()),
                typeOverridden ? typePointer.orElse(null) : scheme.typeJsonPointer());
    }

    /** Never throws: a body that is not JSON just has no id or type in it. */
    public Identity extract(WebhookRequest request) {
        return extract(request, null);
    }

    /**
     * @param signedId the id the verifier saw signed (see {@code Verification}), or null: unless the source overrides
     *        the id, it is the dedup key, so a look-alike header the signature did not cover never is
     */
    public Identity extract(WebhookRequest request, String signedId) {
        LazyJson json = new LazyJson(request.body());
        String signed = idOverridden ? null : usable(signedId);
        String id = signed != null ? signed : find(request, idHeaders, idPointer, json);
        String type = find(request, typeHeaders, typePointer, json);
        return new Identity(id != null ? id : BODY_HASH_PREFIX + HexFormat.of().formatHex(sha256(request.body())),
                type, json.parsed);
    }

    private static String find(WebhookRequest request, List<String> headers, JsonPointer pointer, LazyJson json) {
        for (String header : headers) {
            String value = usable(request.headers().first(header));
            if (value != null) {
                return value;
            }
        }
        if (pointer == null) {
            return null;
        }
        JsonNode node = json.get().at(pointer);
        // Numbers count (some providers use numeric ids); objects, arrays and null do not.
        return node.isValueNode() && !node.isNull() ? usable(node.asText()) : null;
    }

    /**
     * Blank counts as absent; NUL becomes U+FFFD (it cannot be stored, see StorableText); long values are cut at
     * MAX_LENGTH without splitting a surrogate pair.
     */
    private static String usable(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = StorableText.of(value.strip());
        if (v.length() <= MAX_LENGTH) {
            return v;
        }
        int end = Character.isHighSurrogate(v.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return v.substring(0, end);
    }

    /** Parses the body at most once, and only when a pointer is actually consulted. */
    private static final class LazyJson {
        private final byte[] body;
        private boolean attempted;
        private JsonNode parsed;

        LazyJson(byte[] body) {
            this.body = body;
        }

        JsonNode get() {
            if (!attempted) {
                attempted = true;
                try {
                    JsonNode node = JSON.readTree(body);
                    parsed = node == null || node.isMissingNode() ? null : node;
                } catch (IOException e) {
                    parsed = null;
                }
            }
            return parsed != null ? parsed : MissingNode.getInstance();
        }
    }

    private static JsonPointer pointer(String key, String expression) {
        if (expression == null) {
            return null;
        }
        try {
            return JsonPointer.compile(expression);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": '" + expression + "' is not a JSON pointer (it starts with '/')");
        }
    }

    private static Optional<String> present(Optional<String> value) {
        return value.map(String::strip).filter(v -> !v.isEmpty());
    }

    private static List<String> optionalList(String value) {
        return value == null ? List.of() : List.of(value);
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
