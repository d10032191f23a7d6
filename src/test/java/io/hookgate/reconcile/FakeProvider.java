package io.hookgate.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * What {@link FakeStripe} and {@link FakeGithub} share: a WireMock server on a free loopback port that hands every
 * request to the fake's own router (a single catch-all stub with a transformer, so paging is computed per request
 * and 10,000 items need no 100 stubs), injected failures, malformed pages, and a record of the list requests.
 *
 * <p>Every list request is counted, whatever it is answered, and handled in this order: an injected failure
 * ({@link #failNext}), then authentication, then the page, cut short if {@link #malformedPage} named its number.
 * The fakes are thread-safe; all state is guarded by the fake's monitor.
 */
public abstract sealed class FakeProvider implements AutoCloseable permits FakeStripe, FakeGithub {

    /** One answer, handed to WireMock as is (no templating, no gzip), so a page's bytes are exactly ours. */
    record Reply(int status, Map<String, String> headers, byte[] body) {

        static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }

        Reply withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, more, body);
        }

        /** The first half of the body: still 200, no longer JSON, as when a proxy or the provider cuts a page. */
        Reply truncated() {
            return new Reply(status, headers, Arrays.copyOf(body, body.length / 2));
        }
    }

    /** Failures to answer instead of the real thing, oldest first. */
    static final class FaultQueue {
        private final Deque<Reply> pending = new ArrayDeque<>();

        void add(int status, int times, Map<String, String> headers, String body) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("not an HTTP status: " + status);
            }
            if (times < 1) {
                throw new IllegalArgumentException("times must be at least 1: " + times);
            }
            Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER); // the test's Content-Type wins
            if (body != null) {
                all.put("Content-Type", "application/json");
            }
            all.putAll(headers == null ? Map.of() : headers);
            Reply reply = new Reply(status, Map.copyOf(all),
                    body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < times; i++) {
                pending.add(reply);
            }
        }

        /** The next failure to answer, or null to answer normally. */
        Reply poll() {
            return pending.poll();
        }

        void clear() {
            pending.clear();
        }
    }

    private final String name;
    private final WireMockServer server;
    private final FaultQueue pageFaults = new FaultQueue();
    private final Set<Integer> malformedPages = new HashSet<>();
    private final List<String> queries = new ArrayList<>();
    private final List<String> received = new ArrayList<>();
    private int requests;

    FakeProvider(String name) {
        this.name = name;
        this.server = new WireMockServer(wireMockConfig()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .extensions(new Router())
                .disableRequestJournal() // we keep our own, smaller record; the journal would hold every body
                .gzipDisabled(true)
                .templatingEnabled(false)
                .stubCorsEnabled(false)
                .maxLoggedResponseSize(1) // nor keep a copy of each page for listeners we do not have
                .notifier(new ConsoleNotifier(false)));
    }

    /** Starts serving; the subclass calls it last in its constructor, once its own fields are set. */
    final void start() {
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(name)));
    }

    /** The fake's base URL, {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public final String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * The next {@code times} list requests answer {@code status} with these headers and body (null: no body)
     * instead of a page, before authentication is even looked at. Calls queue up: {@code failNext(429, 1, ...)} then
     * {@code failNext(503, 2, ...)} fails three requests, the 429 first.
     */
    public final synchronized void failNext(int status, int times, Map<String, String> headers, String body) {
        pageFaults.add(status, times, headers, body);
    }

    /** {@link #failNext(int, int, Map, String)} without headers or body. */
    public final void failNext(int status, int times) {
        failNext(status, times, Map.of(), null);
    }

    /**
     * The {@code n}-th list request (1-based, counted as {@link #requests()} counts them) answers 200 with the first
     * half of its page: not JSON any more. Only a request that would have got a page is cut; an injected failure or
     * a 401 for that request wins.
     */
    public final synchronized void malformedPage(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("requests are counted from 1: " + n);
        }
        malformedPages.add(n);
    }

    /** List requests received since the start (or {@link #reset()}), whatever they were answered. */
    public final synchronized int requests() {
        return requests;
    }

    /**
     * Every request received since the start (or {@link #reset()}), list or not, whatever it was answered, as
     * "METHOD path Authorization" ("-" without one): a fake that must never be called checks this is empty.
     */
    public final synchronized List<String> received() {
        return List.copyOf(received);
    }

    /**
     * The query string of each list request, in order, URL-decoded ({@code created[gte]=…}, not
     * {@code created%5Bgte%5D=…}); an empty string for a request without one.
     */
    public final synchronized List<String> queries() {
        return List.copyOf(queries);
    }

    /** Forgets everything a test set up or the fake recorded: items, faults, counters. Port and token stay. */
    public synchronized void reset() {
        pageFaults.clear();
        malformedPages.clear();
        queries.clear();
        received.clear();
        requests = 0;
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Routes one request. Runs on a WireMock thread; an exception here answers 500 and names the fake's bug. */
    abstract Reply answer(Request request, String path, Map<String, String> query);

    /** Null when the request carries the right credentials, else the provider's answer to it. */
    abstract Reply unauthorized(Request request);

    /**
     * Serves a list request: counts and records it, then answers an injected failure, a 401, or {@code page}'s
     * answer, cut short if this request's number was given to {@link #malformedPage}.
     */
    final Reply servePage(Request request, Map<String, String> query, Function<Map<String, String>, Reply> page) {
        int n;
        Reply fault;
        synchronized (this) {
            n = ++requests;
            queries.add(decode(rawQuery(request.getUrl())));
            fault = pageFaults.poll();
        }
        if (fault != null) {
            return fault;
        }
        Reply denied = unauthorized(request);
        if (denied != null) {
            return denied;
        }
        Reply reply = page.apply(query);
        boolean cut;
        synchronized (this) {
            cut = malformedPages.remove(n);
        }
        return cut && reply.status() == 200 ? reply.truncated() : reply;
    }

    /** The credential after {@code scheme} in the Authorization header, or null. */
    static String credential(Request request, String scheme) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() <= scheme.length() + 1
                || !header.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1)) {
            return null;
        }
        return header.substring(scheme.length() + 1).trim();
    }

    private static String rawQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? "" : url.substring(q + 1);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The first value of each query parameter, names and values decoded. */
    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(key, value);
        }
        return params;
    }

    private final class Router implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            Request request = serveEvent.getRequest();
            String url = request.getUrl();
            int q = url.indexOf('?');
            String authorization = request.getHeader("Authorization");
            synchronized (FakeProvider.this) {
                received.add(request.getMethod().getName() + " " + (q < 0 ? url : url.substring(0, q)) + " "
                        + (authorization == null ? "-" : authorization));
            }
            Reply reply;
            try {
                reply = answer(request, q < 0 ? url : url.substring(0, q), parameters(rawQuery(url)));
            } catch (RuntimeException e) {
                e.printStackTrace();
                reply = Reply.json(500, "{\"fake_error\": " + Fixtures.quote(name + " failed: " + e) + "}");
            }
            ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(reply.status())
                    .withBody(reply.body());
            reply.headers().forEach(response::withHeader);
            return response.build();
        }
    }
}
