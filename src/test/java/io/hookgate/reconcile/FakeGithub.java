package io.hookgate.reconcile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;

/**
 * One GitHub webhook's deliveries, enough for reconciliation: {@code GET {hook}/deliveries} newest first (highest id
 * first) with {@code per_page} (default 30, at most 100) and GitHub's cursor paging, where the next page's address
 * comes in {@code Link: <…?per_page=N&cursor=X>; rel="next"} and the last page has no Link; the optional
 * {@code status=success|failure} filter; and {@code POST {hook}/deliveries/{id}/attempts}, answered 202 {@code {}}.
 *
 * <p>The hook is a repository's ({@code /repos/{owner}/{repo}/hooks/{id}}), an organization's
 * ({@code /orgs/{org}/hooks/{id}}) or a GitHub App's ({@code /app/hook}); one fake serves one hook. Requests need
 * {@code Authorization: Bearer <token>} (GitHub also takes the older {@code token <token>} form). Cursors look like
 * GitHub's ({@code v1_<delivery id>}) and clients must treat them as opaque.
 *
 * <p>A redelivery request does not add a delivery to the list; a test that wants GitHub's new
 * {@code "redelivery": true} entry adds it, for example from {@link #onRedelivery}.
 */
public final class FakeGithub extends FakeProvider {

    /** The token the one-argument constructor accepts. */
    public static final String DEFAULT_TOKEN = "ghs_hookgateFakeInstallationToken";

    /** The GitHub App's own webhook. */
    public static final String APP_HOOK = "/app/hook";

    /** GitHub's page size bounds for deliveries. */
    static final int DEFAULT_PER_PAGE = 30;
    static final int MAX_PER_PAGE = 100;

    private static final String DOCS = "https://docs.github.com/rest";

    private static final Pattern HOOK_PATH = Pattern
            .compile("/repos/[^/?#]+/[^/?#]+/hooks/\\d+|/orgs/[^/?#]+/hooks/\\d+|/app/hook");
    private static final Pattern CURSOR = Pattern.compile("v1_(\\d+)");

    /** The first item of GitHub's hook-delivery-items example; {@link #delivery} fills in a copy. */
    private static final ObjectNode DELIVERY_TEMPLATE = (ObjectNode) Fixtures
            .read(Fixtures.text("github-deliveries.json")).get(0);

    private record StoredDelivery(long id, int statusCode, String json) {
    }

