package io.hookgate.reconcile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One page of Stripe's GET /v1/events. Each event keeps the exact bytes the API sent for it (there is no signed
 * webhook to keep instead), sliced out of the page by the parser's byte offsets rather than re-serialised.
 */
record StripeEventPage(List<Event> events, boolean hasMore) {

    /** One event: its id, type and creation time (epoch seconds), and its JSON exactly as received. */
    record Event(String id, String type, long created, byte[] raw) {
    }

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws ReconcileException when the page is not a Stripe list of events */
    static StripeEventPage parse(byte[] body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("not a JSON object");
            }
            List<Event> events = null;
            Boolean hasMore = null;
            String object = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "object" -> object = parser.getValueAsString();
                    case "has_more" -> hasMore = value.isBoolean() ? parser.getBooleanValue() : null;
                    case "data" -> events = events(parser, body, value);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw malformed("trailing content");
            }
            if (!"list".equals(object) || events == null || hasMore == null) {
                throw malformed("expected {\"object\": \"list\", \"data\": [...], \"has_more\": ...}");
            }
            return new StripeEventPage(events, hasMore);
        } catch (JsonProcessingException e) {
            throw malformed("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw malformed("not readable (" + e.getMessage() + ")");
        }
    }

    private static List<Event> events(JsonParser parser, byte[] body, JsonToken start) throws IOException {
        if (start != JsonToken.START_ARRAY) {
            throw malformed("data is not an array");
        }
        List<Event> events = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
            int from = (int) parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            int to = (int) parser.currentLocation().getByteOffset();
            byte[] raw = Arrays.copyOfRange(body, from, to);
            JsonNode event = JSON.readTree(raw);
            JsonNode id = event.get("id");
            JsonNode type = event.get("type");
            JsonNode created = event.get("created");
            if (id == null || !id.isTextual() || id.asText().isBlank() || type == null || !type.isTextual()
                    || created == null || !created.canConvertToLong()) {
                throw malformed("an event without a string id, a string type and a numeric created");
            }
            events.add(new Event(id.asText(), type.asText(), created.asLong(), raw));
        }
        if (token != JsonToken.END_ARRAY) {
            throw malformed("data holds something that is not an event object");
        }
        return events;
    }

    private static ReconcileException malformed(String why) {
        return new ReconcileException("malformed answer from Stripe's /v1/events: " + why);
    }
}
