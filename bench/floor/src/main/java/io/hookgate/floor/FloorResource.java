package io.hookgate.floor;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import io.smallrye.common.annotation.NonBlocking;

/**
 * The HTTP ceiling: the same route, request body and answer shape as hookgate's ingest endpoint, with no
 * verification, no database and no broker. Like hookgate's endpoint (which returns a Uni), it runs on the event
 * loop, so the comparison is not skewed by a worker-thread hop.
 */
@Path("/webhooks")
public class FloorResource {

    @POST
    @Path("{source}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @NonBlocking
    public Response receive(@RestPath String source, byte[] body) {
        return Response.accepted("{\"duplicate\":false,\"id\":\"" + UUID.randomUUID() + "\"}").build();
    }
}
