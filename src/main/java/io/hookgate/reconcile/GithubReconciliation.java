package io.hookgate.reconcile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * GitHub: pages through the hook's deliveries (newest first, 100 a page, the Link header's cursor) back to the start
 * of the window, and asks GitHub to redeliver every delivery whose guid the source has not stored, once per guid
 * (its newest attempt). The redelivery arrives signed through the normal webhook path with the same guid, so the
 * dedup key absorbs repeats. Nothing is requested before every page has been read and understood.
 */
@ApplicationScoped
class GithubReconciliation {

    private static final int PAGE = 100;
    private static final int KEYS_PER_LOOKUP = 1000;
    private static final int REDELIVERY_CONCURRENCY = 2;

    private final StoredKeys stored;

    GithubReconciliation(StoredKeys stored) {
        this.stored = stored;
    }

    Uni<Void> run(RunContext ctx) {
        // guid -> its newest delivery in the window; insertion order is newest first.
        Map<String, GithubDeliveryPage.Delivery> byGuid = new LinkedHashMap<>();
        String[] next = { ctx.target().apiUrl() + ctx.target().hookPath() + "/deliveries?per_page=" + PAGE };
        return Uni.createFrom().deferred(() -> ctx.client().get(next[0])
                .map(response -> GithubDeliveryPage.parse(response.body().getBytes(), response.getHeader("Link"))))
                .invoke(page -> next[0] = collect(ctx, page, byGuid))
                .repeat().whilst(ignored -> next[0] != null)
                .onItem().ignoreAsUni()
                .onItem().transformToUni(x -> missing(ctx, byGuid))
                .onItem().transformToUni(missing -> ctx.run().dryRun() ? Uni.createFrom().voidItem()
                        : redeliver(ctx, missing));
    }

    /** Keeps the page's deliveries inside the window; returns the next page's URL, or null once past its start. */
    private static String collect(RunContext ctx, GithubDeliveryPage page, Map<String, GithubDeliveryPage.Delivery> byGuid) {
        ctx.progress().pages.incrementAndGet();
        boolean pastStart = false;
        for (GithubDeliveryPage.Delivery d : page.deliveries()) {
            if (d.deliveredAt().isBefore(ctx.run().since())) {
                pastStart = true;
            } else if (!d.deliveredAt().isAfter(ctx.run().until())) {
                byGuid.putIfAbsent(d.guid(), d);
            }
        }
        ctx.progress().found.set(byGuid.size());
        if (pastStart || page.deliveries().isEmpty() || page.next() == null) {
            return null;
        }
        String nextOrigin = ReconcileTarget.originOf(page.next());
        if (!ctx.target().origin().equals(nextOrigin)) {
            throw new ReconcileException("GitHub's Link header points the next page at another origin ("
                    + (nextOrigin == null ? "not a URL" : nextOrigin) + ") than hookgate.sources." + ctx.target().name()
                    + ".reconcile.api-url (" + ctx.target().origin() + "): not followed, the token stays there");
        }
        return page.next();
    }

    private Uni<List<GithubDeliveryPage.Delivery>> missing(RunContext ctx, Map<String, GithubDeliveryPage.Delivery> byGuid) {
        List<String> guids = new ArrayList<>(byGuid.keySet());
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < guids.size(); i += KEYS_PER_LOOKUP) {
            chunks.add(guids.subList(i, Math.min(guids.size(), i + KEYS_PER_LOOKUP)));
        }
        List<GithubDeliveryPage.Delivery> missing = new ArrayList<>();
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(chunk -> stored.of(ctx.target().name(), chunk).invoke(known -> {
                    for (String guid : chunk) {
                        if (!known.contains(guid)) {
                            missing.add(byGuid.get(guid));
                        }
                    }
                }))
                .onItem().ignoreAsUni()
                .invoke(() -> {
                    ctx.progress().missing.set(missing.size());
                    ctx.checkMissing(missing.size());
                })
                .replaceWith(missing);
    }

    private static Uni<Void> redeliver(RunContext ctx, List<GithubDeliveryPage.Delivery> missing) {
        String base = ctx.target().apiUrl() + ctx.target().hookPath() + "/deliveries/";
        return Multi.createFrom().iterable(missing)
                .onItem().transformToUni(d -> ctx.client().post(base + d.id() + "/attempts")
                        .invoke(() -> ctx.progress().redeliveriesRequested.incrementAndGet()))
                .merge(REDELIVERY_CONCURRENCY)
                .onItem().ignoreAsUni();
    }
}
