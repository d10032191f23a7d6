package io.hookgate.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

/** One event in a listing: everything but its headers and payload. Timestamps are ISO-8601 strings. */
@RegisterForReflection
public record EventSummary(String id, String source, String dedupKey, String type, String receivedAt,
        String contentType, Integer size, String status, Integer publishAttempts, String publishedAt, String lastError,
        Integer replayCount, String origin) {

    /** The columns {@link #of(Row)} reads, for a SELECT {@link #FROM}. */
    static final String COLUMNS = """
            e.id, e.source, e.dedup_key, e.event_type, e.received_at, e.content_type, d.status, d.publish_attempts,
            d.published_at, d.last_error, d.replay_count, e.origin, octet_length(e.payload) AS size""";

    /**
     * Events (alias e) with their delivery state summed over their destinations (alias d), as EventStatus says. One probe of the deliveries primary key per event of the page (received_at is known: one partition).
     */
    static final String FROM = " " + """
            FROM events e LEFT JOIN LATERAL (
                SELECT CASE WHEN count(*) = 0 THEN 'UNROUTED' WHEN bool_or(x.state = 'PENDING') THEN 'PENDING'
                            WHEN bool_or(x.state = 'FAILED') THEN 'FAILED' ELSE 'PUBLISHED' END AS status,
                       sum(x.attempts)::int AS publish_attempts, max(x.delivered_at) AS published_at,
                       max(x.last_error) AS last_error, sum(x.replays)::int AS replay_count
                FROM deliveries x WHERE x.received_at = e.received_at AND x.event_id = e.id) d ON true""";

    static EventSummary of(Row row) {
        var publishedAt = row.getOffsetDateTime("published_at");
        return new EventSummary(row.getUUID("id").toString(), row.getString("source"), row.getString("dedup_key"),
                row.getString("event_type"), row.getOffsetDateTime("received_at").toString(),
                row.getString("content_type"), row.getInteger("size"), row.getString("status"),
                row.getInteger("publish_attempts"), publishedAt == null ? null : publishedAt.toString(),
                row.getString("last_error"), row.getInteger("replay_count"), row.getString("origin"));
    }
}
