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
     * The PUBLISHED mark must stay a heap-only (HOT) update: no index may cover a column it sets, and pages keep room
     * for a new version of each row (fillfactor 50, V4). Otherwise every mark writes a whole row plus six index entries.
     */
    @Test
    void publishedMarkCanBeAHeapOnlyUpdate() {
        assertThat(Db.query("SELECT array_to_string(reloptions, ',') AS o FROM pg_class WHERE oid = 'events'::regclass")
                .get(0).get("o")).asString().contains("fillfactor=50");
        List<Map<String, Object>> indexed = Db.query("""
                SELECT i.indexrelid::regclass::text AS idx FROM pg_index i
                WHERE i.indrelid = 'events'::regclass AND (
                    EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                            AND a.attname IN ('status', 'published_at', 'last_error', 'publish_attempts'))
                    OR pg_get_expr(i.indexprs, i.indrelid) ~ '(status|published_at|last_error|publish_attempts)'
                    OR pg_get_expr(i.indpred, i.indrelid) ~ '(status|published_at|last_error|publish_attempts)')""");
        assertThat(indexed).as("indexes on columns the PUBLISHED mark updates").isEmpty();
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
        assertThat(Db.count("SELECT count(*) FROM events WHERE id = ? AND published_at >= received_at"
                + " AND published_at <= now()", id)).isEqualTo(1);
        assertThat(row.get("publish_attempts")).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM outbox WHERE event_id = ?", id)).isZero();
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
        // Still in the outbox, and not due again at once: the backoff pushed its next attempt out.
        assertThat(Db.count("SELECT count(*) FROM outbox WHERE event_id = ? AND next_attempt_at > now()", id)).isOne();
    }

    /**
     * Marking an event PUBLISHED must stay a HOT update (no index writes): no index of events may use a column
     * that the publish path updates, not even in a partial-index predicate. The pending state lives in outbox.
     */
    @Test
    void noIndexOfEventsDependsOnAColumnThePublishPathUpdates() {
        List<Map<String, Object>> offending = Db.query("""
                SELECT i.indexrelid::regclass::text AS index, a.attname AS column
                FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum > 0
                WHERE i.indrelid = 'events'::regclass
                  AND a.attname IN ('status', 'published_at', 'publish_attempts', 'last_error', 'replay_count')
                  AND (a.attnum = ANY(i.indkey)
                       OR pg_get_expr(i.indpred, i.indrelid) LIKE '%' || a.attname || '%'
                       OR pg_get_expr(i.indexprs, i.indrelid) LIKE '%' || a.attname || '%')""");
        assertThat(offending).isEmpty();
        assertThat(Db.count("SELECT count(*) FROM pg_index WHERE indrelid = 'events'::regclass")).isGreaterThan(3);
    }
}
