package io.hookgate.reconcile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;

/**
 * Stripe's {@code GET /v1/events}, enough of it for reconciliation: Bearer authentication, newest first,
 * {@code created[gt|gte|lt|lte]} (or {@code created=<t>}), {@code limit} (1 to 100, default 10),
 * {@code starting_after} and {@code ending_before}, and the list envelope of Stripe's OpenAPI description
 * ({@code object}, {@code data}, {@code has_more}, {@code url}). Other query parameters ({@code type}, {@code types},
 * {@code delivery_success}, {@code expand}) are recorded and ignored.
 *
 * <p>Each event is kept as the exact text it was given and put into {@code data} verbatim, one per line group, the
 * way Stripe pretty-prints a list, so a client that slices each element's raw bytes out of the page gets them back
 * unchanged. Events with the same {@code created} are ordered as Stripe has them for a single second: the one added
 * later comes first.
 *
 * <pre>{@code
 * try (FakeStripe stripe = new FakeStripe()) {
 *     stripe.addEvents(FakeStripe.events("evt_r", "charge.succeeded", 1_700_000_000L, 250));
 *     // point the client at stripe.url() with the key FakeStripe.DEFAULT_API_KEY
 * }
 * }</pre>
 */
public final class FakeStripe extends FakeProvider {

    /** The secret key the no-argument constructor accepts. */
    public static final String DEFAULT_API_KEY = "sk_test_hookgate_fake";

    static final String EVENTS_PATH = "/v1/events";

    /** Stripe's page size bounds for list endpoints. */
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private static final String MISSING_KEY = "You did not provide an API key. You need to provide your API key in the"
            + " Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See"
            + " https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

    /** The Event fixture of Stripe's OpenAPI description; {@link #event} fills in a copy. */
    private static final ObjectNode EVENT_TEMPLATE = (ObjectNode) Fixtures.read(Fixtures.text("stripe-event.json"));

    /** One event as the test gave it, with the two fields the list needs; seq breaks ties within a second. */
    private record StoredEvent(String id, long created, long seq, String json) {
    }

    /** Newest first: created descending, then the later-added first. */
    private static final Comparator<StoredEvent> NEWEST_FIRST = Comparator.comparingLong(StoredEvent::created)
            .thenComparingLong(StoredEvent::seq).reversed();

    private final String apiKey;
    private final List<StoredEvent> events = new ArrayList<>();
    private final Map<String, StoredEvent> byId = new HashMap<>();
    private long nextSeq;
    /** {@link #events} newest first, and each id's position there; rebuilt on the first request after a change. */
    private List<StoredEvent> sorted;
    private Map<String, Integer> positions;

    /** A fake that accepts {@link #DEFAULT_API_KEY}. */
    public FakeStripe() {
        this(DEFAULT_API_KEY);
    }

