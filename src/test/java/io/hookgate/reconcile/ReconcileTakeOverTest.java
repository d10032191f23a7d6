package io.hookgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A run whose replica died is taken over. The take-over is called directly (the schedule is off in tests), so this
 * runs in the JVM only: @QuarkusIntegrationTest has no injection.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class ReconcileTakeOverTest {

    @Inject
    Reconciler reconciler;

    @Test
    void aRunWhoseReplicaDiedIsTakenOver() {
        EmbeddedServersResource.github().reset();
        UUID id = UUID.randomUUID();
        Db.count("""
                WITH i AS (INSERT INTO reconciliations (id, source, provider, trigger, since, until, dry_run, state,
                                                        found, started_at, heartbeat_at)
                           VALUES (?, 'github', 'github', 'scheduled', now() - interval '1 hour', now(), false,
                                   'RUNNING', 42, now() - interval '10 minutes', now() - interval '5 minutes')
                           RETURNING 1)
                SELECT count(*) FROM i""", id);
        ReconcileTest.admin().body("{}").post("/admin/sources/github/reconcile").then().statusCode(409); // its lease still holds
        assertThat(reconciler.takeOverStale().await().atMost(Duration.ofSeconds(10))).isEqualTo(1);
        JsonPath run = ReconcileTest.finished(id.toString());
        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(run.getInt("takenOver")).isEqualTo(1);
        assertThat(run.getLong("found")).isZero(); // counted again from the start: the fake holds nothing now
        assertThat(reconciler.takeOverStale().await().atMost(Duration.ofSeconds(10))).isZero();
    }

}
