package io.hookgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hookgate.support.Await;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Scheduled runs: they start by themselves, once per interval, and a Stripe source reconciles only its event types. */
@QuarkusTest
@TestProfile(ReconcileScheduleTest.Scheduled.class)
@QuarkusTestResource(EmbeddedServersResource.class)
class ReconcileScheduleTest {

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static class Scheduled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hookgate.reconcile.check-interval", "1s",
                    "hookgate.sources.stripe.reconcile.event-types", "invoice.paid,charge.refunded");
        }
    }

    @Test
    void aDueSourceIsReconciledOnItsOwnOncePerIntervalAndOnlyForItsEventTypes() {
        // The first check runs 10 s after the start; until then, set the scene.
        FakeStripe stripe = EmbeddedServersResource.stripe();
        stripe.reset();
        EmbeddedServersResource.github().reset();
        Db.count("WITH d AS (DELETE FROM reconciliations WHERE state <> 'RUNNING' RETURNING 1) SELECT count(*) FROM d");
        String prefix = ReconcileTest.prefix();
        long created = Instant.now().minus(Duration.ofMinutes(30)).getEpochSecond();
        stripe.addEvents(FakeStripe.events(prefix + "_inv", "invoice.paid", created, 10));
        stripe.addEvents(FakeStripe.events(prefix + "_ref", "charge.refunded", created + 100, 10));
        stripe.addEvents(FakeStripe.events(prefix + "_cus", "customer.created", created + 200, 10));

        Await.until("a scheduled stripe run to succeed", Duration.ofSeconds(40), () -> Db.count(
                "SELECT count(*) FROM reconciliations WHERE source = 'stripe' AND trigger = 'scheduled' AND state = 'SUCCEEDED'") == 1);
        List<Map<String, Object>> runs = Db.query(
                "SELECT found, missing, stored FROM reconciliations WHERE source = 'stripe' AND trigger = 'scheduled'");
        assertThat(runs.get(0)).containsEntry("found", 20L).containsEntry("missing", 20L).containsEntry("stored", 20L);
        assertThat(ReconcileTest.stored("stripe", prefix + "_inv")).isEqualTo(10);
        assertThat(ReconcileTest.stored("stripe", prefix + "_ref")).isEqualTo(10);
        assertThat(ReconcileTest.stored("stripe", prefix + "_cus")).isZero();
        assertThat(stripe.queries().get(0)).contains("types[]=invoice.paid", "types[]=charge.refunded");
        Await.until("the github source's scheduled run too", Duration.ofSeconds(20), () -> Db.count(
                "SELECT count(*) FROM reconciliations WHERE source = 'github' AND trigger = 'scheduled'") == 1);

        // Checks go on every second, but the interval (1h) has not passed: no second run.
        long runsBefore = Db.count("SELECT count(*) FROM reconciliations WHERE source = 'stripe'");
        sleep(Duration.ofSeconds(4));
        assertThat(runsBefore).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM reconciliations WHERE source = 'stripe'")).isEqualTo(1);
    }
}
