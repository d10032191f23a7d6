package io.hookgate.ingest;

import java.io.ByteArrayInputStream;
import java.time.Instant;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.hookgate.config.HookgateConfig;
import io.hookgate.metrics.HookgateMetrics;
import io.hookgate.reject.RejectedRequest;
import io.hookgate.reject.RejectionRecorder;
import io.hookgate.request.Problem;
import io.hookgate.request.RejectionReason;
import io.hookgate.source.ConfiguredSource;
import io.hookgate.source.Sources;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads webhook bodies under their source's size limit, before RESTEasy Reactive would buffer them.
 * RESTEasy Reactive only knows the global quarkus.http.limits.max-body-size; each source has its own
 * max-body-size, so this filter streams the body itself and answers 413 the moment the limit is crossed
 * (or at once, when Content-Length already says so). The bytes it hands on are exactly those received.
 */
public class BodyReader {

    private static final String PREFIX = "/webhooks/";
    private static final int INITIAL_BUFFER = 4096;

    private final Sources sources;
    private final RejectionRecorder rejections;
    private final BodyBudget budget;
    private final long bodyTimeoutMillis;
    private final String retryAfterSeconds;

    public BodyReader(Sources sources, RejectionRecorder rejections, BodyBudget budget, HookgateConfig config) {
        this.sources = sources;
        this.rejections = rejections;
        this.budget = budget;
        this.bodyTimeoutMillis = config.ingest().bodyTimeout().toMillis();
        this.retryAfterSeconds = Long.toString(Math.max(1, config.ingest().retryAfter().toSeconds()));
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> read(ContainerRequestContext ctx, RoutingContext routing) {
        HttpServerRequest request = routing.request();
        // Routing matches the normalised path (%77ebhooks, dot segments are resolved), so this must too: on the raw
        // path, /%77ebhooks/gh skipped every limit here and reached the resource with no source (a 500).
        String path = routing.normalizedPath();
        if (!"POST".equals(request.method().name()) || !path.startsWith(PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        Instant startedAt = Instant.now();
        String name = path.substring(PREFIX.length());
        ConfiguredSource source = sources.find(name);
        if (source == null) {
            // Stored and counted as one unknown source: attacker-chosen names must not become sources anywhere.
            reject(null, RejectionReason.UNKNOWN_SOURCE, "no source named '" + truncate(name) + "' is configured",
                    request, new byte[0], -1, startedAt);
            return Uni.createFrom().item(Problem.of(RejectionReason.UNKNOWN_SOURCE, "no such source").build());
        }
        long limit = source.maxBodyBytes();
        long declared = contentLength(request);
        if (declared > limit) {
            return Uni.createFrom().item(tooLarge(source, routing, new byte[0], declared, startedAt));
        }
        if (!budget.enter()) {
            return Uni.createFrom().item(overloaded(source, routing, new byte[0], "too many webhook requests in flight",
                    startedAt));
        }
        IncomingRequest.remember(routing, source, startedAt);
        long[] reserved = { 0 };
        String[] refusal = { null };
        routing.addEndHandler(done -> budget.leave(source, reserved[0]));
        return Uni.createFrom().emitter(em -> {
            // Grown as bytes arrive, never sized from Content-Length: headers alone must not reserve memory.
            Buffer body = Buffer.buffer(INITIAL_BUFFER);
            // A body trickling in byte by byte would hold a connection forever: give it a deadline.
            long timer = routing.vertx().setTimer(bodyTimeoutMillis, id -> {
                stopReading(request);
                em.complete(timedOut(source, routing, body.getBytes(), startedAt));
            });
            request.handler(chunk -> {
                if (body.length() + chunk.length() > limit) {
                    routing.vertx().cancelTimer(timer);
                    stopReading(request);
                    em.complete(tooLarge(source, routing, body.getBytes(), body.length() + (long) chunk.length(),
                            startedAt));
                } else if ((refusal[0] = budget.reserve(source, chunk.length())) != null) {
                    routing.vertx().cancelTimer(timer);
                    stopReading(request);
                    em.complete(overloaded(source, routing, body.getBytes(), refusal[0], startedAt));
                } else {
                    reserved[0] += chunk.length();
                    body.appendBuffer(chunk);
                }
            });
            request.endHandler(v -> {
                routing.vertx().cancelTimer(timer);
                ctx.setEntityStream(new ByteArrayInputStream(body.getBytes()));
                em.complete(null);
            });
            request.exceptionHandler(failure -> {
                // The client went away mid-body: nobody to answer and nothing to store. Failing the Uni made Quarkus
                // log an ERROR with a stack trace for every dropped connection, which any client can cause.
                routing.vertx().cancelTimer(timer);
                stopReading(request);
                budget.aborted(source.name());
                em.complete(Problem.of(RejectionReason.REQUEST_TIMEOUT, "the connection closed before the body ended")
                        .header("Connection", "close").build());
            });
            request.resume();
        });
    }

    private static void stopReading(HttpServerRequest request) {
        request.handler(null);
        request.endHandler(null);
        request.pause();
    }

    private Response timedOut(ConfiguredSource source, RoutingContext routing, byte[] readSoFar, Instant startedAt) {
        String detail = "the body did not arrive within " + bodyTimeoutMillis + " ms";
        reject(source, RejectionReason.REQUEST_TIMEOUT, detail, routing.request(), readSoFar,
                readSoFar.length, startedAt);
        routing.addEndHandler(done -> routing.request().connection().close());
        return Problem.of(RejectionReason.REQUEST_TIMEOUT, detail).header("Connection", "close").build();
    }

    private Response overloaded(ConfiguredSource source, RoutingContext routing, byte[] readSoFar, String detail,
            Instant startedAt) {
        reject(source, RejectionReason.OVERLOADED, detail, routing.request(), readSoFar, readSoFar.length, startedAt);
        routing.addEndHandler(done -> routing.request().connection().close());
        return Problem.of(RejectionReason.OVERLOADED, detail).header("Retry-After", retryAfterSeconds)
                .header("Connection", "close").build();
    }

    private Response tooLarge(ConfiguredSource source, RoutingContext routing, byte[] readSoFar, long size,
            Instant startedAt) {
        String detail = "body exceeds the " + source.maxBodyBytes() + "-byte limit of source " + source.name();
        reject(source, RejectionReason.PAYLOAD_TOO_LARGE, detail, routing.request(), readSoFar,
                size, startedAt);
        // The rest of an oversized body is not worth reading: close once the 413 is written.
        routing.addEndHandler(done -> routing.request().connection().close());
        return Problem.of(RejectionReason.PAYLOAD_TOO_LARGE, detail).header("Connection", "close").build();
    }

    /** @param source the configured source, or null for an unknown one */
    private void reject(ConfiguredSource source, RejectionReason reason, String detail, HttpServerRequest request,
            byte[] body, long size, Instant startedAt) {
        String name = source == null ? HookgateMetrics.UNKNOWN_SOURCE : source.name();
        rejections.record(new RejectedRequest(name, name,
                reason, detail, IncomingRequest.remoteAddress(request), IncomingRequest.headers(request),
                source == null ? sources.allSecretHeaders() : source.secretHeaders(), body, size, startedAt));
    }

    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String truncate(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
    }

}
