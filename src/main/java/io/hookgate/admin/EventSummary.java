package io.hookgate.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

/** One event in a listing: everything but its headers and payload. Timestamps are ISO-8601 strings. */
@RegisterForReflection
public record EventSummary(String id, String source, String dedupKey, String type, String receivedAt,
        String contentType, Integer size, String status, Integer publishAttempts, String publishedAt, String lastError,
        Integer replayCount, String origin) {

    /** The columns {@link #of(Row)} reads, for a SELECT over events. */
    static final String COLUMNS = """
            id, source, dedup_key, event_type, received_at, content_type, status, publish_attempts, published_at,
            last_error, replay_count, origin, octet_length(payload) AS size""";

    static EventSummary of(Row row) {
        var publishedAt = row.getOffsetDateTime("published_at");
        return new EventSummary(row.getUUID("id").toString(), row.getString("source"), row.getString("dedup_key"),
                row.getString("event_type"), row.getOffsetDateTime("received_at").toString(),
                row.getString("content_type"), row.getInteger("size"), row.getString("status"),
                row.getInteger("publish_attempts"), publishedAt == null ? null : publishedAt.toString(),
                row.getString("last_error"), row.getInteger("replay_count"), row.getString("origin"));
    }
}
