package io.hookgate.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.hookgate.delivery.FreshDeliveries;
import io.hookgate.config.HookgateConfig;
import io.hookgate.event.DuplicateCounts;
import io.hookgate.event.EventIds;
import io.hookgate.event.EventOrigin;
import io.hookgate.event.EventWriter;
import io.hookgate.event.NewEvent;
import io.hookgate.event.StorageUnavailableException;
import io.hookgate.event.StoreResult;
import io.hookgate.metrics.HookgateMetrics;
import io.hookgate.reject.RejectedRequest;
import io.hookgate.reject.RejectionRecorder;
import io.hookgate.request.HeaderRedactor;
import io.hookgate.request.Problem;
import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.RejectionReason;
import io.hookgate.request.WebhookRequest;
import io.hookgate.source.ConfiguredSource;
import io.hookgate.source.VerifiedWebhook;
import io.smallrye.mutiny.Uni;

/**
 * The ingest flow: verify, store (group-committed), answer, then publish. The answer is 2xx only after
 * the commit; the publish happens after the answer and never decides it.
 */
@ApplicationScoped
public class IngestService {

    private final EventWriter writer;
    private final DuplicateCounts duplicates;
    private final FreshDeliveries deliveries;
    private final RejectionRecorder rejections;
    private final HookgateMetrics metrics;
    private final String retryAfterSeconds;
    private final int replayCacheSize;
    private final Map<String, ReplayCache> replayCaches = new ConcurrentHashMap<>();

    public IngestService(EventWriter writer, FreshDeliveries deliveries, RejectionRecorder rejections,
            HookgateMetrics metrics, DuplicateCounts duplicates, HookgateConfig config) {
        this.writer = writer;
        this.duplicates = duplicates;
        this.deliveries = deliveries;
        this.rejections = rejections;
        this.metrics = metrics;
        this.retryAfterSeconds = Long.toString(Math.max(1, config.ingest().retryAfter().toSeconds()));
        this.replayCacheSize = config.ingest().replayCacheSize();
    }

    /** @param source the request's source, resolved by BodyReader (which answers unknown sources itself) */
    public Uni<Response> ingest(ConfiguredSource source, WebhookRequest request) {
        metrics.received(source.name());
        VerifiedWebhook webhook;
        try {
            webhook = source.verify(request);
        } catch (RejectedWebhookException e) {
            return Uni.createFrom().item(reject(source.name(), request, e, source.secretHeaders()));
        }
        if (webhook.challenge() != null) {
            metrics.outcome(source.name(), "challenge", took(request));
            return Uni.createFrom().item(Response.ok(Map.of("challenge", webhook.challenge()), MediaType.APPLICATION_JSON)
                    .build());
        }
        ReplayCache replays = webhook.replayKey() == null || replayCacheSize < 1 ? null : replays(source);
        CompletableFuture<UUID> claim = null;
        if (replays != null) {
            claim = new CompletableFuture<>();
            CompletableFuture<UUID> earlier = replays.claim(webhook.replayKey(), claim);
            if (earlier != null) {
                // The same signature was stored (or is being stored) already: an exact replay, whatever its id header.
                // A copy, so that this caller hanging up cancels nothing the first request and other replays share.
                return Uni.createFrom().completionStage(earlier.copy())
                        .map(id -> duplicate(source, request.receivedAt(), new StoreResult(id, true)))
                        .onFailure().recoverWithItem(e -> unavailable(source, request));
            }
        }
        NewEvent event = toEvent(source, webhook);
        Uni<StoreResult> stored = writer.store(event);
        if (claim != null) {
            stored = settle(stored, replays, webhook.replayKey(), claim);
        }
        return stored
                .map(result -> accepted(source, event, result))
                .onFailure(StorageUnavailableException.class)
                .recoverWithItem(e -> unavailable(source, request));
    }

    /** Tells the replays waiting on this claim the stored event's id; an event not stored releases the claim. */
    private static Uni<StoreResult> settle(Uni<StoreResult> stored, ReplayCache replays, byte[] key,
            CompletableFuture<UUID> claim) {
        return stored
                .invoke(result -> claim.complete(result.id()))
                .onFailure().invoke(f -> {
                    replays.forget(key, claim);
                    claim.completeExceptionally(f);
                })
                .onCancellation().invoke(() -> {
                    replays.forget(key, claim);
                    claim.completeExceptionally(new StorageUnavailableException("the request was cancelled", null));
                });
    }

    private ReplayCache replays(ConfiguredSource source) {
        return replayCaches.computeIfAbsent(source.name(),
                name -> new ReplayCache(replayCacheSize, source.config().tolerance(), System::nanoTime));
    }

    private Response unavailable(ConfiguredSource source, WebhookRequest request) {
        return reject(source.name(), request,
                new RejectedWebhookException(RejectionReason.UNAVAILABLE, "the event could not be stored; retry later"),
                source.secretHeaders());
    }

    private Response duplicate(ConfiguredSource source, Instant receivedAt, StoreResult result) {
        metrics.outcome(source.name(), "duplicate", Duration.between(receivedAt, Instant.now()));
        duplicates.count(source.name());
        return Response.ok(ack(result, true), MediaType.APPLICATION_JSON).build();
    }

    private Response accepted(ConfiguredSource source, NewEvent event, StoreResult result) {
        if (result.duplicate()) {
            return duplicate(source, event.receivedAt().toInstant(), result);
        }
        metrics.outcome(source.name(), "accepted", Duration.between(event.receivedAt().toInstant(), Instant.now()));
        deliveries.start(event, result.destinations());
        return Response.status(Response.Status.ACCEPTED).entity(ack(result, false)).type(MediaType.APPLICATION_JSON)
                .build();
    }

    // Written by hand: a UUID needs no escaping, and Jackson's per-response setup showed in profiles.
    private static String ack(StoreResult result, boolean duplicate) {
        return "{\"id\":\"" + result.id() + "\",\"duplicate\":" + duplicate + "}";
    }

    private Response reject(String metricSource, WebhookRequest request, RejectedWebhookException e,
            Set<String> secretHeaders) {
        RejectionReason reason = e.reason();
        rejections.record(new RejectedRequest(metricSource, request.source(), reason, e.detail(), request.remoteAddress(),
                request.headers(), secretHeaders, request.body(), request.body().length, request.receivedAt()));
        Response.ResponseBuilder problem = Problem.of(reason, e.detail());
        if (reason == RejectionReason.UNAVAILABLE) {
            problem.header("Retry-After", retryAfterSeconds);
        }
        return problem.build();
    }

    private static NewEvent toEvent(ConfiguredSource source, VerifiedWebhook webhook) {
        WebhookRequest request = webhook.request();
        return new NewEvent(EventIds.next(), source.name(), webhook.dedupKey(), webhook.eventType(),
                OffsetDateTime.ofInstant(request.receivedAt(), ZoneOffset.UTC), request.contentType(),
                HeaderRedactor.toJson(request.headers(), source.secretHeaders()), request.body(), EventOrigin.WEBHOOK);
    }

    private static Duration took(WebhookRequest request) {
        return Duration.between(request.receivedAt(), Instant.now());
    }
}
