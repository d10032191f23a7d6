package io.hookgate.admin;

import java.io.IOException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Takes over bulk replays whose runner stopped heart-beating (a restart, a dead replica) and resumes them from
 * their checkpoint, so a job either finishes or says why not.
 */
@ApplicationScoped
public class StaleReplayJobs {

    static final Duration STALE_AFTER = Duration.ofSeconds(30);

    private final ReplayJobStore store;
    private final ReplayJobRunner runner;
    private final ObjectMapper json;

    public StaleReplayJobs(ReplayJobStore store, ReplayJobRunner runner, ObjectMapper json) {
        this.store = store;
        this.runner = runner;
        this.json = json;
    }

    @Scheduled(every = "10s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resume() {
        return store.claimStale(STALE_AFTER)
                .invoke(claimed -> claimed.forEach(job -> {
                    Log.infof("resuming interrupted replay job %s", job.id());
                    EventFilter filter;
                    try {
                        filter = EventFilter.of(json.readValue(job.filter(), EventFilter.Json.class));
                    } catch (IOException | RuntimeException unusable) {
                        runner.fail(job.id(), "cannot resume: " + unusable.getMessage());
                        return;
                    }
                    runner.start(job.id(), filter, job.cursor(), job.ratePerSecond());
                }))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
