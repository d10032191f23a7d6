package io.hookgate.ingest;


import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import io.hookgate.request.Problem;
import io.hookgate.request.RejectionReason;
import io.hookgate.request.WebhookRequest;
import io.hookgate.source.ConfiguredSource;
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
        WebhookRequest webhook = new WebhookRequest(source, body == null ? new byte[0] : body,
                IncomingRequest.headers(request), request.query(), IncomingRequest.remoteAddress(request),
                IncomingRequest.startedAt(routing));
        ConfiguredSource resolved = IncomingRequest.source(routing);
        if (resolved == null) {
            // BodyReader resolves every POST it can route; anything else is no source of ours. Never a 500.
            return Uni.createFrom().item(Problem.of(RejectionReason.UNKNOWN_SOURCE, "no such source").build());
        }
        return ingest.ingest(resolved, webhook);
    }
}
