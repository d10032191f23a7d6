package io.hookgate.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** The newest rejections, filtered by source, reason and time: "why did this integration go quiet?" */
@ApplicationScoped
public class RejectionQueries {

    private final Pool pool;
    private final ObjectMapper json;

    public RejectionQueries(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public Uni<List<Map<String, Object>>> list(String source, String reason, java.time.OffsetDateTime since, int limit) {
        Where where = new Where()
                .and("source = ?", source)
                .and("reason = ?", reason)
                .and("received_at >= ?", since);
        String sql = "SELECT id, source, received_at, reason, detail, remote_address, headers::text AS headers, "
                + "body_excerpt, body_size FROM rejections" + where.sql()
                + " ORDER BY received_at DESC, id DESC LIMIT " + where.param(limit);
        return pool.preparedQuery(sql).execute(where.tuple()).map(rows -> {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Row row : rows) {
                items.add(toJson(row));
            }
            return items;
        });
    }

    private Map<String, Object> toJson(Row row) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", row.getUUID("id").toString());
        r.put("source", row.getString("source"));
        r.put("receivedAt", row.getOffsetDateTime("received_at").toString());
        r.put("reason", row.getString("reason"));
        r.put("detail", row.getString("detail"));
        r.put("remoteAddress", row.getString("remote_address"));
        try {
            r.put("headers", json.readTree(row.getString("headers")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored headers are JSON", e);
        }
        r.put("bodySize", row.getLong("body_size"));
        var excerpt = row.getBuffer("body_excerpt");
        Payloads.put(r, "bodyExcerpt", excerpt == null ? null : excerpt.getBytes());
        return r;
    }
}
