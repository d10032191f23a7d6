package io.hookgate.publish;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hookgate.support.Await;
import io.hookgate.support.BrokerProbe;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.amqp.AmqpMessage;

/** What reaches the broker, and when an event may be called PUBLISHED. Subclassed to run against RabbitMQ. */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
public class PublishTest {

    protected static BrokerProbe broker;

    @BeforeAll
    static void consume() {
        broker = probe().listen(address("github"));
    }

    @AfterAll
    static void close() {
        if (broker != null) {
            broker.close();
        }
    }

    /** The consumer for this run's broker; RabbitMqPublishTest swaps it. */
    static BrokerProbe probe() {
        return RabbitMq.selected() ? RabbitMq.probe() : BrokerProbe.embedded();
    }

    static String address(String source) {
        return "webhooks." + source;
    }

    static UUID postGithub(byte[] body, String event) {
        return UUID.fromString(given().contentType("application/json; charset=utf-8")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body))
                .body(body).post("/webhooks/github")
                .then().statusCode(202).extract().path("id"));
    }

    /**
     * Events are written once (V8): publishing, failing and replaying update deliveries only. Counted on the
     * partitions' statistics before and after events are accepted, published, refused by the broker and replayed.
     */
    @Test
    void publishingAndReplayingNeverUpdateOrDeleteAnEventRow() throws Exception {
        long before = eventRowChanges();
        UUID published = postGithub(Sign.utf8("{\"n\":\"" + UUID.randomUUID() + "\"}"), "push");
        Await.until("PUBLISHED", Duration.ofSeconds(10), () -> "PUBLISHED".equals(Db.event(published).get("status")));
        given().port(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001)).header("Authorization", "Bearer " + TestSources.ADMIN_TOKEN)
                .post("/admin/events/" + published + "/replay").then().statusCode(200);
        Await.until("replay counted", Duration.ofSeconds(10),
                () -> ((Number) Db.event(published).get("replay_count")).intValue() == 1);

        // The statistics are the server's, flushed by each backend at most every second or so when idle.
        Thread.sleep(1500);
        assertThat(eventRowChanges()).as("rows of events updated or deleted").isEqualTo(before);
        // Deliveries carry the state instead: the mark and the replay count were written there.
        assertThat(Db.event(published)).containsEntry("publish_attempts", 1);
        // Nothing reserves room on a page for an update that never comes.
        assertThat(Db.count("""
                SELECT count(*) FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid
                WHERE i.inhparent = 'events'::regclass AND array_to_string(c.reloptions, ',') LIKE '%fillfactor%'"""))
                .isZero();
    }

    private static long eventRowChanges() {
        return Db.count("""
                SELECT coalesce(sum(n_tup_upd + n_tup_del + n_tup_hot_upd), 0) FROM pg_stat_user_tables
                WHERE relid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'events'::regclass)""");
    }

    @Test
    void acceptedEventArrivesWithIdPropertiesAndRawBodyThenIsMarkedPublished() {
        byte[] body = Sign.utf8("{\"ref\":\"refs/heads/main\",\"n\":\"" + UUID.randomUUID() + "\"}");
        UUID id = postGithub(body, "push");

        List<AmqpMessage> got = broker.await(id.toString(), 1, Duration.ofSeconds(15));
        assertThat(got).hasSize(1);
        AmqpMessage message = got.get(0);
        assertThat(message.id()).isEqualTo(id.toString());
        assertThat(message.isDurable()).isTrue();
        assertThat(message.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(((Binary) ((Data) message.unwrap().getBody()).getValue()).getArray())
                .isEqualTo(body);
        Map<String, Object> props = message.unwrap().getApplicationProperties().getValue();
        assertThat(props).containsEntry("source", "github").containsEntry("event-type", "push")
                .containsEntry("replay", false).containsKey("received-at");
        // The CloudEvents 1.0 AMQP binding, binary mode, with the prefix SmallRye's AMQP connector reads.
        Map<String, Object> row = Db.event(id);
        assertThat(props).containsEntry("cloudEvents:specversion", "1.0")
                .containsEntry("cloudEvents:id", id.toString())
                .containsEntry("cloudEvents:source", "/webhooks/github")
                .containsEntry("cloudEvents:type", "push")
                .containsEntry("cloudEvents:hookgatesource", "github")
                .containsEntry("cloudEvents:hookgateorigin", "webhook")
                .containsEntry("cloudEvents:hookgatereplay", false)
                .containsEntry("cloudEvents:providereventid", row.get("dedup_key"));
        assertThat(java.time.OffsetDateTime.parse((String) props.get("cloudEvents:time")).toInstant())
                .isEqualTo(((java.sql.Timestamp) row.get("received_at")).toInstant());

        Await.until("event " + id + " PUBLISHED", Duration.ofSeconds(10),
                () -> "PUBLISHED".equals(Db.event(id).get("status")));
        row = Db.event(id);
        assertThat(row.get("published_at")).isNotNull();
        // published_at is when the broker accepted (taken in the app), not when the delayed mark was written.
        assertThat(Db.count("SELECT count(*) FROM " + Db.EVENTS_WITH_STATE + " WHERE id = ? AND published_at >= received_at"
                + " AND published_at <= now()", id)).isEqualTo(1);
        assertThat(row.get("publish_attempts")).isEqualTo(1);
        assertThat(row.get("next_attempt_at")).as("out of the relay's queue").isNull();
    }

    @Test
    void eventForAnAddressTheBrokerRefusesStaysPendingWithTheError() {
        byte[] body = Sign.utf8("{\"n\":\"" + UUID.randomUUID() + "\"}");
        UUID id = UUID.fromString(given().contentType("application/json")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body))
                .body(body).post("/webhooks/unroutable")
                .then().statusCode(202).extract().path("id"));

        // The live attempt and at least one relay retry fail; the event is never called PUBLISHED.
        Await.until("two failed attempts for " + id, Duration.ofSeconds(20),
                () -> ((Number) Db.event(id).get("publish_attempts")).intValue() >= 2);
        Map<String, Object> row = Db.event(id);
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(row.get("published_at")).isNull();
        assertThat((String) row.get("last_error")).isNotBlank();
        // Still in the relay's queue, and not due again at once: the backoff pushed its next attempt out.
        assertThat(Db.count("SELECT count(*) FROM deliveries WHERE event_id = ? AND state = 'PENDING'"
                + " AND next_attempt_at > now()", id)).isOne();
    }

    /** The relay's index holds only the backlog: a published delivery leaves it. */
    @Test
    void theRelaysIndexCoversOnlyPendingDeliveries() {
        assertThat(Db.query("SELECT pg_get_indexdef('deliveries_due_idx'::regclass) AS d").get(0).get("d"))
                .asString().contains("WHERE (state = 'PENDING'::text)");
        // Events carry no delivery state at all.
        assertThat(Db.count("""
                SELECT count(*) FROM pg_attribute WHERE attrelid = 'events'::regclass AND attnum > 0 AND NOT attisdropped
                  AND attname IN ('status', 'published_at', 'publish_attempts', 'last_error', 'replay_count')"""))
                .isZero();
    }
}
