package io.hookgate.admin;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

import io.hookgate.event.EventStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The event filter shared by listings and bulk replays: source, type, status, a received_at window, the provider's
 * event id (dedupKey), and a route: only events with a delivery to it, and then status is that delivery's state.
 */
public record EventFilter(String source, String type, String status, OffsetDateTime since, OffsetDateTime until,
        String dedupKey, String route) {

    public static EventFilter from(Function<String, String> param) {
        String status = blankToNull(param.apply("status"));
        if (status != null) {
            try {
                status = EventStatus.valueOf(status.toUpperCase(Locale.ROOT)).name();
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("status must be PENDING, PUBLISHED, FAILED or UNROUTED");
            }
        }
        EventFilter filter = new EventFilter(blankToNull(param.apply("source")), blankToNull(param.apply("type")), status,
                instant("since", param.apply("since")), instant("until", param.apply("until")),
                blankToNull(param.apply("dedupKey")), blankToNull(param.apply("route")));
        if (filter.since != null && filter.until != null && filter.since.isAfter(filter.until)) {
            throw new BadRequestException("since must not be after until");
        }
        if (filter.route != null && EventStatus.UNROUTED.name().equals(filter.status)) {
            throw new BadRequestException("status UNROUTED means no delivery at all: it cannot go with a route");
        }
        return filter;
    }

    /** This filter with another until (a bulk replay freezes its match set so). */
    EventFilter until(OffsetDateTime until) {
        return new EventFilter(source, type, status, since, until, dedupKey, route);
    }

    /** Adds this filter's conditions to a WHERE clause over the events table, aliased e. */
    Where where() {
        Where where = new Where()
                .and("e.source = ?", source)
                // The provider's id: with the source, one probe of the (source, dedup_key) index per partition.
                .and("e.dedup_key = ?", dedupKey)
                .and("e.event_type = ?", type)
                .and("e.received_at >= ?", since)
                .and("e.received_at < ?", until);
        if (route == null) {
            return where.and(statusCondition(status), status);
        }
        // The route's own deliveries, in the same received_at window (so only its partitions are read), and with a
        // status that route's state: route=fan-a&status=FAILED is what fan-a gave up on.
        StringBuilder routed = new StringBuilder("(e.received_at, e.id) IN (SELECT received_at, event_id FROM deliveries"
                + " WHERE destination = " + where.param(route));
        if (status != null) {
            routed.append(" AND state = ").append(where.param(status));
        }
        if (since != null) {
            routed.append(" AND received_at >= ").append(where.param(since));
        }
        if (until != null) {
            routed.append(" AND received_at < ").append(where.param(until));
        }
        return where.andAll(routed.append(")").toString());
    }

    /** The condition on the summed state (EventStatus), with one ? for the status. */
    private static String statusCondition(String status) {
        String own = " FROM deliveries p WHERE p.received_at = e.received_at AND p.event_id = e.id";
        return switch (status == null ? "" : status) {
            // PENDING deliveries are few and in the relay's partial index (deliveries_due_idx): start from them.
            case "PENDING" -> "(e.received_at, e.id) IN (SELECT received_at, event_id FROM deliveries WHERE state = ?)";
            case "FAILED" -> "(e.received_at, e.id) IN (SELECT received_at, event_id FROM deliveries WHERE state = ?)"
                    + " AND NOT EXISTS (SELECT 1" + own + " AND p.state = 'PENDING')";
            case "UNROUTED" -> "NOT EXISTS (SELECT 1" + own + ") AND ?::text IS NOT NULL";
            default -> "EXISTS (SELECT 1" + own + ") AND NOT EXISTS (SELECT 1" + own + " AND p.state <> ?)";
        };
    }

    /** The filter as JSON shows it: a replay job stores it so, and answers with it. */
    @RegisterForReflection
    public record Json(String source, String type, String status, String since, String until, String dedupKey,
            String route) {
    }

    Json json() {
        return new Json(source, type, status, since == null ? null : since.toString(),
                until == null ? null : until.toString(), dedupKey, route);
    }

    static EventFilter of(Json json) {
        return from(key -> switch (key) {
            case "source" -> json.source();
            case "type" -> json.type();
            case "status" -> json.status();
            case "since" -> json.since();
            case "until" -> json.until();
            case "dedupKey" -> json.dedupKey();
            case "route" -> json.route(); // null in jobs stored before routes
            default -> null;
        });
    }

    public static OffsetDateTime instant(String name, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be an ISO-8601 timestamp with offset, e.g. 2026-01-31T12:00:00Z");
        }
    }

    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
