package io.hookgate.admin;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hookgate.config.HookgateConfig;
import io.hookgate.event.EventIds;
import io.hookgate.publish.OutboundMessage;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Bulk replays as stored jobs. A job freezes its match set at creation (received_at up to then), walks it
 * oldest first by keyset at a bounded rate, and checkpoints its cursor and counters after every page.
 * A RUNNING job whose heartbeat stops (its replica died) is claimed by any replica and resumed from the
 * checkpoint, so a job either finishes or says why not; at most one page may be sent twice.
 */
@ApplicationScoped
public class ReplayJobs {

    private static final Duration STALE_AFTER = Duration.ofSeconds(30);
    private static final String JOB_COLUMNS = """
            id, created_at, updated_at, finished_at, state, filter::text AS filter, rate_per_second, matched,
            published, failed, resumed, cursor_received_at, cursor_id, last_error""";

    private final Pool pool;
    private final ReplayService replays;
    private final ObjectMapper json;
    private final int defaultRate;

    public ReplayJobs(Pool pool, ReplayService replays, ObjectMapper json, HookgateConfig config) {
        this.pool = pool;
        this.replays = replays;
        this.json = json;
        this.defaultRate = config.admin().replayRate();
    }

    /** Counts the matches; unless dryRun, stores a job and starts it. */
    public Uni<Map<String, Object>> create(EventFilter requested, boolean dryRun) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        EventFilter frozen = new EventFilter(requested.source(), requested.type(), requested.status(), requested.since(),
                requested.until() == null || requested.until().isAfter(now) ? now : requested.until());
        Where where = frozen.where();
        return pool.preparedQuery("SELECT count(*) FROM events" + where.sql()).execute(where.tuple())
                .onItem().transformToUni(rows -> {
                    long matched = rows.iterator().next().getLong(0);
                    if (dryRun) {
                        Map<String, Object> answer = new LinkedHashMap<>();
                        answer.put("dryRun", true);
                        answer.put("matched", matched);
                        answer.put("filter", frozen.toMap());
                        return Uni.createFrom().item(answer);
                    }
                    UUID id = EventIds.next();
                    String state = matched == 0 ? "COMPLETED" : "RUNNING";
                    return pool.preparedQuery("""
                            INSERT INTO replay_jobs (id, created_at, updated_at, finished_at, state, filter, rate_per_second,
                                                     matched, heartbeat_at)
                            VALUES ($1, $2, $2, CASE WHEN $3 = 'COMPLETED' THEN $2 END, $3, $4::jsonb, $5, $6, $2)""")
                            .execute(Tuple.tuple(List.of(id, now, state, toJson(frozen.toMap()), defaultRate, matched)))
                            .invoke(() -> {
                                if (matched > 0) {
                                    start(id, frozen, null, defaultRate);
                                }
                            })
                            .onItem().transformToUni(ignored -> get(id));
                });
    }

    public Uni<Map<String, Object>> get(UUID id) {
        return pool.preparedQuery("SELECT " + JOB_COLUMNS + " FROM replay_jobs WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? toMap(rows.iterator().next()) : null);
    }

    /** Stops a running job; the runner sees the state change before its next page. */
    public Uni<Map<String, Object>> cancel(UUID id) {
        return pool.preparedQuery("""
                UPDATE replay_jobs SET state = 'CANCELLED', finished_at = now(), updated_at = now()
                WHERE id = $1 AND state = 'RUNNING'""").execute(Tuple.of(id))
                .onItem().transformToUni(ignored -> get(id));
    }

    /** Claims jobs whose runner stopped heart-beating (a restart, a dead replica) and resumes them. */
    @Scheduled(every = "10s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resumeOrphans() {
        return pool.preparedQuery("""
                UPDATE replay_jobs SET heartbeat_at = now(), resumed = resumed + 1, updated_at = now()
                WHERE id IN (SELECT id FROM replay_jobs
                             WHERE state = 'RUNNING' AND heartbeat_at < now() - $1::bigint * interval '1 millisecond'
                             FOR UPDATE SKIP LOCKED)
                RETURNING id, filter::text AS filter, rate_per_second, cursor_received_at, cursor_id""")
                .execute(Tuple.of(STALE_AFTER.toMillis()))
                .invoke(rows -> {
                    for (Row row : rows) {
                        UUID id = row.getUUID("id");
                        Log.infof("resuming interrupted replay job %s", id);
                        Cursor cursor = row.getUUID("cursor_id") == null ? null
                                : new Cursor(row.getOffsetDateTime("cursor_received_at"), row.getUUID("cursor_id"));
                        try {
                            start(id, fromJson(row.getString("filter")), cursor, row.getInteger("rate_per_second"));
                        } catch (RuntimeException unusable) {
                            markFailed(id, "cannot resume: " + unusable.getMessage());
                        }
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private void start(UUID id, EventFilter filter, Cursor cursor, int rate) {
        page(id, filter, cursor, rate).subscribe().with(
                ignored -> {
                },
                failure -> markFailed(id, String.valueOf(failure.getMessage())));
    }

    private void markFailed(UUID id, String error) {
        Log.warnf("replay job %s failed: %s", id, error);
        pool.preparedQuery("""
                UPDATE replay_jobs SET state = 'FAILED', last_error = left($2, 1000), finished_at = now(),
                       updated_at = now() WHERE id = $1 AND state = 'RUNNING'""")
                .execute(Tuple.of(id, error))
                .subscribe().with(x -> {
                }, x -> Log.warnf("could not mark replay job %s FAILED", id));
    }

    /** One page per second at most: `rate` events, oldest first after the cursor, then a checkpoint. */
    private Uni<Void> page(UUID id, EventFilter filter, Cursor cursor, int rate) {
        long started = System.nanoTime();
        return pool.preparedQuery("SELECT state FROM replay_jobs WHERE id = $1").execute(Tuple.of(id))
                .onItem().transformToUni(state -> {
                    if (!state.iterator().hasNext() || !"RUNNING".equals(state.iterator().next().getString(0))) {
                        return Uni.createFrom().voidItem(); // cancelled (or deleted): stop here
                    }
                    Where where = filter.where();
                    if (cursor != null) {
                        where.andAll("(received_at, id) > (?, ?)", cursor.receivedAt(), cursor.id());
                    }
                    String sql = "SELECT " + OutboundMessage.COLUMNS + " FROM events" + where.sql()
                            + " ORDER BY received_at, id LIMIT " + where.param(rate);
                    return pool.preparedQuery(sql).execute(where.tuple())
                            .onItem().transformToUni(rows -> rows.size() == 0
                                    ? finish(id)
                                    : sendPage(id, rows).onItem().transformToUni(next -> {
                                        long spent = (System.nanoTime() - started) / 1_000_000;
                                        Uni<Void> pause = Uni.createFrom().voidItem();
                                        if (spent < 1000) {
                                            pause = pause.onItem().delayIt().by(Duration.ofMillis(1000 - spent));
                                        }
                                        return pause.onItem().transformToUni(x -> page(id, filter, next, rate));
                                    }));
                });
    }

    private Uni<Cursor> sendPage(UUID id, RowSet<Row> rows) {
        List<Uni<Boolean>> sends = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        Cursor last = null;
        for (Row row : rows) {
            ids.add(row.getUUID("id"));
            sends.add(replays.send(row).replaceWith(Boolean.TRUE).onFailure().recoverWithItem(Boolean.FALSE));
            last = new Cursor(row.getOffsetDateTime("received_at"), row.getUUID("id"));
        }
        Cursor next = last;
        return Uni.join().all(sends).andFailFast().onItem().transformToUni(results -> {
            List<UUID> ok = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i)) {
                    ok.add(ids.get(i));
                }
            }
            long failed = results.size() - ok.size();
            return pool.preparedQuery("UPDATE events SET replay_count = replay_count + 1 WHERE id = ANY($1::uuid[])")
                    .execute(Tuple.of(ok.toArray(UUID[]::new)))
                    .onItem().transformToUni(x -> pool.preparedQuery("""
                            UPDATE replay_jobs SET published = published + $2, failed = failed + $3,
                                   cursor_received_at = $4, cursor_id = $5, heartbeat_at = now(), updated_at = now()
                            WHERE id = $1 AND state = 'RUNNING'""")
                            .execute(Tuple.tuple(List.of(id, (long) ok.size(), failed, next.receivedAt(), next.id()))))
                    .replaceWith(next);
        });
    }

    private Uni<Void> finish(UUID id) {
        return pool.preparedQuery("""
                UPDATE replay_jobs SET state = 'COMPLETED', finished_at = now(), updated_at = now()
                WHERE id = $1 AND state = 'RUNNING'""").execute(Tuple.of(id)).replaceWithVoid();
    }

    private Map<String, Object> toMap(Row row) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("id", row.getUUID("id").toString());
        job.put("state", row.getString("state"));
        try {
            job.put("filter", json.readTree(row.getString("filter")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        job.put("matched", row.getLong("matched"));
        job.put("published", row.getLong("published"));
        job.put("failed", row.getLong("failed"));
        job.put("ratePerSecond", row.getInteger("rate_per_second"));
        job.put("resumed", row.getInteger("resumed"));
        job.put("createdAt", row.getOffsetDateTime("created_at").toString());
        job.put("updatedAt", row.getOffsetDateTime("updated_at").toString());
        OffsetDateTime finished = row.getOffsetDateTime("finished_at");
        job.put("finishedAt", finished == null ? null : finished.toString());
        job.put("lastError", row.getString("last_error"));
        return job;
    }

    private String toJson(Map<String, Object> map) {
        try {
            return json.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private EventFilter fromJson(String text) {
        try {
            Map<?, ?> map = json.readValue(text, Map.class);
            return EventFilter.from(key -> map.get(key) == null ? null : map.get(key).toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
