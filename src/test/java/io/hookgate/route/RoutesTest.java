package io.hookgate.route;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import io.hookgate.support.Await;
import io.hookgate.support.BrokerProbe;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Routing: fan-out to several routes, filters, unrouted events, AMQP routes, and what an HTTP receiver gets. */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class RoutesTest {

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
        return UUID.fromString(given().contentType("application/json")
                .header("X-GitHub-Event", type)
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, bytes))
                .body(bytes).post("/webhooks/" + source)
                .then().statusCode(202).extract().path("id"));
    }

    static Map<String, String> deliveries(UUID id) {
        return Db.query("SELECT destination, state FROM deliveries WHERE event_id = ?", id).stream()
                .collect(Collectors.toMap(r -> (String) r.get("destination"), r -> (String) r.get("state")));
    }

    static List<Receiver.Request> received(Receiver receiver, UUID id) {
        return receiver.requests().stream().filter(r -> id.toString().equals(r.header("webhook-id"))).toList();
    }

    @Test
    void anEventMatchingSeveralRoutesGoesToEachWithTheExactBytesAndTheStandardWebhooksSignature() throws Exception {
        String body = "{\"total\": 250, \"note\": \"caf\u00e9 \\u00e9\",  \"n\": \"" + UUID.randomUUID() + "\"}";
        UUID id = post("routed", "orders.created", body);

        Await.until("delivered to the four HTTP routes and the AMQP route", Duration.ofSeconds(15),
                () -> deliveries(id).values().stream().allMatch("PUBLISHED"::equals) && deliveries(id).size() == 5);
        assertThat(deliveries(id).keySet()).containsExactlyInAnyOrder("fan-a", "fan-b", "fan-c", "routed-audit", "routed-orders");
        assertThat(Db.count("SELECT count(*) FROM deliveries WHERE event_id = ? AND destination = 'default'", id)).isZero();

        for (Receiver receiver : List.of(RouteReceivers.FAN_A, RouteReceivers.FAN_B, RouteReceivers.FAN_C, RouteReceivers.ORDERS)) {
            List<Receiver.Request> got = received(receiver, id);
            assertThat(got).as("requests for %s", id).hasSize(1);
            assertThat(got.get(0).body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
            assertThat(got.get(0).header("Content-Type")).isEqualTo("application/json");
        }
        // The receiving side checks the signature with the Standard Webhooks library, not hookgate's code.
        Receiver.Request a = received(RouteReceivers.FAN_A, id).get(0);
        new Webhook(RouteReceivers.FAN_A_SECRET).verify(new String(a.body(), StandardCharsets.UTF_8), lower(a.headers()));
        Receiver.Request b = received(RouteReceivers.FAN_B, id).get(0);
        new Webhook(RouteReceivers.FAN_B_SECRET).verify(new String(b.body(), StandardCharsets.UTF_8), lower(b.headers()));
        assertThat(a.header("Authorization")).isEqualTo(RouteReceivers.FAN_A_TOKEN);
        // Signed with a's secret, b's check fails: the check can fail.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Webhook(RouteReceivers.FAN_B_SECRET)
                .verify(new String(a.body(), StandardCharsets.UTF_8), lower(a.headers())))
                .isInstanceOf(WebhookVerificationException.class);
        assertThat(received(RouteReceivers.FAN_C, id).get(0).header("webhook-signature")).isNull();

        // The AMQP route got it on its own address, with the event id as message-id.
        assertThat(audit.await(id.toString(), 1, Duration.ofSeconds(10))).hasSize(1);
    }

    @Test
    void aRouteFilterOnTypeAndBodyLeavesOutWhatDoesNotMatch() {
        UUID small = post("routed", "orders.created", "{\"total\": 5}");
        UUID other = post("routed", "customers.created", "{\"total\": 500}");
        Await.until("routed", Duration.ofSeconds(15), () -> deliveries(small).size() == 4 && deliveries(other).size() == 4
                && deliveries(small).values().stream().allMatch("PUBLISHED"::equals)
                && deliveries(other).values().stream().allMatch("PUBLISHED"::equals));
        assertThat(deliveries(small)).doesNotContainKey("routed-orders");
        assertThat(deliveries(other)).doesNotContainKey("routed-orders");
        assertThat(received(RouteReceivers.ORDERS, small)).isEmpty();
        assertThat(received(RouteReceivers.ORDERS, other)).isEmpty();
    }

    @Test
    void anEventMatchingNoRouteIsStoredAndVisiblyUnrouted() {
        UUID id = post("picky", "customer.created", "{\"id\": \"" + UUID.randomUUID() + "\"}");
        assertThat(Db.count("SELECT count(*) FROM events WHERE id = ?", id)).isEqualTo(1);
        assertThat(deliveries(id)).isEmpty();
        String status = given().port(managementPort()).header("Authorization", "Bearer " + TestSources.ADMIN_TOKEN)
                .get("/admin/events/" + id).then().statusCode(200).extract().path("status");
        assertThat(status).isEqualTo("UNROUTED");
        String metrics = given().port(managementPort()).get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("hookgate_events_unrouted_total\\{source=\"picky\"\\} [1-9]");

        UUID invoice = post("picky", "invoice.paid", "{\"id\": \"" + UUID.randomUUID() + "\"}");
        assertThat(deliveries(invoice)).containsOnlyKeys("picky-invoices");
    }

    @Test
    void aSourceWithoutRoutesKeepsItsDefaultDelivery() {
        byte[] body = ("{\"n\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        UUID id = UUID.fromString(given().contentType("application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body))
                .body(body).post("/webhooks/github").then().statusCode(202).extract().path("id"));
        assertThat(deliveries(id)).containsOnlyKeys("default");
    }

    static int managementPort() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }

    static Map<String, List<String>> lower(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new HashMap<>();
        headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    static Set<String> states(UUID id) {
        return Set.copyOf(deliveries(id).values());
    }
}
