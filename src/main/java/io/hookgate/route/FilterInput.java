package io.hookgate.route;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * One stored event as the route filters see it: its headers (names lower-case) and its raw body. The body is parsed
 * at most once, and only when a filter reads it, so that the routes of one source share the parse. Not thread-safe:
 * one thread evaluates one event.
 */
public final class FilterInput {

    // Jackson's StreamReadConstraints bound nesting depth and number length; trailing garbage makes a body non-JSON.
    private static final ObjectReader READER = new ObjectMapper()
            .reader(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, List<String>> headers;
    private final byte[] body;
    private JsonNode parsedBody;
    private boolean parsed;

    private FilterInput(Map<String, List<String>> headers, byte[] body) {
        this.headers = headers == null ? Map.of() : headers;
        this.body = body;
    }

    /** @param headers names lower-case, as stored; null means none. @param body raw bytes; null means empty */
    public static FilterInput of(Map<String, List<String>> headers, byte[] body) {
        return new FilterInput(headers, body);
    }

    /** The body's JSON tree, or null when the body is empty or not JSON (it then has no paths). Never throws. */
    JsonNode body() {
        if (!parsed) {
            parsed = true;
            parsedBody = parse(body);
        }
        return parsedBody;
    }

    boolean bodyParsed() {
        return parsed;
    }

    /**
     * A header as a filter value: null when absent, its value as a string, or an array of its values when it was
     * sent more than once (conditions then match if any value does).
     */
    JsonNode header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() == 1) {
            return TextNode.valueOf(values.get(0));
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode(values.size());
        for (String v : values) {
            array.add(v);
        }
        return array;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = READER.readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (Exception e) {
            // Invalid JSON or UTF-8, too deep, too long a number: the body just has no paths. A hostile body must not
            // fail the ingest, so every exception (not only IOException) ends here.
            return null;
        }
    }
}
