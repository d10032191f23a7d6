package io.hookgate.ingest;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Set;

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

    private final Sources sources;
    private final RejectionRecorder rejections;
    private final long bodyTimeoutMillis;

    public BodyReader(Sources sources, RejectionRecorder rejections, HookgateConfig config) {
        this.sources = sources;
        this.rejections = rejections;
        this.bodyTimeoutMillis = config.ingest().bodyTimeout().toMillis();
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> read(ContainerRequestContext ctx, RoutingContext routing) {
        HttpServerRequest request = routing.request();
        String path = request.path();
        if (!"POST".equals(request.method().name()) || !path.startsWith(PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        Instant startedAt = Instant.now();
        String name = path.substring(PREFIX.length());
        ConfiguredSource source = sources.find(name);
        if (source == null) {
            reject(null, name, RejectionReason.UNKNOWN_SOURCE,
                    "no source named '" + truncate(name) + "' is configured", request, new byte[0], -1, startedAt);
            return Uni.createFrom().item(Problem.of(RejectionReason.UNKNOWN_SOURCE, "no such source").build());
        }
        IncomingRequest.remember(routing, source, startedAt);
        long limit = source.maxBodyBytes();
        long declared = contentLength(request);
        if (declared > limit) {
            return Uni.createFrom().item(tooLarge(source, routing, new byte[0], declared, startedAt));
        }
        return Uni.createFrom().emitter(em -> {
            Buffer body = Buffer.buffer((int) Math.max(256, Math.min(declared, limit)));
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
                } else {
                    body.appendBuffer(chunk);
                }
            });
            request.endHandler(v -> {
                routing.vertx().cancelTimer(timer);
                ctx.setEntityStream(new ByteArrayInputStream(body.getBytes()));
                em.complete(null);
            });
            request.exceptionHandler(failure -> {
                routing.vertx().cancelTimer(timer);
                em.fail(failure);
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
        reject(source, source.name(), RejectionReason.REQUEST_TIMEOUT, detail, routing.request(), readSoFar,
                readSoFar.length, startedAt);
        routing.addEndHandler(done -> routing.request().connection().close());
        return Problem.of(RejectionReason.REQUEST_TIMEOUT, detail).header("Connection", "close").build();
    }

    private Response tooLarge(ConfiguredSource source, RoutingContext routing, byte[] readSoFar, long size,
            Instant startedAt) {
        String detail = "body exceeds the " + source.maxBodyBytes() + "-byte limit of source " + source.name();
        reject(source, source.name(), RejectionReason.PAYLOAD_TOO_LARGE, detail, routing.request(), readSoFar,
                size, startedAt);
        // The rest of an oversized body is not worth reading: close once the 413 is written.
        routing.addEndHandler(done -> routing.request().connection().close());
        return Problem.of(RejectionReason.PAYLOAD_TOO_LARGE, detail).header("Connection", "close").build();
    }

    /** @param source the configured source, or null for an unknown one */
    private void reject(ConfiguredSource source, String requested, RejectionReason reason, String detail,
            HttpServerRequest request, byte[] body, long size, Instant startedAt) {
        rejections.record(new RejectedRequest(source == null ? HookgateMetrics.UNKNOWN_SOURCE : source.name(), requested,
                reason, detail, IncomingRequest.remoteAddress(request), IncomingRequest.headers(request),
                source == null ? Set.of() : source.secretHeaders(), body, size, startedAt));
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
