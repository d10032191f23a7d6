package io.hookgate.admin;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.delivery.HttpDeliveries;
import io.hookgate.publish.OutboundMessage;
import io.hookgate.route.Routes;
import io.hookgate.reactive.SafeContext;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runs one bulk replay: walks its frozen match set oldest first by keyset, one page of {@code rate} events per
 * second at most, and checkpoints after every page, so a job taken over by another replica resumes where this one
 * stopped (at most one page is sent twice). It stops when the job is no longer RUNNING (cancelled). The page query
 * is raw SQL over the events table, like the other event reads (EventQueries). With a route, the page holds only
 * events with a delivery to it (EventFilter), and only that delivery is replayed.
 */
@ApplicationScoped
public class ReplayJobRunner {

    private static final String DELIVERIES_OF_PAGE = """
            SELECT d.event_id, d.destination FROM deliveries d
            JOIN unnest($1::uuid[], $2::timestamptz[]) AS r(id, received_at)
              ON d.received_at = r.received_at AND d.event_id = r.id
            ORDER BY d.destination""";

    private final Pool pool;
    private final ReplayService replays;
    private final ReplayJobStore store;
    private final Vertx vertx;
    private final Routes routes;
    private final HttpDeliveries http;

    public ReplayJobRunner(Pool pool, ReplayService replays, ReplayJobStore store, Vertx vertx, Routes routes,
            HttpDeliveries http) {
        this.pool = pool;
        this.routes = routes;
        this.http = http;
        this.replays = replays;
        this.store = store;
        this.vertx = vertx;
    }

    /** Starts (or resumes after {@code cursor}) the job in the background; a failure marks it FAILED. */
    public void start(UUID id, EventFilter filter, Cursor cursor, int rate) {
        SafeContext.detach(vertx, () -> page(id, filter, cursor, rate).subscribe().with(
                ignored -> {
                },
                failure -> fail(id, String.valueOf(failure.getMessage()))));
    }

    void fail(UUID id, String error) {
        Log.warnf("replay job %s failed: %s", id, error);
        store.finish(id, ReplayJob.FAILED, error).subscribe().with(x -> {
        }, x -> Log.warnf("could not mark replay job %s FAILED: %s", id, x.getMessage()));
    }

    private Uni<Void> page(UUID id, EventFilter filter, Cursor cursor, int rate) {
        long started = System.nanoTime();
        return store.isRunning(id).onItem().transformToUni(running -> {
            if (!running) {
                return Uni.createFrom().voidItem(); // cancelled (or deleted): stop here
            }
            Where where = filter.where();
            if (cursor != null) {
                where.andAll("(e.received_at, e.id) > (?, ?)", cursor.receivedAt(), cursor.id());
            }
            String sql = "SELECT " + OutboundMessage.COLUMNS + " FROM events e" + where.sql()
                    + " ORDER BY e.received_at, e.id LIMIT " + where.param(rate);
            return pool.preparedQuery(sql).execute(where.tuple()).onItem().transformToUni(rows -> {
                if (rows.size() == 0) {
                    return store.finish(id, ReplayJob.COMPLETED, null);
                }
                return sendPage(id, filter, rows).onItem().transformToUni(next -> {
                    long spent = (System.nanoTime() - started) / 1_000_000;
                    Uni<Void> pause = Uni.createFrom().voidItem();
                    if (spent < 1000) {
                        pause = pause.onItem().delayIt().by(Duration.ofMillis(1000 - spent));
                    }
                    return pause.onItem().transformToUni(x -> page(id, filter, next, rate));
                });
            });
        });
    }

