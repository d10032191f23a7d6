package io.hookgate.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import io.hookgate.verify.RequestHeaders;
import io.hookgate.verify.WebhookRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/** The public ingest endpoint: POST /webhooks/{source}. The body arrives already size-checked by {@link BodyReader}. */
@Path("/webhooks")
public class WebhookResource {

    private final IngestService ingest;

    public WebhookResource(IngestService ingest) {
        this.ingest = ingest;
    }

    @POST
    @Path("{source}")
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    public Uni<Response> receive(@RestPath String source, byte[] body, RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Instant startedAt = routing.get(BodyReader.STARTED_AT, Instant.now());
        WebhookRequest webhook = new WebhookRequest(source, body == null ? new byte[0] : body, headers(request),
                request.query(), remoteAddress(request), startedAt);
        return ingest.ingest(webhook);
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
