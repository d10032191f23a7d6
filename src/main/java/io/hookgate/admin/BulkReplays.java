package io.hookgate.admin;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hookgate.config.HookgateConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Bulk replays as stored jobs: a job freezes its match set at creation (received_at up to then), and
 * ReplayJobRunner sends it at a bounded rate. A dry run only counts. With a route, only the events with a delivery
 * to it, and only to it.
 */
@ApplicationScoped
public class BulkReplays {

    private final Pool pool;
    private final ReplayJobStore store;
    private final ReplayJobRunner runner;
    private final ObjectMapper json;
    private final int defaultRate;
    private final int maxJobs;
    private final RouteNames routes;

    public BulkReplays(Pool pool, ReplayJobStore store, ReplayJobRunner runner, ObjectMapper json,
            HookgateConfig config, RouteNames routes) {
        this.pool = pool;
        this.routes = routes;
        this.store = store;
        this.runner = runner;
        this.json = json;
        this.defaultRate = config.admin().replayRate();
        this.maxJobs = config.admin().maxReplayJobs();
    }

    /**
     * Counts the matches; unless dryRun, stores a job and starts it. Answers a ReplayDryRun or a ReplayJobView; fails
     * with TooManyReplayJobsException while max-replay-jobs jobs are RUNNING in the cluster.
     */
    public Uni<Object> create(EventFilter requested, boolean dryRun) {
        routes.check(requested);
        OffsetDateTime now = ReplayJobStore.now();
        EventFilter frozen = requested.until(requested.until() == null || requested.until().isAfter(now) ? now : requested.until());
        Where where = frozen.where();
        return pool.preparedQuery("SELECT count(*) FROM events e" + where.sql()).execute(where.tuple())
                .onItem().transformToUni(rows -> {
                    long matched = rows.iterator().next().getLong(0);
                    if (dryRun) {
                        return Uni.createFrom().item(new ReplayDryRun(true, matched, frozen.json()));
                    }
                    return store.createIfRoom(toJson(frozen.json()), matched, defaultRate, now, maxJobs)
                            .invoke(job -> {
                                if (job == null) {
                                    throw new TooManyReplayJobsException(maxJobs);
                                }
                                if (ReplayJob.RUNNING.equals(job.state)) {
                                    runner.start(job.id, frozen, null, defaultRate);
                                }
                            })
                            .map(job -> ReplayJobView.of(job, json));
                });
    }

    /** The job, or null. */
    public Uni<ReplayJobView> get(UUID id) {
        return store.find(id).map(job -> job == null ? null : ReplayJobView.of(job, json));
    }

    /** Stops a running job; answers the job as it is now, or null. */
    public Uni<ReplayJobView> cancel(UUID id) {
        return store.cancel(id).map(job -> job == null ? null : ReplayJobView.of(job, json));
    }

    private String toJson(EventFilter.Json filter) {
        try {
            return json.writeValueAsString(filter);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