    /**
     * Replays the page: with a route, each event to that route only; without, to every delivery it has (an event
     * without any, UNROUTED, counts as failed). AMQP deliveries are sent and counted, HTTP ones re-queued in one
     * statement per route (a page is at most {@code rate} events) and their lanes nudged. Checkpoints; returns the
     * last event's cursor.
     */
    private Uni<Cursor> sendPage(UUID id, EventFilter filter, RowSet<Row> rows) {
        List<Row> events = new ArrayList<>();
        rows.forEach(events::add);
        Row lastRow = events.get(events.size() - 1);
        Cursor next = new Cursor(lastRow.getOffsetDateTime("received_at"), lastRow.getUUID("id"));
        return targets(filter, events).onItem().transformToUni(targets -> {
            List<Uni<Boolean>> sends = new ArrayList<>();
            List<Integer> sent = new ArrayList<>(); // the event index of each send, in order
            List<String> sentTo = new ArrayList<>();
            Map<String, List<Integer>> requeue = new LinkedHashMap<>();
            boolean[] failed = new boolean[events.size()];
            for (int i = 0; i < events.size(); i++) {
                Row row = events.get(i);
                List<String> to = targets.getOrDefault(row.getUUID("id"), List.of());
                failed[i] = to.isEmpty();
                for (String target : to) {
                    if (routes.isHttp(target)) {
                        requeue.computeIfAbsent(target, t -> new ArrayList<>()).add(i);
                    } else if (routes.addressOf(row.getString("source"), target) != null) {
                        sends.add(replays.send(row, target).replaceWith(Boolean.TRUE).onFailure().recoverWithItem(Boolean.FALSE));
                        sent.add(i);
                        sentTo.add(target);
                    }
                }
            }
            Uni<List<Boolean>> results = sends.isEmpty() ? Uni.createFrom().item(List.of())
                    : Uni.join().all(sends).andFailFast();
            return results.onItem().transformToUni(ok -> {
                List<UUID> okIds = new ArrayList<>();
                List<OffsetDateTime> okReceived = new ArrayList<>();
                List<String> okTo = new ArrayList<>();
                for (int s = 0; s < ok.size(); s++) {
                    Row row = events.get(sent.get(s));
                    if (ok.get(s)) {
                        okIds.add(row.getUUID("id"));
                        okReceived.add(row.getOffsetDateTime("received_at"));
                        okTo.add(sentTo.get(s));
                    } else {
                        failed[sent.get(s)] = true;
                    }
                }
                Uni<Void> counted = okIds.isEmpty() ? Uni.createFrom().voidItem()
                        : pool.preparedQuery(ReplayService.COUNT_REPLAYS).execute(Tuple.of(okIds.toArray(UUID[]::new),
                                okReceived.toArray(OffsetDateTime[]::new), okTo.toArray(String[]::new))).replaceWithVoid();
                for (Map.Entry<String, List<Integer>> route : requeue.entrySet()) {
                    UUID[] ids = route.getValue().stream().map(i -> events.get(i).getUUID("id")).toArray(UUID[]::new);
                    OffsetDateTime[] received = route.getValue().stream()
                            .map(i -> events.get(i).getOffsetDateTime("received_at")).toArray(OffsetDateTime[]::new);
                    counted = counted.onItem().transformToUni(x -> pool.preparedQuery(ReplayService.REQUEUE)
                            .execute(Tuple.of(ids, received, route.getKey())).replaceWithVoid())
                            .invoke(() -> http.nudge(route.getKey()));
                }
                long failures = 0;
                for (boolean f : failed) {
                    failures += f ? 1 : 0;
                }
                long published = events.size() - failures;
                long failedCount = failures;
                return counted.onItem().transformToUni(x -> store.checkpoint(id, published, failedCount, next))
                        .replaceWith(next);
            });
        });
    }

    /** Where each event of the page goes: the filter's route, or the deliveries it has (one query for the page). */
    private Uni<Map<UUID, List<String>>> targets(EventFilter filter, List<Row> events) {
        if (filter.route() != null) {
            Map<UUID, List<String>> all = new HashMap<>();
            events.forEach(row -> all.put(row.getUUID("id"), List.of(filter.route())));
            return Uni.createFrom().item(all);
        }
        UUID[] ids = events.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new);
        OffsetDateTime[] received = events.stream().map(r -> r.getOffsetDateTime("received_at")).toArray(OffsetDateTime[]::new);
        return pool.preparedQuery(DELIVERIES_OF_PAGE).execute(Tuple.of(ids, received)).map(found -> {
            Map<UUID, List<String>> byEvent = new HashMap<>();
            found.forEach(d -> byEvent.computeIfAbsent(d.getUUID("event_id"), k -> new ArrayList<>())
                    .add(d.getString("destination")));
            return byEvent;
        });
    }
}
