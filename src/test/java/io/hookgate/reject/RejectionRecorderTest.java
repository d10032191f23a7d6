package io.hookgate.reject;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hookgate.request.RejectionReason;
import io.hookgate.request.RequestHeaders;
import io.hookgate.support.Await;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A rejection is stored whichever thread reports it, including one that is not on a Vert.x context. */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class RejectionRecorderTest {

    @Inject
    RejectionRecorder recorder;

    @Test
    void aRejectionReportedOffTheVertxContextIsStored() throws Exception {
        String marker = "off-context-" + UUID.randomUUID();
        // A plain thread, like a timer's: Hibernate Reactive cannot run there by itself.
        CompletableFuture.runAsync(() -> recorder.record(new RejectedRequest("github", "github",
                RejectionReason.UNAVAILABLE, marker, "127.0.0.1", RequestHeaders.of("Content-Type", "application/json"),
                Set.of(), new byte[0], 0, Instant.now())), runnable -> new Thread(runnable).start()).get();
        Await.until("the record reported off the Vert.x context", Duration.ofSeconds(10),
                () -> Db.count("SELECT count(*) FROM rejections WHERE detail = ?", marker) == 1);
    }
}
