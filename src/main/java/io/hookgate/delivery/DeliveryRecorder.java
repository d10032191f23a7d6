package io.hookgate.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hookgate.batch.GroupCommit;
import io.hookgate.batch.GroupCommit.Item;
import io.hookgate.config.HookgateConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Records the outcome of HTTP attempts in their deliveries: the state, the counts, the next attempt, the last error,
 * and the attempt itself in the row's bounded attempt_log (the latest attempt-log-size). Many outcomes per
 * statement (GroupCommit, one in flight, at most one statement per mark-delay under load), like PublishedMarker:
 * a commit per attempt would cost PostgreSQL more than the deliveries are worth. Only a PENDING row is updated: a
 * delivery replayed or recorded meanwhile is left as it is. Until the record commits, the row stays leased, so no
 * replica attempts it again; a record lost to a crash means one more attempt after the lease (at-least-once).
 */
@ApplicationScoped
public class DeliveryRecorder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BATCH = 500;
    private static final int MAX_ERROR = 1000;

    private static final String RECORD = """
            UPDATE deliveries d SET state = u.state, attempts = d.attempts + 1, failures = d.failures + u.counted,
                   next_attempt_at = u.next_at, delivered_at = coalesce(u.delivered_at, d.delivered_at), last_error = u.error,
                   attempt_log = (SELECT jsonb_agg(x ORDER BY n)
                                  FROM jsonb_array_elements(coalesce(d.attempt_log, '[]'::jsonb) || jsonb_build_array(u.entry::jsonb))
                                       WITH ORDINALITY AS a(x, n)
                                  WHERE n > jsonb_array_length(coalesce(d.attempt_log, '[]'::jsonb)) + 1 - $10)
            FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::int[], $6::timestamptz[],
                        $7::timestamptz[], $8::text[], $9::text[])
                 AS u(id, received_at, destination, state, counted, next_at, delivered_at, error, entry)
            WHERE d.received_at = u.received_at AND d.event_id = u.id AND d.destination = u.destination
              AND d.state = 'PENDING'""";

    /** One attempt's outcome, as recorded. */
    public record Outcome(UUID eventId, OffsetDateTime receivedAt, String route, String state, boolean counted,
            Instant nextAttemptAt, Instant deliveredAt, String error, String entryJson) {
    }

    private final Pool pool;
    private final int logSize;
    private final GroupCommit<Outcome, Void> batches;

    public DeliveryRecorder(Pool pool, Vertx vertx, HookgateConfig config) {
        this.pool = pool;
        this.logSize = Math.max(1, config.delivery().attemptLogSize());
        this.batches = new GroupCommit<>(vertx, new GroupCommit.Settings("delivery record", MAX_BATCH, 1,
                config.publish().markDelay(), Integer.MAX_VALUE), this::write, (size, nanos) -> {
                });
    }

    /** Completes once the outcome is committed. */
    public Uni<Void> record(Outcome outcome) {
        return batches.submit(outcome);
    }

    /** The attempt_log entry of an attempt. */
    static String entry(Attempt attempt, String outcome) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("at", attempt.startedAt().toString());
        e.put("status", attempt.status() == 0 ? null : attempt.status());
        e.put("ms", attempt.latency().toMillis());
        e.put("outcome", outcome);
        e.put("error", attempt.error());
        e.put("response", attempt.response());
        try {
            return JSON.writeValueAsString(e);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }

    private Uni<Void> write(List<Item<Outcome, Void>> batch) {
        int n = batch.size();
        UUID[] ids = new UUID[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        String[] routes = new String[n];
        String[] states = new String[n];
        Integer[] counted = new Integer[n];
        OffsetDateTime[] next = new OffsetDateTime[n];
        OffsetDateTime[] delivered = new OffsetDateTime[n];
        String[] errors = new String[n];
        String[] entries = new String[n];
        for (int i = 0; i < n; i++) {
            Outcome o = batch.get(i).value();
            ids[i] = o.eventId();
            received[i] = o.receivedAt();
            routes[i] = o.route();
            states[i] = o.state();
            counted[i] = o.counted() ? 1 : 0;
            next[i] = utc(o.nextAttemptAt());
            delivered[i] = utc(o.deliveredAt());
            errors[i] = truncate(o.error());
            entries[i] = o.entryJson();
        }
        return pool.preparedQuery(RECORD)
                .execute(Tuple.tuple(List.of(ids, received, routes, states, counted, next, delivered, errors, entries, logSize)))
                .invoke(() -> batch.forEach(item -> item.complete(null)))
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
