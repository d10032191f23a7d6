package io.hookgate.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Read side of the admin API for events: filtered, newest-first keyset pages, and one event in full. */
@ApplicationScoped
public class EventQueries {

    private static final String SUMMARY_COLUMNS = """
            id, source, dedup_key, event_type, received_at, content_type, status, publish_attempts, published_at,
            last_error, replay_count, octet_length(payload) AS size""";

    private final Pool pool;
    private final ObjectMapper json;

    public EventQueries(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public Uni<Map<String, Object>> list(EventFilter filter, Cursor after, int limit) {
        Where where = filter.where();
        if (after != null) {
            where.andAll("(received_at, id) < (?, ?)", after.receivedAt(), after.id());
        }
        String sql = "SELECT " + SUMMARY_COLUMNS + " FROM events" + where.sql()
                + " ORDER BY received_at DESC, id DESC LIMIT " + where.param(limit + 1);
        return pool.preparedQuery(sql).execute(where.tuple()).map(rows -> page(rows, limit));
    }

    private Map<String, Object> page(RowSet<Row> rows, int limit) {
        List<Map<String, Object>> items = new ArrayList<>();
        Cursor next = null;
        for (Row row : rows) {
            if (items.size() == limit) {
                Map<String, Object> last = items.get(items.size() - 1);
                next = new Cursor(java.time.OffsetDateTime.parse((String) last.get("receivedAt")),
                        UUID.fromString((String) last.get("id")));
                break;
            }
            items.add(summary(row));
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("nextCursor", next == null ? null : next.encode());
        return page;
    }

    /** The event with its (redacted) headers and payload, or null. */
    public Uni<Map<String, Object>> get(UUID id) {
        return pool.preparedQuery("SELECT " + SUMMARY_COLUMNS + ", headers::text AS headers, payload FROM events WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    Map<String, Object> event = summary(row);
                    try {
                        event.put("headers", json.readTree(row.getString("headers")));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("stored headers are JSON", e);
                    }
                    Payloads.put(event, "payload", row.getBuffer("payload").getBytes());
                    return event;
                });
    }

    static Map<String, Object> summary(Row row) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", row.getUUID("id").toString());
        event.put("source", row.getString("source"));
        event.put("dedupKey", row.getString("dedup_key"));
        event.put("type", row.getString("event_type"));
        event.put("receivedAt", row.getOffsetDateTime("received_at").toString());
        event.put("contentType", row.getString("content_type"));
        event.put("size", row.getInteger("size"));
        event.put("status", row.getString("status"));
        event.put("publishAttempts", row.getInteger("publish_attempts"));
        var publishedAt = row.getOffsetDateTime("published_at");
        event.put("publishedAt", publishedAt == null ? null : publishedAt.toString());
        event.put("lastError", row.getString("last_error"));
        event.put("replayCount", row.getInteger("replay_count"));
        return event;
    }
}