    /** A fake that accepts {@code Authorization: Bearer <apiKey>} and nothing else. */
    public FakeStripe(String apiKey) {
        super("fake-stripe");
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("an API key is required");
        }
        this.apiKey = apiKey;
        start();
    }

    public String apiKey() {
        return apiKey;
    }

    /**
     * An Event as Stripe's fixture has it, with this id, type and creation time (seconds since the epoch). The rest
     * ({@code data.object}, a plan) stays the fixture's, whatever the type: reconciliation only reads the envelope.
     */
    public static String event(String id, String type, long createdEpochSeconds) {
        ObjectNode event = EVENT_TEMPLATE.deepCopy();
        event.put("id", id);
        event.put("type", type);
        event.put("created", createdEpochSeconds);
        return Fixtures.print(event);
    }

    /**
     * {@code count} events of one type, ids {@code idPrefix} + a zero-padded index from 1, created one a second
     * from {@code firstCreated} on (so the last is the newest).
     */
    public static List<String> events(String idPrefix, String type, long firstCreated, int count) {
        List<String> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            made.add(event(idPrefix + "_%06d".formatted(i + 1), type, firstCreated + i));
        }
        return made;
    }

    /** Adds one Event, given as its raw JSON text; it needs an {@code id} and a {@code created}. */
    public synchronized FakeStripe addEvent(String eventJson) {
        JsonNode event = Fixtures.read(eventJson);
        JsonNode id = event.get("id");
        JsonNode created = event.get("created");
        if (id == null || !id.isTextual() || created == null || !created.canConvertToLong()) {
            throw new IllegalArgumentException("an event needs a string id and an integer created: " + eventJson);
        }
        if (byId.containsKey(id.asText())) {
            throw new IllegalArgumentException("event " + id.asText() + " is already there");
        }
        StoredEvent stored = new StoredEvent(id.asText(), created.asLong(), nextSeq++, eventJson);
        events.add(stored);
        byId.put(stored.id(), stored);
        sorted = null;
        return this;
    }

    public synchronized FakeStripe addEvents(Collection<String> eventJsons) {
        eventJsons.forEach(this::addEvent);
        return this;
    }

    /** Number of events held. */
    public synchronized int eventCount() {
        return events.size();
    }

    @Override
    public synchronized void reset() {
        super.reset();
        events.clear();
        byId.clear();
        sorted = null;
    }

    @Override
    Reply answer(Request request, String path, Map<String, String> query) {
        if (request.getMethod().equals(RequestMethod.GET) && path.equals(EVENTS_PATH)) {
            return servePage(request, query, this::page);
        }
        // What Stripe answers for a route it does not have.
        return error(404, null, null, "Unrecognized request URL (" + request.getMethod().getName() + ": " + path
                + "). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.");
    }

    @Override
    Reply unauthorized(Request request) {
        String key = credential(request, "Bearer");
        if (key == null) {
            return error(401, null, null, MISSING_KEY).withHeader("WWW-Authenticate", "Basic realm=\"Stripe\"");
        }
        if (!key.equals(apiKey)) {
            return error(401, null, null, "Invalid API Key provided: " + masked(key))
                    .withHeader("WWW-Authenticate", "Basic realm=\"Stripe\"");
        }
        return null;
    }

    private synchronized Reply page(Map<String, String> query) {
        long limit;
        Created created;
        try {
            limit = integer(query, "limit", DEFAULT_LIMIT);
            created = Created.of(query);
        } catch (BadInteger e) {
            return error(400, "parameter_invalid_integer", e.param, "Invalid integer: " + e.value);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return error(400, "parameter_invalid_integer", "limit",
                    "Invalid limit: must be an integer between 1 and " + MAX_LIMIT + ".");
        }
        String after = query.get("starting_after");
        String before = query.get("ending_before");
        if (after != null && before != null) {
            return error(400, null, null,
                    "You may only specify one of these parameters: ending_before, starting_after.");
        }
        List<StoredEvent> all = newestFirst();

        // The created window is one run of the newest-first list: from the first event older than lt
        // to the first one not newer than gt.
        int from = firstIndex(all, t -> t < created.lt());
        int to = firstIndex(all, t -> t <= created.gt());
        int start;
        int end;
        boolean hasMore;
        if (before != null) {
            Integer at = positions.get(before);
            if (at == null) {
                return noSuchEvent(before, "ending_before");
            }
            end = Math.min(to, at);
            start = (int) Math.max(from, end - limit);
            hasMore = start > from;
        } else {
            if (after != null) {
                Integer at = positions.get(after);
                if (at == null) {
                    return noSuchEvent(after, "starting_after");
                }
                from = Math.max(from, at + 1);
            }
            start = from;
            end = (int) Math.max(start, Math.min(to, start + limit));
            hasMore = end < to;
        }
        return Reply.json(200, listBody(all.subList(start, Math.max(start, end)), hasMore));
    }

    /** The created filter as exclusive bounds: gt < created < lt. */
    private record Created(long gt, long lt) {

        static Created of(Map<String, String> query) {
            long gt = Long.MIN_VALUE;
            long lt = Long.MAX_VALUE;
            if (query.containsKey("created")) { // created=<t>: that one second
                long at = integer(query, "created", 0);
                gt = at - 1;
                lt = at + 1;
            }
            gt = Math.max(gt, integer(query, "created[gt]", Long.MIN_VALUE));
            gt = Math.max(gt, integer(query, "created[gte]", Long.MIN_VALUE + 1) - 1);
            lt = Math.min(lt, integer(query, "created[lt]", Long.MAX_VALUE));
            lt = Math.min(lt, integer(query, "created[lte]", Long.MAX_VALUE - 1) + 1);
            return new Created(gt, lt);
        }
    }

    /** A query parameter that should have been an integer. */
    private static final class BadInteger extends RuntimeException {
        final String param;
        final String value;

        BadInteger(String param, String value) {
            super(null, null, false, false);
            this.param = param;
            this.value = value;
        }
    }

    private static long integer(Map<String, String> query, String param, long absent) {
        String value = query.get(param);
        if (value == null) {
            return absent;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadInteger(param, value);
        }
    }

    private List<StoredEvent> newestFirst() {
        if (sorted == null) {
            List<StoredEvent> list = new ArrayList<>(events);
            list.sort(NEWEST_FIRST);
            Map<String, Integer> at = new HashMap<>(list.size() * 2);
            for (int i = 0; i < list.size(); i++) {
                at.put(list.get(i).id(), i);
            }
            sorted = list;
            positions = at;
        }
        return sorted;
    }

    /** The first index whose event's created time passes {@code test}, which must flip from false to true once. */
    private static int firstIndex(List<StoredEvent> newestFirst, LongPredicate test) {
        int low = 0;
        int high = newestFirst.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (test.test(newestFirst.get(mid).created())) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /** The list envelope, put together as text so that each event's bytes stay as they were given. */
    private static String listBody(List<StoredEvent> page, boolean hasMore) {
        StringBuilder body = new StringBuilder(64 + page.stream().mapToInt(e -> e.json().length() + 2).sum());
        body.append("{\n  \"object\": \"list\",\n  \"data\": [");
        for (int i = 0; i < page.size(); i++) {
            body.append(i == 0 ? "\n" : ",\n").append(page.get(i).json());
        }
        body.append(page.isEmpty() ? "],\n" : "\n  ],\n");
        body.append("  \"has_more\": ").append(hasMore).append(",\n");
        body.append("  \"url\": \"").append(EVENTS_PATH).append("\"\n}\n");
        return body.toString();
    }

    private static Reply noSuchEvent(String id, String param) {
        return error(400, "resource_missing", param, "No such event: '" + id + "'");
    }

    /** Stripe's error body: {@code {"error": {"code", "message", "param", "type"}}}, absent fields left out. */
    private static Reply error(int status, String code, String param, String message) {
        StringBuilder body = new StringBuilder("{\n  \"error\": {\n");
        if (code != null) {
            body.append("    \"code\": ").append(Fixtures.quote(code)).append(",\n");
        }
        body.append("    \"message\": ").append(Fixtures.quote(message)).append(",\n");
        if (param != null) {
            body.append("    \"param\": ").append(Fixtures.quote(param)).append(",\n");
        }
        body.append("    \"type\": \"invalid_request_error\"\n  }\n}\n");
        return Reply.json(status, body.toString());
    }

    /** A key as Stripe echoes a wrong one: the prefix and the last four characters, the rest starred out. */
    static String masked(String key) {
        if (key.length() <= 12) {
            return "*".repeat(key.length());
        }
        return key.substring(0, 8) + "*".repeat(key.length() - 12) + key.substring(key.length() - 4);
    }
}
