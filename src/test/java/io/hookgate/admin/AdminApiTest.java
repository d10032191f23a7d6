package io.hookgate.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.hookgate.support.Await;
import io.hookgate.support.BrokerProbe;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class AdminApiTest {

    static int managementPort() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }

    static RequestSpecification admin() {
        return given().port(managementPort()).header("Authorization", "Bearer " + TestSources.ADMIN_TOKEN);
    }

    static RequestSpecification anonymous() {
        return given().port(managementPort());
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Stream<Arguments> endpoints() {
        String id = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("GET", "/admin/events"),
                Arguments.of("GET", "/admin/events/" + id),
                Arguments.of("GET", "/admin/events/" + id + "/deliveries"),
                Arguments.of("POST", "/admin/events/" + id + "/replay"),
                Arguments.of("POST", "/admin/events/" + id + "/replay?route=fan-a"),
                Arguments.of("POST", "/admin/replays"),
                Arguments.of("GET", "/admin/replays/" + id),
                Arguments.of("DELETE", "/admin/replays/" + id),
                Arguments.of("GET", "/admin/rejections"),
                Arguments.of("GET", "/admin/sources"),
                Arguments.of("GET", "/admin/routes"),
                Arguments.of("POST", "/admin/sources/no-such-source/reconcile"),
                Arguments.of("GET", "/admin/reconciliations"),
                Arguments.of("GET", "/admin/reconciliations/" + id));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void everyEndpointNeedsTheToken(String method, String path) {
        anonymous().contentType("application/json").body("{}").request(method, path)
                .then().statusCode(401).contentType("application/problem+json").body("reason", equalTo("unauthorized"))
                .header("WWW-Authenticate", "Bearer realm=\"hookgate-admin\"");
        anonymous().header("Authorization", "Bearer wrong-" + TestSources.ADMIN_TOKEN)
                .contentType("application/json").body("{}").request(method, path).then().statusCode(401);
        // With the token the request gets past authentication (404 for the random ids is fine).
        int status = admin().contentType("application/json").body("{\"dryRun\":true}").request(method, path)
                .then().extract().statusCode();
        assertThat(status).isIn(200, 404);
    }

    @Test
    void adminIsNotServedOnThePublicPort() {
        given().header("Authorization", "Bearer " + TestSources.ADMIN_TOKEN).get("/admin/events")
                .then().statusCode(404);
    }

    @Test
    void filtersAndKeysetPaginationWalkSeveralHundredEventsNewestFirst() {
        String source = unique("list");
        Instant newest = Instant.now().minusSeconds(60);
        List<UUID> ids = Seed.events(source, 300, newest, "PUBLISHED", "order.created", "order.paid", "refund");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var page = admin().queryParam("source", source).queryParam("limit", 70)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/admin/events").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        List<String> expected = ids.stream().map(UUID::toString).toList().reversed();
        assertThat(seen).containsExactlyElementsOf(expected);

        assertThat(admin().queryParam("source", source).queryParam("type", "refund").queryParam("limit", 500)
                .get("/admin/events").then().statusCode(200).extract().jsonPath().getList("items.type"))
                .hasSize(100).containsOnly("refund");
        Instant since = newest.minusSeconds(49);
        var window = admin().queryParam("source", source).queryParam("since", since.toString())
                .queryParam("until", newest.minusSeconds(9).toString()).queryParam("limit", 500)
                .get("/admin/events").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(window).hasSize(40);
        assertThat(admin().queryParam("source", source).queryParam("status", "pending")
                .get("/admin/events").then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();

        admin().queryParam("status", "LOST").get("/admin/events").then().statusCode(400)
                .body("reason", equalTo("bad_request"));
        admin().queryParam("since", "yesterday").get("/admin/events").then().statusCode(400);
        admin().queryParam("limit", 501).get("/admin/events").then().statusCode(400);
        admin().queryParam("cursor", "garbage").get("/admin/events").then().statusCode(400);
    }

    @Test
    void eventDetailHasRedactedHeadersAndPayloadAsTextAndBase64() {
        byte[] body = Sign.utf8("{\"detail\":\"" + UUID.randomUUID() + "\"}");
        String signature = Sign.github(TestSources.GITHUB_SECRET, body);
        String id = given().contentType("application/json").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", signature).body(body).post("/webhooks/github")
                .then().statusCode(202).extract().path("id");

        var event = admin().get("/admin/events/" + id).then().statusCode(200)
                .body("source", equalTo("github"))
                .body("payload", equalTo(new String(body)))
                .body("payloadBase64", equalTo(java.util.Base64.getEncoder().encodeToString(body)))
                .body("headers.x-hub-signature-256[0]", equalTo("[redacted]"))
                .extract().asString();
        assertThat(event).doesNotContain(signature);

        byte[] binary = { (byte) 0xff, (byte) 0xfe, 0, 1 };
        String binaryId = given().contentType("application/octet-stream").body(binary).post("/webhooks/open")
                .then().statusCode(202).extract().path("id");
        admin().get("/admin/events/" + binaryId).then().statusCode(200)
                .body("payload", equalTo(null)).body("payloadBase64", equalTo("//4AAQ=="));

        admin().get("/admin/events/" + UUID.randomUUID()).then().statusCode(404).body("reason", equalTo("not_found"))
                .body("detail", equalTo("no such event"));
        admin().get("/admin/replays/" + UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("no such replay job"));
        admin().get("/admin/events/not-a-uuid").then().statusCode(400);
    }

    @Test
    void singleReplayPublishesAgainWithReplayTrue() {
        byte[] body = Sign.utf8("{\"replay-me\":\"" + UUID.randomUUID() + "\"}");
        String id = given().contentType("application/json").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body)).body(body)
                .post("/webhooks/github").then().statusCode(202).extract().path("id");
        try (BrokerProbe broker = BrokerProbe.embedded().listen("webhooks.github")) {
            assertThat(broker.await(id, 1, Duration.ofSeconds(10))).hasSize(1);
            admin().post("/admin/events/" + id + "/replay").then().statusCode(200)
                    .body("replayed", equalTo(true)).body("replayCount", equalTo(1));
            var copies = broker.await(id, 2, Duration.ofSeconds(10));
            assertThat(copies).hasSize(2);
            assertThat(copies.get(1).unwrap().getApplicationProperties().getValue()).containsEntry("replay", true);
        }
        assertThat(Db.event(UUID.fromString(id)).get("replay_count")).isEqualTo(1);
        admin().post("/admin/events/" + UUID.randomUUID() + "/replay").then().statusCode(404);
    }

    @Test
    void bulkReplayOfAThousandEventsDeliversExactlyAThousandReplays() {
        String source = unique("bulk");
        List<UUID> ids = Seed.events(source, 1000, Instant.now().minusSeconds(5), "PUBLISHED", "a", "b");
        Seed.events(unique("other"), 20, Instant.now().minusSeconds(5), "PUBLISHED", "a");

        admin().contentType("application/json").body(Map.of("source", source, "dryRun", true))
                .post("/admin/replays").then().statusCode(200).body("matched", equalTo(1000)).body("dryRun", equalTo(true));

        try (BrokerProbe broker = BrokerProbe.embedded().listen("webhooks." + source)) {
            String job = admin().contentType("application/json").body(Map.of("source", source))
                    .post("/admin/replays").then().statusCode(202)
                    .body("matched", equalTo(1000)).body("state", equalTo("RUNNING"))
                    .extract().path("id");
            Await.until("job COMPLETED", Duration.ofSeconds(60), () -> "COMPLETED".equals(
                    admin().get("/admin/replays/" + job).then().extract().path("state")));
            admin().get("/admin/replays/" + job).then().body("published", equalTo(1000)).body("failed", equalTo(0));

            for (UUID id : ids) {
                var got = broker.await(id.toString(), 1, Duration.ofSeconds(10));
                assertThat(got).as("replay of %s", id).hasSize(1);
                assertThat(got.get(0).unwrap().getApplicationProperties().getValue()).containsEntry("replay", true);
            }
            int total = ids.stream().mapToInt(id -> broker.deliveries(id.toString())).sum();
            assertThat(total).isEqualTo(1000);
        }
        assertThat(Db.count("SELECT count(*) FROM " + Db.EVENTS_WITH_STATE + " WHERE source = ? AND replay_count = 1", source)).isEqualTo(1000);
    }

    @Test
    void cancelledReplayStops() {
        String source = unique("cancel");
        Seed.events(source, 3000, Instant.now().minusSeconds(5), "PUBLISHED");
        String job = admin().contentType("application/json").body(Map.of("source", source))
                .post("/admin/replays").then().statusCode(202).extract().path("id");
        Await.until("some progress", Duration.ofSeconds(20), () -> admin().get("/admin/replays/" + job)
                .then().extract().<Integer> path("published") > 0);
        admin().delete("/admin/replays/" + job).then().statusCode(200).body("state", equalTo("CANCELLED"));
        sleep(1500);
        int afterCancel = admin().get("/admin/replays/" + job).then().extract().path("published");
        sleep(2500);
        admin().get("/admin/replays/" + job).then().statusCode(200)
                .body("state", equalTo("CANCELLED")).body("published", equalTo(afterCancel));
        assertThat(afterCancel).isLessThan(3000);
        assertThat(Db.count("SELECT count(*) FROM " + Db.EVENTS_WITH_STATE + " WHERE source = ? AND replay_count > 0", source))
                .isEqualTo(afterCancel);
    }

    @Test
    void rejectionsAreListedNewestFirstAndFiltered() {
        byte[] body = Sign.utf8("{\"forged\":\"" + UUID.randomUUID() + "\"}");
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json").header("X-Hub-Signature-256", Sign.github("wrong", body))
                    .body(body).post("/webhooks/github").then().statusCode(401);
        }
        Await.until("three rejection records", Duration.ofSeconds(5), () -> admin()
                .queryParam("source", "github").queryParam("reason", "bad_signature").queryParam("limit", 500)
                .get("/admin/rejections").then().extract().jsonPath().getList("items.bodyExcerpt")
                .stream().filter(new String(body)::equals).count() == 3);
        var items = admin().queryParam("source", "github").queryParam("reason", "bad_signature").queryParam("limit", 5)
                .get("/admin/rejections").then().statusCode(200).extract().jsonPath();
        assertThat(items.getList("items.reason")).containsOnly("bad_signature");
        assertThat(items.getList("items.source")).containsOnly("github");
        List<String> times = items.getList("items.receivedAt");
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(items.getList("items.headers.x-hub-signature-256[0]")).containsOnly("[redacted]");
    }

    @Test
    void sourcesShowSchemesAndLimitsButNeverSecrets() {
        String body = admin().get("/admin/sources").then().statusCode(200)
                .body("items.name", hasItem("github"))
                .body("items.find { it.name == 'github' }.scheme", equalTo("github"))
                .body("items.find { it.name == 'github' }.secrets", equalTo(2))
                .body("items.find { it.name == 'github' }.address", equalTo("webhooks.github"))
                .body("items.find { it.name == 'tiny' }.maxBodySize", equalTo(TestSources.TINY_LIMIT))
                .body("items.name", not(hasItem("nosuch")))
                .body("items.find { it.name == 'github' }.reconcile.provider", equalTo("github"))
                .body("items.find { it.name == 'github' }.reconcile.githubHook", equalTo(EmbeddedServersResource.GITHUB_HOOK))
                .body("items.find { it.name == 'stripe' }.reconcile.interval", equalTo("PT1H"))
                .body("items.find { it.name == 'slack' }.reconcile", nullValue())
                .extract().asString();
        assertThat(body).doesNotContain(EmbeddedServersResource.stripe().apiKey())
                .doesNotContain(EmbeddedServersResource.github().token());
        for (String secret : List.of(TestSources.GITHUB_SECRET, TestSources.GITHUB_OLD_SECRET, TestSources.STRIPE_SECRET,
                TestSources.SLACK_SECRET, TestSources.SHOPIFY_SECRET, TestSources.SVIX_SECRET, TestSources.TWILIO_TOKEN,
                TestSources.HMAC_SECRET, TestSources.GITLAB_TOKEN)) {
            assertThat(body).doesNotContain(secret);
        }
    }

    @Test
    void theOverviewCountsAcceptedDuplicatesAndRejectionsPerSource() {
        io.restassured.path.json.JsonPath before = admin().get("/admin/overview").then().statusCode(200).extract().jsonPath();
        long acceptedBefore = before.getLong("items.find { it.source == 'github' }.acceptedHour");
        long duplicatesBefore = before.getLong("items.find { it.source == 'github' }.duplicatesHour");
        byte[] body = ("{\"overview\":\"" + UUID.randomUUID() + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String delivery = UUID.randomUUID().toString();
        for (int status : new int[] { 202, 200, 200 }) {
            given().contentType("application/json").header("X-GitHub-Delivery", delivery).header("X-GitHub-Event", "push")
                    .header("X-Hub-Signature-256", io.hookgate.support.Sign.github(TestSources.GITHUB_SECRET, body))
                    .body(body).post("/webhooks/github").then().statusCode(status);
        }
        // Duplicates reach the shared table within a flush (5 s).
        io.hookgate.support.Await.until("two more duplicates in the overview", java.time.Duration.ofSeconds(15),
                () -> admin().get("/admin/overview").then().extract().jsonPath()
                        .getLong("items.find { it.source == 'github' }.duplicatesHour") >= duplicatesBefore + 2);
        io.restassured.path.json.JsonPath after = admin().get("/admin/overview").then().statusCode(200).extract().jsonPath();
        assertThat(after.getLong("items.find { it.source == 'github' }.acceptedHour")).isGreaterThanOrEqualTo(acceptedBefore + 1);
        assertThat(after.getLong("items.find { it.source == 'github' }.duplicatesDay"))
                .isGreaterThanOrEqualTo(after.getLong("items.find { it.source == 'github' }.duplicatesHour"));
        assertThat(after.getList("items.find { it.source == 'github' }.acceptedPerHour")).hasSize(24);
        assertThat(after.getList("items.source")).contains("stripe", "slack");
    }

    @Test
    void noMoreThanMaxReplayJobsRunAtOnceAcrossReplicas() {
        int max = ConfigProvider.getConfig().getOptionalValue("hookgate.admin.max-replay-jobs", Integer.class).orElse(4);
        String source = unique("jobcap");
        Seed.events(source, 5, Instant.now().minusSeconds(5), "PUBLISHED");
        // Jobs RUNNING on other replicas (rows only, heart-beating an hour ahead so no replica takes them over).
        List<UUID> elsewhere = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            UUID id = UUID.randomUUID();
            Db.query("INSERT INTO replay_jobs (id, created_at, updated_at, state, filter, rate_per_second, matched, "
                    + "heartbeat_at) VALUES (?, now(), now(), 'RUNNING', '{\"source\": \"elsewhere\"}'::jsonb, 1, 1000000, "
                    + "now() + interval '1 hour') RETURNING id", id);
            elsewhere.add(id);
        }
        try {
            admin().contentType("application/json").body(Map.of("source", source)).post("/admin/replays")
                    .then().statusCode(409).contentType("application/problem+json")
                    .body("reason", equalTo("too_many_replay_jobs"))
                    .body("detail", org.hamcrest.Matchers.containsString("hookgate.admin.max-replay-jobs"));
            // A dry run only counts: always allowed.
            admin().contentType("application/json").body(Map.of("source", source, "dryRun", true)).post("/admin/replays")
                    .then().statusCode(200).body("matched", equalTo(5));
            assertThat(Db.count("SELECT count(*) FROM replay_jobs WHERE filter->>'source' = ?", source)).isZero();
        } finally {
            Db.query("UPDATE replay_jobs SET state = 'CANCELLED', finished_at = now() WHERE id = ANY(?) RETURNING id",
                    (Object) elsewhere.toArray(UUID[]::new));
        }
        String job = admin().contentType("application/json").body(Map.of("source", source)).post("/admin/replays")
                .then().statusCode(202).extract().path("id");
        Await.until("the job to complete", Duration.ofSeconds(20), () -> "COMPLETED".equals(
                admin().get("/admin/replays/" + job).then().extract().path("state")));
    }

    @Test
    void openApiDocumentDescribesTheAdminApi() {
        anonymous().get("/q/openapi").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/admin/replays/{id}"));
        anonymous().get("/q/swagger-ui/").then().statusCode(swaggerUiStatus());
    }

    /** Swagger UI is served in dev and test mode only; AdminApiIT, against the production artifact, expects 404. */
    int swaggerUiStatus() {
        return 200;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
