package io.hookgate.admin;

import static io.hookgate.admin.AdminApiTest.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hookgate.route.Receiver;
import io.hookgate.route.RouteReceivers;
import io.hookgate.support.Await;
import io.hookgate.support.BrokerProbe;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.amqp.AmqpMessage;

/**
 * The admin API for routes: an event's deliveries, a replay to one route or to all (what the HTTP receivers and the
 * broker got again, and the stored rows), the route filter on listings and bulk replays, and GET /admin/routes and
 * /admin/sources (settings and numbers, never a secret or a header value). Uses the test app's routed sources
 * (RouteReceivers): `routed` fans out to fan-a, fan-b, fan-c (HTTP), routed-audit (AMQP) and routed-orders.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class RouteAdminTest {

    static final List<String> ROUTED = List.of("fan-a", "fan-b", "fan-c", "routed-audit", "routed-orders");
    static final List<String> ROUTED_NO_ORDERS = List.of("fan-a", "fan-b", "fan-c", "routed-audit");

    private static BrokerProbe audit;

    @BeforeAll
    static void listen() {
        audit = BrokerProbe.embedded().listen(RouteReceivers.AUDIT_ADDRESS);
    }

    @AfterAll
    static void close() {
        audit.close();
    }

    static UUID post(String source, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return UUID.fromString(io.restassured.RestAssured.given().contentType("application/json")
                .header("X-GitHub-Event", type).header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, bytes))
                .body(bytes).post("/webhooks/" + source).then().statusCode(202).extract().path("id"));
    }

    static Map<String, Map<String, Object>> rows(UUID id) {
        return Db.query("SELECT * FROM deliveries WHERE event_id = ?", id).stream()
                .collect(Collectors.toMap(r -> (String) r.get("destination"), r -> r));
    }

    static boolean allPublished(UUID id, int deliveries) {
        Map<String, Map<String, Object>> rows = rows(id);
        return rows.size() == deliveries && rows.values().stream().allMatch(r -> "PUBLISHED".equals(r.get("state")));
    }

    static long received(Receiver receiver, UUID id) {
        return receiver.requests().stream().filter(r -> id.toString().equals(r.header("webhook-id"))).count();
    }

    static void markFailed(UUID id, String route) throws Exception {
        try (Connection c = Db.connect(); PreparedStatement st = c.prepareStatement(
                "UPDATE deliveries SET state = 'FAILED', failures = 12, next_attempt_at = NULL, last_error = 'gave up'"
                        + " WHERE event_id = ? AND destination = ?")) {
            st.setObject(1, id);
            st.setString(2, route);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void anEventShowsOneDeliveryPerRouteWithItsAttemptLog() {
        UUID id = post("routed", "orders.created", "{\"total\": 250, \"n\": \"" + UUID.randomUUID() + "\"}");
        Await.until("delivered to every route", Duration.ofSeconds(15), () -> allPublished(id, 5));

        JsonPath event = admin().get("/admin/events/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(event.getList("deliveries.route")).containsExactlyElementsOf(ROUTED);
        assertThat(event.getList("deliveries.state")).containsOnly("PUBLISHED");
        Map<String, Object> fanA = event.getMap("deliveries[0]");
        assertThat(fanA).containsEntry("destination", RouteReceivers.FAN_A.url()).containsEntry("kind", "http")
                .containsEntry("attempts", 1).containsEntry("failures", 0).containsEntry("replays", 0)
                .containsEntry("lastError", null).containsEntry("nextAttemptAt", null);
        assertThat((String) fanA.get("deliveredAt")).isNotBlank();
        assertThat(event.getList("deliveries[0].attemptLog")).hasSize(1);
        assertThat(event.getInt("deliveries[0].attemptLog[0].status")).isEqualTo(200);
        assertThat(event.getString("deliveries[0].attemptLog[0].outcome")).isNotBlank();
        assertThat(event.getString("deliveries[0].attemptLog[0].response")).isEqualTo("ok");
        assertThat(event.getString("deliveries[3].destination")).isEqualTo("amqp:" + RouteReceivers.AUDIT_ADDRESS);
        assertThat(event.getString("deliveries[3].kind")).isEqualTo("amqp");
        assertThat(event.getList("deliveries[3].attemptLog")).isEmpty();

        JsonPath listed = admin().get("/admin/events/" + id + "/deliveries").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("items")).isEqualTo(event.getList("deliveries"));
        admin().get("/admin/events/" + UUID.randomUUID() + "/deliveries").then().statusCode(404)
                .contentType("application/problem+json").body("reason", equalTo("not_found"));

        // A source without routes: its one delivery is 'default', its own AMQP address.
        byte[] body = ("{\"n\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        String plain = io.restassured.RestAssured.given().contentType("application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body))
                .body(body).post("/webhooks/github").then().statusCode(202).extract().path("id");
        admin().get("/admin/events/" + plain + "/deliveries").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].route", equalTo("default"))
                .body("items[0].destination", equalTo("amqp:webhooks.github")).body("items[0].kind", equalTo("amqp"));
    }

    @Test
    void aReplayToOneRouteReachesThatReceiverOnlyAndAReplayWithoutRouteReachesEveryOne() {
        UUID id = post("routed", "customers.created", "{\"n\": \"" + UUID.randomUUID() + "\"}");
        Await.until("delivered", Duration.ofSeconds(15), () -> allPublished(id, 4));
        assertThat(audit.await(id.toString(), 1, Duration.ofSeconds(10))).hasSize(1);

        admin().post("/admin/events/" + id + "/replay?route=fan-b").then().statusCode(200)
                .body("id", equalTo(id.toString())).body("replayed", equalTo(true)).body("replayCount", equalTo(1))
                .body("routes", equalTo(List.of("fan-b")));
        Await.until("fan-b got it again", Duration.ofSeconds(10), () -> received(RouteReceivers.FAN_B, id) == 2
                && "PUBLISHED".equals(rows(id).get("fan-b").get("state")) && (int) rows(id).get("fan-b").get("attempts") == 2);
        Map<String, Object> fanB = rows(id).get("fan-b");
        assertThat(fanB).containsEntry("replays", 1).containsEntry("failures", 0);
        assertThat(received(RouteReceivers.FAN_A, id)).isEqualTo(1);
        assertThat(received(RouteReceivers.FAN_C, id)).isEqualTo(1);
        assertThat(audit.deliveries(id.toString())).isEqualTo(1);
        assertThat(admin().get("/admin/events/" + id + "/deliveries").then().extract().jsonPath()
                .getList("items[1].attemptLog")).hasSize(2);

        admin().post("/admin/events/" + id + "/replay").then().statusCode(200).body("replayed", equalTo(true))
                .body("routes", equalTo(ROUTED_NO_ORDERS)).body("replayCount", equalTo(5));
        Await.until("every HTTP receiver got it again", Duration.ofSeconds(10), () -> received(RouteReceivers.FAN_A, id) == 2
                && received(RouteReceivers.FAN_B, id) == 3 && received(RouteReceivers.FAN_C, id) == 2);
        List<AmqpMessage> messages = audit.await(id.toString(), 2, Duration.ofSeconds(10));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).applicationProperties().getValue("replay")).isEqualTo(true);
        assertThat(rows(id).get("routed-audit")).containsEntry("replays", 1);
        Await.until("re-delivered", Duration.ofSeconds(10), () -> allPublished(id, 4));
    }

    @Test
    void replayErrorsAndABackfillToARouteTheEventDidNotMatch() {
        UUID routed = post("routed", "customers.created", "{\"n\": \"" + UUID.randomUUID() + "\"}");
        admin().post("/admin/events/" + routed + "/replay?route=no-such-route").then().statusCode(404)
                .contentType("application/problem+json").body("reason", equalTo("unknown_route"));
        admin().post("/admin/events/" + routed + "/replay?route=flaky-http").then().statusCode(400)
                .contentType("application/problem+json").body("reason", equalTo("route_source_mismatch"));
        admin().post("/admin/events/" + UUID.randomUUID() + "/replay?route=fan-a").then().statusCode(404)
                .body("reason", equalTo("not_found"));

        // picky-invoices takes invoice.* only: a customer event is stored unrouted.
        UUID unrouted = post("picky", "customer.created", "{\"n\": \"" + UUID.randomUUID() + "\"}");
        assertThat(rows(unrouted)).isEmpty();
        admin().get("/admin/events/" + unrouted).then().statusCode(200).body("status", equalTo("UNROUTED"))
                .body("deliveries", equalTo(List.of()));
        admin().post("/admin/events/" + unrouted + "/replay").then().statusCode(409)
                .contentType("application/problem+json").body("reason", equalTo("unrouted"))
                .body("detail", org.hamcrest.Matchers.containsString("?route="));

        admin().post("/admin/events/" + unrouted + "/replay?route=picky-invoices").then().statusCode(200)
                .body("routes", equalTo(List.of("picky-invoices"))).body("replayCount", equalTo(1));
        Await.until("the backfilled delivery went out", Duration.ofSeconds(10),
                () -> received(RouteReceivers.ORDERS, unrouted) == 1 && allPublished(unrouted, 1));
        assertThat(rows(unrouted).get("picky-invoices")).containsEntry("source", "picky").containsEntry("replays", 1);
        admin().get("/admin/events/" + unrouted).then().statusCode(200).body("status", equalTo("PUBLISHED"))
                .body("deliveries[0].route", equalTo("picky-invoices"));

        // A second backfill finds the row (ON CONFLICT) and re-queues it.
        admin().post("/admin/events/" + unrouted + "/replay?route=picky-invoices").then().statusCode(200)
                .body("replayCount", equalTo(2));
        Await.until("sent again", Duration.ofSeconds(10), () -> received(RouteReceivers.ORDERS, unrouted) == 2);
        assertThat(Db.count("SELECT count(*) FROM deliveries WHERE event_id = ?", unrouted)).isEqualTo(1);
    }

    @Test
    void whatARouteGaveUpOnIsListedAndBulkReplayedToThatRouteOnly() throws Exception {
        String since = Instant.now().minusSeconds(1).toString();
        String type = "route-admin." + UUID.randomUUID().toString().substring(0, 8);
        UUID first = post("routed", type, "{\"n\": 1}");
        UUID second = post("routed", type, "{\"n\": 2}");
        UUID third = post("routed", type, "{\"n\": 3}");
        Await.until("delivered", Duration.ofSeconds(15),
                () -> allPublished(first, 4) && allPublished(second, 4) && allPublished(third, 4));
        markFailed(first, "fan-c");
        markFailed(second, "fan-c");

        JsonPath failed = admin().queryParam("route", "fan-c").queryParam("status", "FAILED").queryParam("type", type)
                .get("/admin/events").then().statusCode(200).extract().jsonPath();
        assertThat(failed.getList("items.id")).containsExactly(second.toString(), first.toString());
        assertThat(failed.getList("items.status")).containsOnly("FAILED");
        assertThat(admin().queryParam("route", "fan-c").queryParam("type", type).get("/admin/events").then()
                .statusCode(200).extract().jsonPath().getList("items.id")).hasSize(3);
        assertThat(admin().queryParam("route", "fan-a").queryParam("status", "FAILED").queryParam("type", type)
                .get("/admin/events").then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();
        assertThat(admin().queryParam("route", "routed-orders").queryParam("type", type).get("/admin/events").then()
                .statusCode(200).extract().jsonPath().getList("items")).isEmpty();
        admin().queryParam("route", "no-such-route").get("/admin/events").then().statusCode(400)
                .body("reason", equalTo("unknown_route"));
        admin().queryParam("route", "fan-c").queryParam("status", "UNROUTED").get("/admin/events").then().statusCode(400);

        // The routes' numbers see the two FAILED deliveries.
        JsonPath routes = admin().get("/admin/routes").then().statusCode(200).extract().jsonPath();
        assertThat(routes.getLong("items.find { it.name == 'fan-c' }.failed")).isGreaterThanOrEqualTo(2);

        String filter = "{\"route\": \"fan-c\", \"status\": \"FAILED\", \"type\": \"" + type + "\", \"since\": \"" + since + "\"";
        admin().contentType("application/json").body(filter + ", \"dryRun\": true}").post("/admin/replays").then()
                .statusCode(200).body("matched", equalTo(2)).body("filter.route", equalTo("fan-c"));
        admin().contentType("application/json").body("{\"route\": \"no-such-route\", \"dryRun\": true}")
                .post("/admin/replays").then().statusCode(400).contentType("application/problem+json")
                .body("reason", equalTo("unknown_route"));

        String job = admin().contentType("application/json").body(filter + "}").post("/admin/replays").then()
                .statusCode(202).body("matched", equalTo(2)).extract().path("id");
        Await.until("the job completed", Duration.ofSeconds(15), () -> "COMPLETED".equals(
                admin().get("/admin/replays/" + job).then().extract().path("state")));
        admin().get("/admin/replays/" + job).then().body("published", equalTo(2)).body("failed", equalTo(0))
                .body("filter.route", equalTo("fan-c"));
        Await.until("fan-c got the two again", Duration.ofSeconds(10), () -> received(RouteReceivers.FAN_C, first) == 2
                && received(RouteReceivers.FAN_C, second) == 2 && allPublished(first, 4) && allPublished(second, 4));
        assertThat(rows(first).get("fan-c")).containsEntry("replays", 1).containsEntry("failures", 0);
        assertThat(received(RouteReceivers.FAN_C, third)).isEqualTo(1);
        assertThat(received(RouteReceivers.FAN_A, first)).isEqualTo(1);
        assertThat(rows(first).get("fan-a")).containsEntry("replays", 0);

        // An AMQP route: published to its address again, flagged replay, for these three only.
        String audited = admin().contentType("application/json").body("{\"route\": \"routed-audit\", \"type\": \"" + type
                + "\", \"since\": \"" + since + "\"}").post("/admin/replays").then().statusCode(202)
                .body("matched", equalTo(3)).extract().path("id");
        Await.until("the audit job completed", Duration.ofSeconds(15), () -> "COMPLETED".equals(
                admin().get("/admin/replays/" + audited).then().extract().path("state")));
        for (UUID id : List.of(first, second, third)) {
            List<AmqpMessage> messages = audit.await(id.toString(), 2, Duration.ofSeconds(10));
            assertThat(messages).hasSize(2);
            assertThat(messages.get(1).applicationProperties().getValue("replay")).isEqualTo(true);
            assertThat(rows(id).get("routed-audit")).containsEntry("replays", 1);
        }
        assertThat(received(RouteReceivers.FAN_C, third)).isEqualTo(1);
    }

    @Test
    void aBulkReplayWithoutRouteReplaysEveryDeliveryAnEventHasAndCountsAnUnroutedOneAsFailed() {
        String since = Instant.now().minusSeconds(1).toString();
        UUID invoice = post("picky", "invoice.paid", "{\"n\": \"" + UUID.randomUUID() + "\"}");
        UUID unrouted = post("picky", "customer.created", "{\"n\": \"" + UUID.randomUUID() + "\"}");
        Await.until("delivered", Duration.ofSeconds(15), () -> allPublished(invoice, 1));
        String job = admin().contentType("application/json").body("{\"source\": \"picky\", \"since\": \"" + since + "\"}")
                .post("/admin/replays").then().statusCode(202).body("matched", equalTo(2)).extract().path("id");
        Await.until("the job completed", Duration.ofSeconds(15), () -> "COMPLETED".equals(
                admin().get("/admin/replays/" + job).then().extract().path("state")));
        admin().get("/admin/replays/" + job).then().body("published", equalTo(1)).body("failed", equalTo(1))
                .body("filter.route", equalTo(null));
        Await.until("picky-invoices got it again", Duration.ofSeconds(10),
                () -> received(RouteReceivers.ORDERS, invoice) == 2 && allPublished(invoice, 1));
        assertThat(rows(invoice).get("picky-invoices")).containsEntry("replays", 1);
        assertThat(rows(unrouted)).isEmpty();
    }

    @Test
    void routesShowTheirSettingsAndNumbersButNeverASecretOrAHeaderValue() {
        UUID id = post("routed", "orders.created", "{\"total\": 300, \"n\": \"" + UUID.randomUUID() + "\"}");
        Await.until("delivered", Duration.ofSeconds(15), () -> allPublished(id, 5));

        String body = admin().get("/admin/routes").then().statusCode(200).contentType("application/json").extract().asString();
        JsonPath routes = new JsonPath(body);
        assertThat(routes.getList("items.name")).containsAll(ROUTED).contains("picky-invoices", "flaky-http", "paced-http");
        Map<String, Object> fanA = routes.getMap("items.find { it.name == 'fan-a' }");
        assertThat(fanA).containsEntry("source", "routed").containsEntry("destination", RouteReceivers.FAN_A.url())
                .containsEntry("kind", "http").containsEntry("types", null).containsEntry("filter", null)
                .containsEntry("signed", true).containsEntry("headers", List.of("authorization"))
                .containsEntry("timeoutMs", 10000).containsEntry("rateLimit", null).containsEntry("concurrency", 16)
                .containsEntry("retry", Map.of("attempts", 12, "backoffInitialMs", 5000, "backoffMaxMs", 3600000,
                        "maxAgeMs", 259200000))
                .containsEntry("circuit", Map.of("failures", 5, "openForMs", 30000, "state", "closed"));
        assertThat(((Number) fanA.get("delivered24h")).longValue()).isPositive();
        assertThat(((Number) fanA.get("lagP50Ms")).doubleValue()).isPositive();
        assertThat(((Number) fanA.get("lagP95Ms")).doubleValue()).isGreaterThanOrEqualTo(((Number) fanA.get("lagP50Ms")).doubleValue());
        assertThat(fanA.get("backlog")).isEqualTo(0);

        Map<String, Object> orders = routes.getMap("items.find { it.name == 'routed-orders' }");
        assertThat(orders).containsEntry("types", "orders.*")
                .containsEntry("filter", "{\"body\": {\"total\": {\"$gte\": 100}}}").containsEntry("signed", false)
                .containsEntry("headers", List.of());
        Map<String, Object> auditRoute = routes.getMap("items.find { it.name == 'routed-audit' }");
        assertThat(auditRoute).containsEntry("destination", "amqp:" + RouteReceivers.AUDIT_ADDRESS)
                .containsEntry("kind", "amqp");
        assertThat(routes.getString("items.find { it.name == 'routed-audit' }.circuit.state")).isNull();
        assertThat(routes.getDouble("items.find { it.name == 'paced-http' }.rateLimit"))
                .isEqualTo((double) RouteReceivers.PACED_RATE);

        String sources = admin().get("/admin/sources").then().statusCode(200).extract().asString();
        JsonPath sourceList = new JsonPath(sources);
        assertThat(sourceList.getList("items.find { it.name == 'routed' }.routes")).isEqualTo(ROUTED);
        assertThat(sourceList.getList("items.find { it.name == 'github' }.routes")).isEmpty();

        for (String answer : List.of(body, sources)) {
            assertThat(answer).doesNotContain(RouteReceivers.FAN_A_TOKEN).doesNotContain("route-token-must-never-show")
                    .doesNotContain(RouteReceivers.FAN_A_SECRET).doesNotContain(RouteReceivers.FAN_B_SECRET)
                    .doesNotContain(RouteReceivers.FAN_A_SECRET.substring("whsec_".length()));
        }
    }
}
