package io.hookgate.admin;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hookgate.reactive.SafeContext;
import io.hookgate.reject.Rejection;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/** The newest rejections, filtered by source, reason and time: "why did this integration go quiet?" */
@ApplicationScoped
public class RejectionQueries {

    private final ObjectMapper json;
    private final Vertx vertx;

    public RejectionQueries(ObjectMapper json, Vertx vertx) {
        this.json = json;
        this.vertx = vertx;
    }

    public Uni<List<RejectionView>> list(String source, String reason, OffsetDateTime since, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (source != null) {
            where.add("source = :source");
            params.and("source", source);
        }
        if (reason != null) {
            where.add("reason = :reason");
            params.and("reason", reason);
        }
        if (since != null) {
            where.add("receivedAt >= :since");
            params.and("since", since);
        }
        String query = where.isEmpty() ? "" : String.join(" and ", where);
        return SafeContext.run(vertx, () -> Panache.withSession(() -> Rejection.<Rejection> find(query,
                Sort.descending("receivedAt", "id"), params).page(0, limit).list()))
                .map(rows -> rows.stream().map(this::view).toList());
    }

    private RejectionView view(Rejection r) {
        try {
            return new RejectionView(r.id.toString(), r.source, ReplayJobView.utc(r.receivedAt), r.reason, r.detail,
                    r.remoteAddress, json.readTree(r.headers), r.bodySize, Payloads.utf8OrNull(r.bodyExcerpt),
                    Payloads.base64(r.bodyExcerpt));
        } catch (IOException e) {
            throw new IllegalStateException("stored headers are JSON", e);
        }
    }
}
