package io.hookgate.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

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
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class IngestTest {

    static BrokerProbe broker;

    @BeforeAll
    static void consume() {
        broker = BrokerProbe.embedded().listen("webhooks.github").listen("webhooks.stripe");
    }

    @AfterAll
    static void close() {
        if (broker != null) {
            broker.close();
        }
    }

    static String unique() {
        return UUID.randomUUID().toString();
    }

    static ValidatableResponse postGithub(byte[] body, String delivery, String signature) {
        return given().contentType("application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", signature)
                .body(body)
                .post("/webhooks/github").then();
    }

    static UUID idOf(ValidatableResponse response) {
        return UUID.fromString(response.extract().path("id"));
    }

    @Test
    void githubEventIsStoredWithExactBytesAndRedactedHeaders() {
        // Odd spacing and key order: any re-serialization would change these bytes.
        byte[] body = Sign.utf8("{ \"zeta\":1,  \"alpha\" : \"é\\u00e9\" }\n");
        String delivery = unique();
        UUID id = idOf(postGithub(body, delivery, Sign.github(TestSources.GITHUB_SECRET, body))
                .statusCode(202).body("duplicate", equalTo(false)));

        Map<String, Object> row = Db.event(id);
        assertThat(row).isNotNull();
        assertThat((byte[]) row.get("payload")).isEqualTo(body);
        assertThat(row.get("source")).isEqualTo("github");
        assertThat(row.get("dedup_key")).isEqualTo(delivery);
        assertThat(row.get("event_type")).isEqualTo("push");
        assertThat(row.get("content_type")).isEqualTo("application/json");
        assertThat(row.get("headers").toString())
                .contains("\"x-hub-signature-256\": [\"[redacted]\"]")
                .doesNotContain(Sign.github(TestSources.GITHUB_SECRET, body));
    }

    @Test
    void rotatedOldSecretStillVerifies() {
        byte[] body = Sign.utf8("{\"rotation\":true}");
        postGithub(body, unique(), Sign.github(TestSources.GITHUB_OLD_SECRET, body)).statusCode(202);
    }

    @Test
    void duplicateDeliveryAnswers200WithTheFirstIdAndIsPublishedOnce() {
        byte[] body = Sign.utf8("{\"dup\":1}");
        String delivery = unique();
        String sig = Sign.github(TestSources.GITHUB_SECRET, body);
        UUID first = idOf(postGithub(body, delivery, sig).statusCode(202));
        UUID second = idOf(postGithub(body, delivery, sig).statusCode(200).body("duplicate", equalTo(true)));

        assertThat(second).isEqualTo(first);
        assertThat(Db.count("SELECT count(*) FROM events WHERE source = 'github' AND dedup_key = ?", delivery))
                .isEqualTo(1);
        assertThat(broker.await(first.toString(), 1, Duration.ofSeconds(10))).hasSize(1);
        // Give a wrongly re-published copy time to show up before asserting there is none.
        assertThat(broker.await(first.toString(), 2, Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void stripeVerifiesAndTakesIdAndTypeFromTheBody() {
        String eventId = "evt_" + unique();
        byte[] body = Sign.utf8("{\"id\":\"" + eventId + "\",\"type\":\"invoice.paid\"}");
        long now = Instant.now().getEpochSecond();
        UUID id = idOf(given().contentType("application/json")
                .header("Stripe-Signature", Sign.stripe(TestSources.STRIPE_SECRET, now, body))
                .body(body).post("/webhooks/stripe").then().statusCode(202));
        Map<String, Object> row = Db.event(id);
        assertThat(row.get("dedup_key")).isEqualTo(eventId);
        assertThat(row.get("event_type")).isEqualTo("invoice.paid");
    }

    @Test
    void staleStripeTimestampIsRejected() {
        byte[] body = Sign.utf8("{\"id\":\"evt_stale\",\"type\":\"x\"}");
        long tenMinutesAgo = Instant.now().minusSeconds(600).getEpochSecond();
        given().contentType("application/json")
                .header("Stripe-Signature", Sign.stripe(TestSources.STRIPE_SECRET, tenMinutesAgo, body))
                .body(body).post("/webhooks/stripe")
                .then().statusCode(401).contentType("application/problem+json")
                .body("reason", equalTo("stale_timestamp")).body("status", equalTo(401));
    }

    @Test
    void stripeRefusesNonJsonWith415() {
        byte[] body = Sign.utf8("id=evt_1");
        long now = Instant.now().getEpochSecond();
        given().contentType("text/plain")
                .header("Stripe-Signature", Sign.stripe(TestSources.STRIPE_SECRET, now, body))
                .body(body).post("/webhooks/stripe")
                .then().statusCode(415).body("reason", equalTo("unsupported_media_type"));
    }

    @Test
    void slackEventAndUrlVerificationChallenge() {
        long now = Instant.now().getEpochSecond();
        String eventId = "Ev" + unique();
        byte[] body = Sign.utf8("{\"type\":\"event_callback\",\"event_id\":\"" + eventId + "\"}");
        UUID id = idOf(given().contentType("application/json")
                .header("X-Slack-Request-Timestamp", Long.toString(now))
                .header("X-Slack-Signature", Sign.slack(TestSources.SLACK_SECRET, now, body))
                .body(body).post("/webhooks/slack").then().statusCode(202));
        assertThat(Db.event(id).get("dedup_key")).isEqualTo(eventId);

        byte[] challenge = Sign.utf8("{\"token\":\"t\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}");
        long before = Db.count("SELECT count(*) FROM events WHERE source = 'slack'");
        given().contentType("application/json")
                .header("X-Slack-Request-Timestamp", Long.toString(now))
                .header("X-Slack-Signature", Sign.slack(TestSources.SLACK_SECRET, now, challenge))
                .body(challenge).post("/webhooks/slack")
                .then().statusCode(200)
                .body("challenge", equalTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
        assertThat(Db.count("SELECT count(*) FROM events WHERE source = 'slack'")).isEqualTo(before);
    }

    @Test
    void unsignedSlackChallengeIsRejected() {
        given().contentType("application/json")
                .header("X-Slack-Request-Timestamp", Long.toString(Instant.now().getEpochSecond()))
                .body("{\"challenge\":\"x\",\"type\":\"url_verification\"}").post("/webhooks/slack")
                .then().statusCode(401).body("reason", equalTo("missing_signature"));
    }

    @Test
    void shopifyUsesItsHeadersForIdAndTopic() {
        byte[] body = Sign.utf8("{\"order\":42}");
        String webhookId = unique();
        UUID id = idOf(given().contentType("application/json")
                .header("X-Shopify-Hmac-Sha256", Sign.shopify(TestSources.SHOPIFY_SECRET, body))
                .header("X-Shopify-Webhook-Id", webhookId)
                .header("X-Shopify-Topic", "orders/create")
                .body(body).post("/webhooks/shopify").then().statusCode(202));
        Map<String, Object> row = Db.event(id);
        assertThat(row.get("dedup_key")).isEqualTo(webhookId);
        assertThat(row.get("event_type")).isEqualTo("orders/create");
    }

    @Test
    void standardWebhooksAcceptsSvixHeaderNames() {
        long now = Instant.now().getEpochSecond();
        String msgId = "msg_" + unique();
        byte[] body = Sign.utf8("{\"type\":\"user.created\",\"data\":{}}");
        UUID id = idOf(given().contentType("application/json")
                .header("svix-id", msgId)
                .header("svix-timestamp", Long.toString(now))
                .header("svix-signature", Sign.standardWebhooks(TestSources.SVIX_SECRET, msgId, now, body))
                .body(body).post("/webhooks/svix").then().statusCode(202));
        Map<String, Object> row = Db.event(id);
        assertThat(row.get("dedup_key")).isEqualTo(msgId);
        assertThat(row.get("event_type")).isEqualTo("user.created");
    }

    @Test
    void twilioFormWebhookSignedOverThePublicUrl() {
        TreeMap<String, String> params = new TreeMap<>(Map.of("CallSid", "CA" + unique().replace("-", ""),
                "From", "+14155550100", "Body", "hello world"));
        String form = "CallSid=" + params.get("CallSid") + "&From=%2B14155550100&Body=hello+world";
        given().contentType("application/x-www-form-urlencoded; charset=utf-8")
                .header("X-Twilio-Signature", Sign.twilio(TestSources.TWILIO_TOKEN, TestSources.TWILIO_URL, params))
                .header("I-Twilio-Idempotency-Token", unique())
                .body(form).post("/webhooks/twilio")
                .then().statusCode(202);
        // Signed for another URL: refused.
        given().contentType("application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", Sign.twilio(TestSources.TWILIO_TOKEN, "https://evil.test/x", params))
                .body(form).post("/webhooks/twilio")
                .then().statusCode(401).body("reason", equalTo("bad_signature"));
    }

    @Test
    void genericHmacAndTokenSchemes() {
        byte[] body = Sign.utf8("{\"generic\":true}");
        String requestId = unique();
        UUID id = idOf(given().contentType("application/json")
                .header("X-Signature", "sha512=" + Sign.hmacSha512Base64(TestSources.HMAC_SECRET,
                        Sign.utf8(requestId + "."), body))
                .header("X-Request-Id", requestId)
                .body(body).post("/webhooks/generic").then().statusCode(202));
        assertThat(Db.event(id).get("dedup_key")).isEqualTo(requestId);
        // The id is signed: the same signature under another id is a forgery, not a new event.
        given().contentType("application/json")
                .header("X-Signature", "sha512=" + Sign.hmacSha512Base64(TestSources.HMAC_SECRET,
                        Sign.utf8(requestId + "."), body))
                .header("X-Request-Id", unique())
                .body(body).post("/webhooks/generic").then().statusCode(401).body("reason", equalTo("bad_signature"));

        UUID gitlab = idOf(given().contentType("application/json")
                .header("X-Gitlab-Token", TestSources.GITLAB_TOKEN)
                .header("X-Gitlab-Event", "Push Hook")
                .body("{\"object_kind\":\"push\",\"n\":\"" + unique() + "\"}").post("/webhooks/gitlab")
                .then().statusCode(202));
        Map<String, Object> row = Db.event(gitlab);
        assertThat(row.get("event_type")).isEqualTo("Push Hook");
        assertThat((String) row.get("dedup_key")).startsWith("sha256:");
        assertThat(row.get("headers").toString()).doesNotContain(TestSources.GITLAB_TOKEN);

        given().contentType("application/json").header("X-Gitlab-Token", "wrong")
                .body("{}").post("/webhooks/gitlab")
                .then().statusCode(401).body("reason", equalTo("bad_signature"));
    }

    @Test
    void noneSchemeStoresBinaryBodiesByteForByte() {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        UUID id = idOf(given().contentType("application/octet-stream").body(body).post("/webhooks/open")
                .then().statusCode(202));
        assertThat((byte[]) Db.event(id).get("payload")).isEqualTo(body);
    }

    @Test
    void badAndMissingSignaturesAreRejectedRecordedAndCounted() {
        String source = "github";
        double before = Metrics.rejected(source, "bad_signature");
        byte[] body = Sign.utf8("{\"forged\":true}");
        String delivery = unique();
        postGithub(body, delivery, Sign.github("not-the-secret", body))
                .statusCode(401)
                .contentType("application/problem+json")
                .body("reason", equalTo("bad_signature"))
                .body("title", notNullValue());
        given().contentType("application/json").body(body).post("/webhooks/github")
                .then().statusCode(401).body("reason", equalTo("missing_signature"));

        assertThat(Db.count("SELECT count(*) FROM events WHERE source = 'github' AND dedup_key = ?", delivery))
                .isZero();
        Await.until("the bad_signature record", Duration.ofSeconds(5), () -> Db.count(
                "SELECT count(*) FROM rejections WHERE source = 'github' AND reason = 'bad_signature' "
                        + "AND body_excerpt = convert_to('{\"forged\":true}', 'UTF8')") > 0);
        assertThat(Db.count("SELECT count(*) FROM rejections WHERE headers::text LIKE '%' || ? || '%'",
                Sign.github("not-the-secret", body))).isZero();
        assertThat(Metrics.rejected(source, "bad_signature")).isEqualTo(before + 1);
    }

    @Test
    void unknownSourceIs404AndRecorded() {
        String name = "nosuch-" + unique().substring(0, 8);
        given().contentType("application/json").body("{}").post("/webhooks/" + name)
                .then().statusCode(404).contentType("application/problem+json")
                .body("reason", equalTo("unknown_source"));
        // One unknown source for every name (issue "Hostile internet": names are attacker-chosen); the name is kept in
        // the detail only.
        Await.until("the unknown_source record", Duration.ofSeconds(5), () -> Db.count(
                "SELECT count(*) FROM rejections WHERE source = '_unknown' AND reason = 'unknown_source' "
                        + "AND detail LIKE ?", "%" + name + "%") == 1);
    }

    @Test
    void publicPortServesOnlyWebhooks() {
        given().get("/q/health").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        given().get("/webhooks/github").then().statusCode(405);
    }
}
