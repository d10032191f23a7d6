package io.hookgate.admin;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Read side of the admin API for events: filtered, newest-first keyset pages, and one event in full. Raw SQL, not
 * Panache: the events table is the ingest hot path's (EventWriter owns it), a listing must not load payloads, the
 * keyset predicate is a row comparison that matches the (received_at, id) indexes exactly, and the partitions are
 * walked newest first (an ordered Append: a page touches the newest partitions only).
 */
@ApplicationScoped
public class EventQueries {

    private final Pool pool;
    private final ObjectMapper json;
    private final DeliveryQueries deliveries;

    public EventQueries(Pool pool, ObjectMapper json, DeliveryQueries deliveries) {
        this.pool = pool;
        this.json = json;
        this.deliveries = deliveries;
    }

    public Uni<EventPage> list(EventFilter filter, Cursor after, int limit) {
        Where where = filter.where();
        if (after != null) {
            where.andAll("(e.received_at, e.id) < (?, ?)", after.receivedAt(), after.id());
        }
        String sql = "SELECT " + EventSummary.COLUMNS + EventSummary.FROM + where.sql()
                + " ORDER BY e.received_at DESC, e.id DESC LIMIT " + where.param(limit + 1);
        return pool.preparedQuery(sql).execute(where.tuple()).map(rows -> page(rows, limit));
    }

    private static EventPage page(RowSet<Row> rows, int limit) {
        List<EventSummary> items = new ArrayList<>();
        Cursor next = null;
        for (Row row : rows) {
            if (items.size() == limit) {
                EventSummary last = items.get(items.size() - 1);
                next = new Cursor(OffsetDateTime.parse(last.receivedAt()), UUID.fromString(last.id()));
                break;
            }
            items.add(EventSummary.of(row));
        }
        return new EventPage(items, next == null ? null : next.encode());
    }

    /** The event with its (redacted) headers, payload and deliveries, or null. */
    public Uni<EventDetail> get(UUID id) {
        return load(id).onItem().ifNotNull().transformToUni(event -> deliveriesOf(event).map(event::detail));
    }

    /** The deliveries of a loaded event. */
    public Uni<List<DeliveryView>> deliveriesOf(StoredEvent event) {
        return deliveries.of(UUID.fromString(event.summary().id()), OffsetDateTime.parse(event.summary().receivedAt()),
                event.summary().source());
    }

    /** The event with its (redacted) headers and its payload as the row's buffer, or null. */
    public Uni<StoredEvent> load(UUID id) {
        return pool.preparedQuery("SELECT " + EventSummary.COLUMNS + ", e.headers::text AS headers, e.payload"
                + EventSummary.FROM + " WHERE e.id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    try {
                        return new StoredEvent(EventSummary.of(row), json.readTree(row.getString("headers")),
                                row.getBuffer("payload").getDelegate());
                    } catch (IOException e) {
                        throw new IllegalStateException("stored headers are JSON", e);
                    }
                });
    }
}
