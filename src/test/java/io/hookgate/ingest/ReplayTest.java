package io.hookgate.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * GitHub, Shopify and Twilio sign neither a timestamp nor their delivery id: a captured request replayed with a fresh
 * id header must be answered as the duplicate it is, not stored and published again.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class ReplayTest {

    static String unique() {
        return UUID.randomUUID().toString();
    }

    static ValidatableResponse github(byte[] body, String signature, String delivery) {
        return given().contentType("application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery).header("X-Hub-Signature-256", signature)
                .body(body).post("/webhooks/github").then();
    }

    static ValidatableResponse shopify(byte[] body, String signature, String webhookId) {
        return given().contentType("application/json").header("X-Shopify-Topic", "orders/create")
                .header("X-Shopify-Webhook-Id", webhookId).header("X-Shopify-Hmac-Sha256", signature)
                .body(body).post("/webhooks/shopify").then();
    }

    static ValidatableResponse twilio(String form, String signature, String token) {
        return given().contentType("application/x-www-form-urlencoded")
                .header("I-Twilio-Idempotency-Token", token).header("X-Twilio-Signature", signature)
                .body(form).post("/webhooks/twilio").then();
    }

    static String id(ValidatableResponse response) {
        return response.extract().path("id");
    }

    static long rows(String source, String marker) {
        return Db.count("SELECT count(*) FROM events WHERE source = ? AND position(? in convert_from(payload, 'UTF8')) > 0",
                source, marker);
    }

    @Test
    void aGithubDeliveryReplayedUnderFreshDeliveryIdsIsADuplicate() {
        String marker = unique();
        byte[] body = Sign.utf8("{\"replay\":\"" + marker + "\"}");
        String signature = Sign.github(TestSources.GITHUB_SECRET, body);
        String first = id(github(body, signature, unique()).statusCode(202).body("duplicate", equalTo(false)));
        for (int i = 0; i < 3; i++) {
            String again = id(github(body, signature, unique()).statusCode(200).body("duplicate", equalTo(true)));
            assertThat(again).isEqualTo(first);
        }
        assertThat(rows("github", marker)).isEqualTo(1);
        // The same body signed with the rotated old secret is another signature, so another event.
        github(body, Sign.github(TestSources.GITHUB_OLD_SECRET, body), unique()).statusCode(202);
    }

    @Test
    void aShopifyWebhookReplayedUnderAFreshWebhookIdIsADuplicate() {
        String marker = unique();
        byte[] body = Sign.utf8("{\"order\":\"" + marker + "\"}");
        String signature = Sign.shopify(TestSources.SHOPIFY_SECRET, body);
        String first = id(shopify(body, signature, unique()).statusCode(202));
        assertThat(id(shopify(body, signature, unique()).statusCode(200).body("duplicate", equalTo(true))))
                .isEqualTo(first);
        assertThat(rows("shopify", marker)).isEqualTo(1);
    }

    @Test
    void aTwilioCallbackReplayedWithoutOrWithAnotherIdempotencyTokenIsADuplicate() {
        String sid = "SM" + unique().replace("-", "");
        TreeMap<String, String> params = new TreeMap<>(Map.of("MessageSid", sid, "MessageStatus", "delivered"));
        String form = "MessageSid=" + sid + "&MessageStatus=delivered";
        String signature = Sign.twilio(TestSources.TWILIO_TOKEN, TestSources.TWILIO_URL, params);
        String first = id(twilio(form, signature, unique()).statusCode(202));
        assertThat(id(twilio(form, signature, unique()).statusCode(200).body("duplicate", equalTo(true))))
                .isEqualTo(first);
        assertThat(rows("twilio", sid)).isEqualTo(1);
    }
}
