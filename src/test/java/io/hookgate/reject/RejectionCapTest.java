package io.hookgate.reject;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hookgate.config.HookgateConfig;
import io.hookgate.metrics.HookgateMetrics;
import io.hookgate.request.RejectionReason;
import io.hookgate.request.RequestHeaders;
import io.hookgate.support.Await;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * hookgate.rejections.max-rows holds for the whole cluster, not per replica: two recorders (this app's, and a second
 * one standing for another replica, with its own write budget) write far more records than the cap at once, and the
 * table never holds more than the cap, while the newest record is always kept.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
@TestProfile(RejectionCapTest.SmallCap.class)
class RejectionCapTest {

    static final int CAP = 50;
    static final int WRITES = 600;

    public static class SmallCap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hookgate.rejections.max-rows", String.valueOf(CAP));
        }
    }

    @Inject
    RejectionRecorder recorder;
    @Inject
    HookgateMetrics metrics;
    @Inject
    Pool pool;
    @Inject
    HookgateConfig config;
    @Inject
    RejectionLog rejectionLog;

    static RejectedRequest rejected(String detail) {
        return new RejectedRequest("github", "github", RejectionReason.BAD_SIGNATURE, detail, "192.0.2.7",
                RequestHeaders.of("Content-Type", "application/json"), Set.of(), "{}".getBytes(), 2, Instant.now());
    }

    @Test
    void twoReplicasWritingAtOnceNeverGoPastTheCap() throws Exception {
        Db.query("DELETE FROM rejections RETURNING id"); // this profile's app starts with the other classes' rows
        RejectionRecorder otherReplica = new RejectionRecorder(metrics, pool, config, rejectionLog);
        long before = recorder.stored();
        String marker = "cap-" + UUID.randomUUID();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                RejectionRecorder writer = i % 2 == 0 ? recorder : otherReplica;
                String detail = marker + "-" + i;
                writes.add(threads.submit(() -> writer.record(rejected(detail))));
            }
            for (Future<?> w : writes) {
                w.get();
            }
        } finally {
            threads.shutdown();
        }
        Await.until("every record written", Duration.ofSeconds(30),
                () -> recorder.stored() - before + otherReplica.stored() >= WRITES);

        assertThat(Db.count("SELECT count(*) FROM rejections")).isEqualTo(CAP);
        assertThat(Db.count("SELECT count(*) FROM rejections WHERE detail LIKE ?", marker + "-%")).isEqualTo(CAP);

        // A full ring still takes the newest record: it replaces an old one.
        String last = marker + "-last";
        otherReplica.record(rejected(last));
        Await.until("the newest record stored", Duration.ofSeconds(10),
                () -> Db.count("SELECT count(*) FROM rejections WHERE detail = ?", last) == 1);
        assertThat(Db.count("SELECT count(*) FROM rejections")).isEqualTo(CAP);
    }
}
