package io.hookgate.request;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;


/** RFC 9457 problem details. Bodies carry a machine-readable reason and never secret material. */
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problem() {
    }

    public static Response.ResponseBuilder of(RejectionReason reason, String detail) {
        return of(reason.status(), reason.title(), reason.code(), detail);
    }

    public static Response.ResponseBuilder of(int status, String title, String reason, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(body(status, title, reason, detail));
    }

    /** The problem document itself, for callers that write responses without JAX-RS (the admin routes). */
    public static Map<String, Object> body(int status, String title, String reason, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:hookgate:problem:" + reason);
        body.put("title", title);
        body.put("status", status);
        body.put("reason", reason);
        if (detail != null) {
            body.put("detail", detail);
        }
        return body;
    }
}