    private final String hookPath;
    private final String token;
    private final Pattern attemptsPath;
    /** Highest id first, which is GitHub's newest first. */
    private final NavigableMap<Long, StoredDelivery> deliveries = new TreeMap<>(Comparator.reverseOrder());
    private final FaultQueue redeliveryFaults = new FaultQueue();
    private final List<Long> redeliveries = new ArrayList<>();
    private final List<Future<?>> callbacks = new ArrayList<>();
    private Consumer<Long> onRedelivery;
    /** Runs {@link #onRedelivery} off the request thread, in order: GitHub answers 202 and delivers later. */
    private final ExecutorService callbackThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-github-redelivery");
        t.setDaemon(true);
        return t;
    });

    /** A fake for the hook at {@code hookPath} that accepts {@link #DEFAULT_TOKEN}. */
    public FakeGithub(String hookPath) {
        this(hookPath, DEFAULT_TOKEN);
    }

    /**
     * A fake for the hook at {@code hookPath} ({@link #repoHook}, {@link #orgHook} or {@link #APP_HOOK}) that
     * accepts {@code token} and nothing else.
     */
    public FakeGithub(String hookPath, String token) {
        super("fake-github");
        if (hookPath == null || !HOOK_PATH.matcher(hookPath).matches()) {
            throw new IllegalArgumentException("not a webhook path GitHub lists deliveries for: " + hookPath);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a token is required");
        }
        this.hookPath = hookPath;
        this.token = token;
        this.attemptsPath = Pattern.compile(Pattern.quote(hookPath + "/deliveries/") + "(\\d+)/attempts");
        start();
    }

    public static String repoHook(String owner, String repo, long hookId) {
        return "/repos/" + owner + "/" + repo + "/hooks/" + hookId;
    }

    public static String orgHook(String org, long hookId) {
        return "/orgs/" + org + "/hooks/" + hookId;
    }

    public String hookPath() {
        return hookPath;
    }

    public String token() {
        return token;
    }

    /** The first page's address: {@code url() + hookPath() + "/deliveries?per_page=" + perPage}. */
    public String deliveriesUrl(int perPage) {
        return url() + hookPath + "/deliveries?per_page=" + perPage;
    }

    /**
     * A delivery as GitHub lists it (a hook-delivery-item, from the example of GitHub's REST description), with
     * {@code status} as GitHub words it: {@code "OK"} for a 2xx, {@code "Invalid HTTP Response: <code>"} for any
     * other code, {@code "failed to connect"} for 0 (no response). {@code action} may be null; {@code throttled_at}
     * is null, as for a delivery that was not throttled.
     */
    public static String delivery(long id, String guid, String deliveredAtIso, int statusCode, String event,
            String action, boolean redelivery) {
        ObjectNode d = DELIVERY_TEMPLATE.deepCopy();
        d.put("id", id);
        d.put("guid", guid);
        d.put("delivered_at", deliveredAtIso);
        d.put("redelivery", redelivery);
        d.put("status", statusText(statusCode));
        d.put("status_code", statusCode);
        d.put("event", event);
        if (action == null) {
            d.putNull("action");
        } else {
            d.put("action", action);
        }
        d.putNull("throttled_at");
        return Fixtures.print(d);
    }

    /**
     * {@code count} first deliveries (not redeliveries) of one event, ids from {@code firstId} up, one a second from
     * {@code firstDeliveredAt}, guids {@link #guid}{@code (id)}: the last is the newest.
     */
    public static List<String> deliveries(long firstId, Instant firstDeliveredAt, int count, String event,
            String action, int statusCode) {
        List<String> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long id = firstId + i;
            made.add(delivery(id, guid(id), firstDeliveredAt.plusSeconds(i).toString(), statusCode, event, action,
                    false));
        }
        return made;
    }

    /** A stable guid for a delivery id, so a test can name the X-GitHub-Delivery it expects. */
    public static String guid(long deliveryId) {
        return UUID.nameUUIDFromBytes(("delivery-" + deliveryId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String statusText(int statusCode) {
        if (statusCode == 0) {
            return "failed to connect";
        }
        return statusCode >= 200 && statusCode < 300 ? "OK" : "Invalid HTTP Response: " + statusCode;
    }

    /** Adds one delivery, given as its raw JSON text; it needs an integer {@code id} and {@code status_code}. */
    public synchronized FakeGithub addDelivery(String deliveryJson) {
        JsonNode d = Fixtures.read(deliveryJson);
        JsonNode id = d.get("id");
        JsonNode status = d.get("status_code");
        if (id == null || !id.canConvertToLong() || status == null || !status.canConvertToInt()) {
            throw new IllegalArgumentException("a delivery needs an integer id and status_code: " + deliveryJson);
        }
        if (deliveries.containsKey(id.asLong())) {
            throw new IllegalArgumentException("delivery " + id.asLong() + " is already there");
        }
        deliveries.put(id.asLong(), new StoredDelivery(id.asLong(), status.asInt(), deliveryJson));
        return this;
    }

    public synchronized FakeGithub addDeliveries(Collection<String> deliveryJsons) {
        deliveryJsons.forEach(this::addDelivery);
        return this;
    }

    /** Number of deliveries held. */
    public synchronized int deliveryCount() {
        return deliveries.size();
    }

    /**
     * The next {@code times} redelivery requests answer {@code status} with these headers and body (null: no body)
     * instead of 202, and are not recorded, e.g. 422 for a delivery too old to redeliver, or 429.
     */
    public synchronized void failNextRedelivery(int status, int times, Map<String, String> headers, String body) {
        redeliveryFaults.add(status, times, headers, body);
    }

    /** The ids of the redeliveries this fake accepted (answered 202), in the order they were asked for. */
    public synchronized List<Long> redeliveryRequests() {
        return List.copyOf(redeliveries);
    }

    /**
     * Called with each accepted redelivery's id, on a thread of its own and one at a time, after the 202 was decided:
     * GitHub's redelivery is asynchronous too. A test can POST the signed webhook to hookgate here, or add the
     * redelivery's entry to the list. {@link #awaitRedeliveryCallbacks} waits for the calls and reports failures.
     */
    public synchronized void onRedelivery(Consumer<Long> callback) {
        this.onRedelivery = callback;
    }

    /**
     * Waits until every {@link #onRedelivery} call so far has returned; an exception one of them threw fails this
     * with an AssertionError.
     */
    public void awaitRedeliveryCallbacks(Duration timeout) throws InterruptedException {
        List<Future<?>> pending;
        synchronized (this) {
            pending = List.copyOf(callbacks);
            callbacks.clear();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        AssertionError failure = null;
        for (Future<?> call : pending) {
            try {
                call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = new AssertionError("an onRedelivery callback failed", e.getCause());
                } else {
                    failure.addSuppressed(e.getCause());
                }
            } catch (TimeoutException e) {
                throw new AssertionError("onRedelivery callbacks still running after " + timeout);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public synchronized void reset() {
        super.reset();
        deliveries.clear();
        redeliveryFaults.clear();
        redeliveries.clear();
        callbacks.clear();
        onRedelivery = null;
    }

    @Override
    public void close() {
        callbackThread.shutdownNow();
        super.close();
    }

    @Override
    Reply answer(Request request, String path, Map<String, String> query) {
        RequestMethod method = request.getMethod();
        if (method.equals(RequestMethod.GET) && path.equals(hookPath + "/deliveries")) {
            return servePage(request, query, this::page);
        }
        Matcher attempt = attemptsPath.matcher(path);
        if (method.equals(RequestMethod.POST) && attempt.matches()) {
            return redeliver(request, attempt.group(1));
        }
        return error(404, "Not Found");
    }

    @Override
    Reply unauthorized(Request request) {
        String given = credential(request, "Bearer");
        if (given == null) {
            given = credential(request, "token");
        }
        if (given == null) {
            return error(401, "Requires authentication");
        }
        return given.equals(token) ? null : error(401, "Bad credentials");
    }

    private synchronized Reply page(Map<String, String> query) {
        int perPage = perPage(query.get("per_page"));
        String status = query.get("status");
        if (status != null && !status.equals("success") && !status.equals("failure")) {
            return error(422, "Validation Failed");
        }
        NavigableMap<Long, StoredDelivery> from = deliveries;
        String cursor = query.get("cursor");
        if (cursor != null) {
            Long at = cursorId(cursor);
            if (at == null) {
                // GitHub does not document this answer; a clear 422 makes a client that builds cursors fail loudly.
                return error(422, "Invalid cursor");
            }
            from = deliveries.tailMap(at, true);
        }
        List<StoredDelivery> page = new ArrayList<>(perPage);
        StoredDelivery next = null;
        for (StoredDelivery d : from.values()) {
            if (!matches(d, status)) {
                continue;
            }
            if (page.size() == perPage) {
                next = d;
                break;
            }
            page.add(d);
        }
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < page.size(); i++) {
            body.append(i == 0 ? "\n" : ",\n").append(page.get(i).json());
        }
        body.append(page.isEmpty() ? "]\n" : "\n]\n");
        Reply reply = json(200, body.toString());
        if (next != null) {
            String nextUrl = url() + hookPath + "/deliveries?per_page=" + perPage + "&cursor=v1_" + next.id()
                    + (status == null ? "" : "&status=" + status);
            reply = reply.withHeader("Link", "<" + nextUrl + ">; rel=\"next\"");
        }
        return reply;
    }

    /** The delivery id a cursor starts at, or null when it is not one of ours. */
    private static Long cursorId(String cursor) {
        Matcher m = CURSOR.matcher(cursor);
        try {
            return m.matches() ? Long.valueOf(m.group(1)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int perPage(String value) {
        if (value == null) {
            return DEFAULT_PER_PAGE;
        }
        try {
            int n = Integer.parseInt(value);
            // GitHub quietly caps a larger page size and ignores a nonsensical one.
            return n < 1 ? DEFAULT_PER_PAGE : Math.min(n, MAX_PER_PAGE);
        } catch (NumberFormatException e) {
            return DEFAULT_PER_PAGE;
        }
    }

    private static boolean matches(StoredDelivery d, String status) {
        if (status == null) {
            return true;
        }
        boolean success = d.statusCode() >= 200 && d.statusCode() <= 399;
        return status.equals("success") == success;
    }

    private Reply redeliver(Request request, String idText) {
        Reply fault;
        synchronized (this) {
            fault = redeliveryFaults.poll();
        }
        if (fault != null) {
            return fault;
        }
        Reply denied = unauthorized(request);
        if (denied != null) {
            return denied;
        }
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            return error(404, "Not Found");
        }
        synchronized (this) {
            if (!deliveries.containsKey(id)) {
                return error(404, "Not Found");
            }
            redeliveries.add(id);
            Consumer<Long> callback = onRedelivery;
            if (callback != null) {
                callbacks.add(callbackThread.submit(() -> callback.accept(id)));
            }
        }
        return json(202, "{}");
    }

    /** GitHub's basic-error body. */
    private static Reply error(int status, String message) {
        return json(status, "{\n  \"message\": " + Fixtures.quote(message) + ",\n  \"documentation_url\": \"" + DOCS
                + "\",\n  \"status\": \"" + status + "\"\n}\n");
    }

    private static Reply json(int status, String body) {
        return Reply.json(status, body).withHeader("Content-Type", "application/json; charset=utf-8");
    }
}
