package io.hookgate.reconcile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.delivery.FreshDeliveries;
import io.hookgate.event.EventIds;
import io.hookgate.event.EventOrigin;
import io.hookgate.event.EventWriter;
import io.hookgate.event.NewEvent;
import io.hookgate.request.HeaderRedactor;
import io.hookgate.request.RequestHeaders;
import io.hookgate.request.WebhookRequest;
import io.hookgate.source.ConfiguredSource;
import io.hookgate.source.EventIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Stripe: pages through GET /v1/events for the window (newest first, 100 a page), collects the events the source
 * has not stored, and only once every page has been read and understood stores them through the webhook path
 * (EventWriter: the same deduplication, the same outbox), origin "reconciled", and publishes them. So
 * a malformed page fails the run with nothing stored, and a webhook that arrives later is a duplicate.
 */
@ApplicationScoped
class StripeReconciliation {

    private static final int PAGE = 100;
    private static final int STORE_CONCURRENCY = 64;
    private static final String EMPTY_HEADERS = HeaderRedactor.toJson(RequestHeaders.of(), Set.of());

    private final StoredKeys stored;
    private final EventWriter writer;
    private final FreshDeliveries deliveries;

    StripeReconciliation(StoredKeys stored, EventWriter writer, FreshDeliveries deliveries) {
        this.stored = stored;
        this.writer = writer;
        this.deliveries = deliveries;
    }

    Uni<Void> run(RunContext ctx) {
        List<NewEvent> missing = new ArrayList<>();
        String[] after = { null };
        boolean[] more = { true };
        // Each round must emit an item (the page): repeat() skips null items without asking whilst().
        return Uni.createFrom().deferred(() -> page(ctx, after[0]))
                .call(page -> collect(ctx, page, missing))
                .invoke(page -> {
                    more[0] = page.hasMore() && !page.events().isEmpty();
                    after[0] = page.events().isEmpty() ? null : page.events().get(page.events().size() - 1).id();
                })
                .repeat().whilst(ignored -> more[0])
                .onItem().ignoreAsUni()
                .onItem().transformToUni(x -> ctx.run().dryRun() ? Uni.createFrom().voidItem() : store(ctx, missing));
    }

    private Uni<StripeEventPage> page(RunContext ctx, String startingAfter) {
        String url = ctx.target().apiUrl() + "/v1/events?limit=" + PAGE
                + "&created%5Bgte%5D=" + ctx.run().since().toEpochSecond()
                + "&created%5Blte%5D=" + ctx.run().until().toEpochSecond()
                + ctx.target().eventTypes().stream().map(t -> "&types%5B%5D=" + URLEncoder.encode(t, StandardCharsets.UTF_8))
                        .collect(Collectors.joining())
                + (startingAfter == null ? "" : "&starting_after=" + URLEncoder.encode(startingAfter, StandardCharsets.UTF_8));
        return ctx.client().get(url).map(response -> StripeEventPage.parse(response.body().getBytes()));
    }

    /** Counts the page and keeps its events that are not stored yet. */
    private Uni<Void> collect(RunContext ctx, StripeEventPage page, List<NewEvent> missing) {
        ConfiguredSource source = ctx.target().source();
        List<NewEvent> events = new ArrayList<>(page.events().size());
        List<String> types = ctx.target().eventTypes();
        for (StripeEventPage.Event e : page.events()) {
            if (types.isEmpty() || types.contains(e.type())) { // Stripe filters already; this keeps us honest
                events.add(toEvent(source, e));
            }
        }
        ctx.progress().pages.incrementAndGet();
        ctx.progress().found.addAndGet(events.size());
        return stored.of(source.name(), events.stream().map(NewEvent::dedupKey).toList()).invoke(known -> {
            for (NewEvent e : events) {
                if (!known.contains(e.dedupKey())) {
                    missing.add(e);
                }
            }
            ctx.progress().missing.set(missing.size());
            ctx.checkMissing(missing.size());
        }).replaceWithVoid();
    }

    private Uni<Void> store(RunContext ctx, List<NewEvent> missing) {
        return Multi.createFrom().iterable(missing)
                .onItem().transformToUni(event -> writer.store(event).invoke(result -> {
                    if (!result.duplicate()) {
                        ctx.progress().stored.incrementAndGet();
                        deliveries.start(event, result.destinations());
                    }
                })).merge(STORE_CONCURRENCY)
                .onItem().ignoreAsUni();
    }

    /** The event as a webhook of this source would have been stored: the source's own id and type rules. */
    private static NewEvent toEvent(ConfiguredSource source, StripeEventPage.Event e) {
        Instant now = Instant.now();
        EventIdentity.Identity identity = source.identify(
                new WebhookRequest(source.name(), e.raw(), RequestHeaders.of(), null, null, now));
        String type = identity.eventType() != null ? identity.eventType() : e.type();
        return new NewEvent(EventIds.next(), source.name(), identity.dedupKey(), type,
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC), "application/json", EMPTY_HEADERS, e.raw(),
                EventOrigin.RECONCILED);
    }
}
