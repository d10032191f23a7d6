package io.hookgate.reconcile;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One page of a GitHub hook's deliveries (newest first), and the cursor link to the next page, if any. */
record GithubDeliveryPage(List<Delivery> deliveries, String next) {

    /** One delivery attempt; a redelivery has the same guid as the delivery it repeats. */
    record Delivery(long id, String guid, OffsetDateTime deliveredAt, int statusCode, boolean redelivery) {
        boolean failed() {
            return statusCode < 200 || statusCode >= 300;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    /** @throws ReconcileException when the body is not a list of deliveries */
    static GithubDeliveryPage parse(byte[] body, String linkHeader) {
        JsonNode list;
        try {
            list = JSON.readTree(body);
        } catch (IOException e) {
            throw malformed("not valid JSON");
        }
        if (list == null || !list.isArray()) {
            throw malformed("not a JSON array");
        }
        List<Delivery> deliveries = new ArrayList<>();
        for (JsonNode d : list) {
            JsonNode id = d.get("id");
            JsonNode guid = d.get("guid");
            JsonNode at = d.get("delivered_at");
            JsonNode status = d.get("status_code");
            if (id == null || !id.canConvertToLong() || guid == null || !guid.isTextual() || guid.asText().isBlank()
                    || at == null || !at.isTextual() || status == null || !status.canConvertToInt()) {
                throw malformed("a delivery without id, guid, delivered_at and status_code");
            }
            try {
                deliveries.add(new Delivery(id.asLong(), guid.asText(), OffsetDateTime.parse(at.asText()),
                        status.asInt(), d.path("redelivery").asBoolean(false)));
            } catch (DateTimeParseException e) {
                throw malformed("delivered_at is not an ISO-8601 time: " + at.asText());
            }
        }
        return new GithubDeliveryPage(deliveries, next(linkHeader));
    }

    /** The rel="next" URL of a Link header, or null. */
    static String next(String linkHeader) {
        if (linkHeader == null) {
            return null;
        }
        for (String link : linkHeader.split(",(?=\\s*<)")) {
            Matcher m = NEXT.matcher(link.strip());
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static ReconcileException malformed(String why) {
        return new ReconcileException("malformed answer from GitHub's hook deliveries: " + why);
    }
}
