package io.hookgate.reconcile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hookgate.ingest.Metrics;
import io.hookgate.support.Await;
import io.hookgate.support.BrokerProbe;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.amqp.AmqpMessage;

/**
 * Reconciliation end to end, against the fakes of Stripe's and GitHub's APIs: what is missing is found, stored once
 * (Stripe) or redelivered once (GitHub), published, and every provider misbehaviour ends the run clearly.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class ReconcileTest {

    static BrokerProbe broker;

    FakeStripe stripe = EmbeddedServersResource.stripe();
    FakeGithub github = EmbeddedServersResource.github();

    @BeforeAll
    static void listen() {
        broker = BrokerProbe.embedded().listen("webhooks.stripe").listen("webhooks.github");
    }

    @AfterAll
    static void close() {
        broker.close();
    }

    @BeforeEach
    void resetFakes() {
        stripe.reset();
        github.reset();
    }

    static RequestSpecification admin() {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
        return given().port(port).header("Authorization", "Bearer " + TestSources.ADMIN_TOKEN)
                .contentType("application/json");
    }

    static String start(String source, String body) {
        return admin().body(body).post("/admin/sources/" + source + "/reconcile")
                .then().statusCode(202).body("state", equalTo("RUNNING")).body("source", equalTo(source))
                .extract().path("id");
    }

    /** Waits for the run to end and returns it. */
    static JsonPath finished(String id) {
        Await.until("reconcile run " + id + " to end", Duration.ofSeconds(30),
                () -> !"RUNNING".equals(admin().get("/admin/reconciliations/" + id).then().statusCode(200)
                        .extract().path("state")));
        return admin().get("/admin/reconciliations/" + id).then().extract().jsonPath();
    }

    static String prefix() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static long hoursAgo(int hours) {
        return Instant.now().minus(Duration.ofHours(hours)).getEpochSecond();
    }

    static void webhook(String stripeEvent, int expectedStatus) {
        byte[] body = stripeEvent.getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json")
                .header("Stripe-Signature", Sign.stripe(TestSources.STRIPE_SECRET, Instant.now().getEpochSecond(), body))
                .body(body).post("/webhooks/stripe").then().statusCode(expectedStatus);
    }

    static long stored(String source, String dedupKeyPrefix) {
        return Db.count("SELECT count(*) FROM events WHERE source = ? AND dedup_key LIKE ?", source, dedupKeyPrefix + "%");
    }

    @Test
    void stripeStoresWhatIsMissingOncePublishesItAndALateWebhookIsADuplicate() {
        String prefix = prefix();
        List<String> events = FakeStripe.events(prefix, "payment_intent.succeeded", hoursAgo(2), 250);
        stripe.addEvents(events);
        for (String e : events.subList(0, 40)) {
            webhook(e, 202); // these 40 arrived as webhooks
        }
        double runsBefore = Metrics.value("hookgate_reconcile_runs_total", "source", "stripe", "outcome", "succeeded");
        double missingBefore = Metrics.value("hookgate_reconcile_missing_events_total", "source", "stripe");

        JsonPath run = finished(start("stripe", "{}"));

        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(run.getString("provider")).isEqualTo("stripe");
        assertThat(run.getString("trigger")).isEqualTo("manual");
        assertThat(run.getInt("pages")).isEqualTo(3);
        assertThat(run.getLong("found")).isEqualTo(250);
        assertThat(run.getLong("missing")).isEqualTo(210);
        assertThat(run.getLong("stored")).isEqualTo(210);
        assertThat(run.getString("error")).isNull();
        assertThat(stripe.queries()).hasSize(3).allSatisfy(q -> assertThat(q).contains("limit=100", "created[gte]=",
                "created[lte]="));
        assertThat(stored("stripe", prefix)).isEqualTo(250);
        assertThat(Db.count("SELECT count(*) FROM events WHERE source = 'stripe' AND dedup_key LIKE ? AND origin = 'reconciled'",
                prefix + "%")).isEqualTo(210);

        // The exact bytes the API sent, found by the provider's id, and published with origin=reconciled.
        String last = events.get(249);
        String lastId = JsonPath.from(last).getString("id");
        JsonPath found = admin().get("/admin/events?source=stripe&dedupKey=" + lastId).then().statusCode(200)
                .extract().jsonPath();
        assertThat(found.getList("items")).hasSize(1);
        assertThat(found.getString("items[0].origin")).isEqualTo("reconciled");
        assertThat(found.getString("items[0].type")).isEqualTo("payment_intent.succeeded");
        String eventId = found.getString("items[0].id");
        byte[] payload = (byte[]) Db.event(UUID.fromString(eventId)).get("payload");
        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(last);
        List<AmqpMessage> messages = broker.await(eventId, 1, Duration.ofSeconds(15));
        assertThat(messages).isNotEmpty();
        assertThat(messages.get(0).applicationProperties().getString("origin")).isEqualTo("reconciled");
        assertThat(messages.get(0).bodyAsBinary().getBytes()).isEqualTo(last.getBytes(StandardCharsets.UTF_8));
        Await.until("every reconciled event published", Duration.ofSeconds(20), () -> Db.count(
                "SELECT count(*) FROM " + Db.EVENTS_WITH_STATE + " WHERE dedup_key LIKE ? AND status = 'PUBLISHED'", prefix + "%") == 250);
        String first = events.get(0);
        assertThat(admin().get("/admin/events?source=stripe&dedupKey=" + JsonPath.from(first).getString("id"))
                .then().extract().jsonPath().getString("items[0].origin")).isEqualTo("webhook");

        // The real webhook arrives late: a duplicate, never a second event.
        webhook(last, 200);
        assertThat(stored("stripe", prefix)).isEqualTo(250);

        // A second run finds nothing missing.
        JsonPath again = finished(start("stripe", "{}"));
        assertThat(again.getLong("found")).isEqualTo(250);
        assertThat(again.getLong("missing")).isZero();
        assertThat(again.getLong("stored")).isZero();

        assertThat(Metrics.value("hookgate_reconcile_runs_total", "source", "stripe", "outcome", "succeeded"))
                .isEqualTo(runsBefore + 2);
        assertThat(Metrics.value("hookgate_reconcile_missing_events_total", "source", "stripe"))
                .isEqualTo(missingBefore + 210);
        assertThat(Metrics.value("hookgate_reconcile_last_success_timestamp_seconds", "source", "stripe"))
                .isGreaterThan(Instant.now().getEpochSecond() - 60);
    }

    @Test
    void aDryRunOnlyCountsAndTheWindowIsHonoured() {
        String prefix = prefix();
        stripe.addEvents(FakeStripe.events(prefix, "invoice.paid", hoursAgo(5), 30));
        stripe.addEvents(FakeStripe.events(prefix + "_old", "invoice.paid", hoursAgo(30), 5));
        OffsetDateTime since = OffsetDateTime.now().minusHours(6);
        JsonPath run = finished(start("stripe", "{\"dryRun\": true, \"since\": \"" + since + "\"}"));
        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(run.getBoolean("dryRun")).isTrue();
        assertThat(run.getLong("found")).isEqualTo(30);
        assertThat(run.getLong("missing")).isEqualTo(30);
        assertThat(run.getLong("stored")).isZero();
        assertThat(stored("stripe", prefix)).isZero();
        assertThat(OffsetDateTime.parse(run.getString("since")).toEpochSecond()).isEqualTo(since.toEpochSecond());
        assertThat(stripe.queries().get(0)).contains("created[gte]=" + since.toEpochSecond());
    }

    @Test
    void aRateLimitIsWaitedOutAndA5xxIsRetried() {
        String prefix = prefix();
        stripe.addEvents(FakeStripe.events(prefix, "charge.refunded", hoursAgo(1), 120));
        stripe.failNext(429, 1, Map.of("Retry-After", "1"),
                "{\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Too many requests\"}}");
        JsonPath run = finished(start("stripe", "{}"));
        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(stripe.requests()).isEqualTo(3); // the 429, then 2 pages
        assertThat(Duration.between(OffsetDateTime.parse(run.getString("startedAt")),
                OffsetDateTime.parse(run.getString("finishedAt")))).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(stored("stripe", prefix)).isEqualTo(120);

        stripe.reset();
        String other = prefix();
        stripe.addEvents(FakeStripe.events(other, "charge.refunded", hoursAgo(1), 10));
        stripe.failNext(502, 2);
        JsonPath retried = finished(start("stripe", "{}"));
        assertThat(retried.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(stripe.requests()).isEqualTo(3);
        assertThat(stored("stripe", other)).isEqualTo(10);
    }

    @Test
    void aRefusedTokenFailsTheRunClearlyWithoutShowingTheToken() {
        String prefix = prefix();
        stripe.addEvents(FakeStripe.events(prefix, "charge.failed", hoursAgo(1), 10));
        stripe.failNext(401, 1, Map.of(), "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid API Key "
                + "provided: sk_test_****fake\"}}");
        double failedBefore = Metrics.value("hookgate_reconcile_runs_total", "source", "stripe", "outcome", "failed");
        JsonPath run = finished(start("stripe", "{}"));
        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("error")).contains("stripe refused the token (401",
                "hookgate.sources.stripe.reconcile.token").doesNotContain(stripe.apiKey());
        assertThat(stripe.requests()).isEqualTo(1); // no retry of a 401
        assertThat(stored("stripe", prefix)).isZero();
        assertThat(Metrics.value("hookgate_reconcile_runs_total", "source", "stripe", "outcome", "failed"))
                .isEqualTo(failedBefore + 1);
        assertThat(Db.count("SELECT count(*) FROM reconciliations WHERE error LIKE ?", "%" + stripe.apiKey() + "%"))
                .isZero();
    }

    @Test
    void aMalformedPageFailsTheRunAndStoresNothing() {
        String prefix = prefix();
        stripe.addEvents(FakeStripe.events(prefix, "charge.failed", hoursAgo(1), 150));
        stripe.malformedPage(2);
        JsonPath run = finished(start("stripe", "{}"));
        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("error")).startsWith("malformed answer from Stripe's /v1/events");
        assertThat(run.getInt("pages")).isEqualTo(1);
        assertThat(stored("stripe", prefix)).isZero(); // not even page 1's missing events
    }

    @Test
    void aRetryAfterLongerThanMaxWaitFailsTheRun() {
        stripe.failNext(429, 1, Map.of("Retry-After", "3600"), "{}");
        JsonPath run = finished(start("stripe", "{}"));
        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("error")).contains("asked to wait 3600 s", "hookgate.reconcile.max-wait");
    }

    @Test
    void oneRunPerSourceAtATimeAndBadRequestsAreRefused() {
        stripe.failNext(503, 2); // the run backs off 1 s + 2 s: still running when the second request comes
        String id = start("stripe", "{}");
        admin().body("{}").post("/admin/sources/stripe/reconcile").then().statusCode(409)
                .contentType("application/problem+json").body("reason", equalTo("already_running"))
                .body("detail", containsString(id));
        assertThat(finished(id).getString("state")).isEqualTo("SUCCEEDED");

        admin().body("{}").post("/admin/sources/no-such-source/reconcile").then().statusCode(404)
                .body("detail", equalTo("no such source"));
        admin().body("{}").post("/admin/sources/slack/reconcile").then().statusCode(400)
                .body("detail", containsString("hookgate.sources.slack.reconcile.enabled"));
        admin().body("{\"since\": \"yesterday\"}").post("/admin/sources/stripe/reconcile").then().statusCode(400);
        admin().body("{\"since\": \"2030-01-01T00:00:00Z\", \"until\": \"2029-01-01T00:00:00Z\"}")
                .post("/admin/sources/stripe/reconcile").then().statusCode(400);
        admin().body("[1]").post("/admin/sources/stripe/reconcile").then().statusCode(400);
        admin().get("/admin/reconciliations/" + UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("no such reconciliation"));
        JsonPath list = admin().get("/admin/reconciliations?source=stripe&limit=1").then().statusCode(200)
                .extract().jsonPath();
        assertThat(list.getList("items")).hasSize(1);
        assertThat(list.getString("items[0].id")).isEqualTo(id);
    }

    @Test
    void githubRedeliversEachMissingDeliveryOnceAndTheRedeliveryIsStored() throws Exception {
        long base = 1000 + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) * 1000;
        Instant start = Instant.now().minus(Duration.ofHours(3));
        List<String> deliveries = new ArrayList<>(FakeGithub.deliveries(base, start, 120, "push", null, 200));
        // Five of them were delivered again (GitHub marks the copy redelivery=true, same guid, a new id), and failed.
        for (int i = 0; i < 5; i++) {
            deliveries.add(FakeGithub.delivery(base + 500 + i, FakeGithub.guid(base + i),
                    start.plusSeconds(3600 + i).toString(), 503, "push", null, true));
        }
        // And some are older than the window (GitHub's ids grow with time): not asked for.
        deliveries.addAll(FakeGithub.deliveries(base - 100, Instant.now().minus(Duration.ofDays(4)), 7, "push", null, 200));
        github.addDeliveries(deliveries);
        for (int i = 100; i < 120; i++) {
            githubWebhook(FakeGithub.guid(base + i), 202); // 20 arrived
        }
        // GitHub's redelivery: the signed webhook arrives again through the normal path.
        github.onRedelivery(id -> githubWebhook(FakeGithub.guid(id < base + 500 ? id : id - 500), 202));

        JsonPath run = finished(start("github", "{}"));
        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(run.getString("provider")).isEqualTo("github");
        assertThat(run.getLong("found")).isEqualTo(120);
        assertThat(run.getLong("missing")).isEqualTo(100);
        assertThat(run.getLong("redeliveriesRequested")).isEqualTo(100);
        assertThat(run.getInt("pages")).isEqualTo(2);
        List<Long> asked = github.redeliveryRequests();
        assertThat(asked).hasSize(100).doesNotHaveDuplicates();
        // The newest attempt of a guid delivered twice is the one asked for.
        for (int i = 0; i < 5; i++) {
            assertThat(asked).contains(base + 500 + i).doesNotContain(base + i);
        }
        github.awaitRedeliveryCallbacks(Duration.ofSeconds(20));
        Await.until("the redelivered webhooks stored", Duration.ofSeconds(20),
                () -> Db.count("SELECT count(*) FROM events WHERE source = 'github' AND dedup_key IN ("
                        + inList(base, 120) + ")") == 120);

        JsonPath again = finished(start("github", "{}"));
        assertThat(again.getLong("missing")).isZero();
        assertThat(github.redeliveryRequests()).hasSize(100);
        assertThat(admin().get("/admin/events?source=github&dedupKey=" + FakeGithub.guid(base + 3)).then()
                .extract().jsonPath().getList("items")).hasSize(1);
    }

    static String inList(long base, int count) {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < count; i++) {
            in.append(i == 0 ? "" : ",").append('\'').append(FakeGithub.guid(base + i)).append('\'');
        }
        return in.toString();
    }

    static void githubWebhook(String guid, int expectedStatus) {
        byte[] body = ("{\"ref\":\"refs/heads/main\",\"delivery\":\"" + guid + "\"}").getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").header("X-GitHub-Delivery", guid).header("X-GitHub-Event", "push")
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body))
                .body(body).post("/webhooks/github").then().statusCode(expectedStatus);
    }
}
