package io.hookgate.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hookgate.request.RequestHeaders;
import io.hookgate.source.ConfiguredSource;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * What {@link BodyReader} learns about a webhook request before the resource runs (its source, resolved once, and
 * when it started), and the request facts both of them record.
 */
final class IncomingRequest {

    private static final String SOURCE = "hookgate.source";
    private static final String STARTED_AT = "hookgate.started-at";

    private IncomingRequest() {
    }

    static void remember(RoutingContext routing, ConfiguredSource source, Instant startedAt) {
        routing.put(SOURCE, source);
        routing.put(STARTED_AT, startedAt);
    }

    /** The source BodyReader resolved, or null when it did not see the request (the resource then answers 404). */
    static ConfiguredSource source(RoutingContext routing) {
        return routing.get(SOURCE);
    }

    static Instant startedAt(RoutingContext routing) {
        return routing.get(STARTED_AT, Instant.now());
    }

    static RequestHeaders headers(HttpServerRequest request) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        request.headers().forEach(e -> map.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return RequestHeaders.of(map);
    }

    static String remoteAddress(HttpServerRequest request) {
        // Behind the Ingress the peer is the controller; quarkus.http.proxy.* settings make this the client.
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
