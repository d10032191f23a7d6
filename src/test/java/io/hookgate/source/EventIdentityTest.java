package io.hookgate.source;

import static io.hookgate.verify.TestSupport.request;
import static io.hookgate.verify.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.hookgate.request.WebhookRequest;
import io.hookgate.source.EventIdentity.Identity;
import io.hookgate.verify.Scheme;
import io.hookgate.verify.TestSupport.Source;

class EventIdentityTest {

    private static Identity extract(Scheme scheme, Source source, WebhookRequest request) {
        return EventIdentity.of(scheme, source).extract(request);
    }

    private static Identity extract(Scheme scheme, WebhookRequest request) {
        return extract(scheme, new Source(scheme.configName()), request);
    }

    private static String bodyHash(String body) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(body)));
    }

    @Test
    void githubReadsHeadersAndDoesNotParseTheBody() {
        Identity id = extract(Scheme.GITHUB, request("{\"zen\":\"x\"}", "X-GitHub-Delivery",
                "72d3162e-cc78-11e3-81ab-4c9367dc0958", "X-GitHub-Event", "push"));
        assertThat(id).isEqualTo(new Identity("72d3162e-cc78-11e3-81ab-4c9367dc0958", "push", null));
    }

    @Test
    void stripeReadsTheBody() {
        Identity id = extract(Scheme.STRIPE, request("{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}"));
        assertThat(id.dedupKey()).isEqualTo("evt_1");
        assertThat(id.eventType()).isEqualTo("invoice.paid");
        assertThat(id.json().path("id").asText()).isEqualTo("evt_1");
    }

    @Test
    void slackUrlVerificationFallsBackToTheBodyHashAndKeepsTheJson() throws Exception {
        String body = "{\"token\":\"t\",\"challenge\":\"abc\",\"type\":\"url_verification\"}";
        Identity id = extract(Scheme.SLACK, request(body));
        assertThat(id.dedupKey()).isEqualTo(bodyHash(body));
        assertThat(id.eventType()).isEqualTo("url_verification");
        assertThat(id.json().path("challenge").asText()).isEqualTo("abc");
        assertThat(extract(Scheme.SLACK, request("{\"event_id\":\"Ev9\",\"type\":\"event_callback\"}")).dedupKey())
                .isEqualTo("Ev9");
    }

    @Test
    void shopifyReadsHeaders() {
        Identity id = extract(Scheme.SHOPIFY, request("{}", "X-Shopify-Webhook-Id", "b54557e4", "X-Shopify-Topic",
                "orders/create"));
        assertThat(id).isEqualTo(new Identity("b54557e4", "orders/create", null));
    }

    @Test
    void standardWebhooksReadsEitherIdHeaderAndTheTypeFromTheBody() {
        String body = "{\"type\":\"user.created\"}";
        assertThat(extract(Scheme.STANDARD_WEBHOOKS, request(body, "webhook-id", "msg_1")).dedupKey()).isEqualTo("msg_1");
        Identity svix = extract(Scheme.STANDARD_WEBHOOKS, request(body, "svix-id", "msg_2"));
        assertThat(svix.dedupKey()).isEqualTo("msg_2");
        assertThat(svix.eventType()).isEqualTo("user.created");
    }

    @Test
    void twilioUsesTheIdempotencyTokenOrTheBodyHash() throws Exception {
        String body = "MessageSid=SM1&MessageStatus=delivered";
        assertThat(extract(Scheme.TWILIO, request(body, "I-Twilio-Idempotency-Token", "tok-1")))
                .isEqualTo(new Identity("tok-1", null, null));
        assertThat(extract(Scheme.TWILIO, request(body))).isEqualTo(new Identity(bodyHash(body), null, null));
    }

    @Test
    void genericSchemesUseTheBodyHashUnlessConfigured() throws Exception {
        String body = "{\"id\":\"e1\",\"kind\":\"build\"}";
        for (Scheme scheme : new Scheme[] {Scheme.HMAC, Scheme.TOKEN, Scheme.NONE}) {
            assertThat(extract(scheme, request(body, "X-Event-Id", "h1"))).isEqualTo(new Identity(bodyHash(body), null, null));
        }
        Source source = new Source("hmac");
        source.idJsonPointer = "/id";
        source.typeJsonPointer = "/kind";
        assertThat(extract(Scheme.HMAC, source, request(body))).extracting(Identity::dedupKey, Identity::eventType)
                .containsExactly("e1", "build");
    }

    @Test
    void anOverrideReplacesTheSchemeDefault() throws Exception {
        String body = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"meta\":{\"kind\":\"billing\"}}";
        Source source = new Source("stripe");
        source.idHeader = "X-Request-Id";
        source.typeJsonPointer = "/meta/kind";
        assertThat(extract(Scheme.STRIPE, source, request(body, "X-Request-Id", "r-1")))
                .extracting(Identity::dedupKey, Identity::eventType).containsExactly("r-1", "billing");
        // The default /id is gone, not a fallback.
        assertThat(extract(Scheme.STRIPE, source, request(body)).dedupKey()).isEqualTo(bodyHash(body));
    }

    @Test
    void aHeaderOverrideOnGithubCanBeAPointer() {
        Source source = new Source("github");
        source.typeJsonPointer = "/action";
        Identity id = extract(Scheme.GITHUB, source, request("{\"action\":\"opened\"}", "X-GitHub-Delivery", "d1",
                "X-GitHub-Event", "issues"));
        assertThat(id.eventType()).isEqualTo("opened");
        assertThat(id.json()).isNotNull();
    }

    @Test
    void aBodyThatIsNotJsonFallsBackWithoutThrowing() throws Exception {
        for (String body : new String[] {"token=x&type=y", "{\"id\": ", "", "[1,2]", "\"just a string\""}) {
            Identity id = extract(Scheme.STRIPE, request(body));
            assertThat(id.dedupKey()).as(body).isEqualTo(bodyHash(body));
            assertThat(id.eventType()).as(body).isNull();
        }
        assertThat(extract(Scheme.STRIPE, request("not json")).json()).isNull();
    }

    @Test
    void blankValuesAndNonScalarsCountAsAbsent() throws Exception {
        assertThat(extract(Scheme.GITHUB, request("x", "X-GitHub-Delivery", "  ", "X-GitHub-Event", "")))
                .isEqualTo(new Identity(bodyHash("x"), null, null));
        String body = "{\"id\":{\"nested\":1},\"type\":\"  \"}";
        Identity id = extract(Scheme.STRIPE, request(body));
        assertThat(id.dedupKey()).isEqualTo(bodyHash(body));
        assertThat(id.eventType()).isNull();
        Identity numeric = extract(Scheme.STRIPE, request("{\"id\":12345,\"type\":null}"));
        assertThat(numeric.dedupKey()).isEqualTo("12345");
        assertThat(numeric.eventType()).isNull();
    }

    @Test
    void capsIdsAndTypesAt255Characters() {
        String longId = "a".repeat(300);
        Identity id = extract(Scheme.GITHUB, request("{}", "X-GitHub-Delivery", longId, "X-GitHub-Event", "b".repeat(256)));
        assertThat(id.dedupKey()).isEqualTo("a".repeat(EventIdentity.MAX_LENGTH));
        assertThat(id.eventType()).hasSize(EventIdentity.MAX_LENGTH);
        // Never split a surrogate pair at the cut.
        String emoji = "a".repeat(254) + "\uD83D\uDE00" + "tail";
        assertThat(extract(Scheme.GITHUB, request("{}", "X-GitHub-Delivery", emoji)).dedupKey()).isEqualTo("a".repeat(254));
    }

    @Test
    void refusesAnOverrideThatIsNotAJsonPointer() {
        Source source = new Source("hmac");
        source.idJsonPointer = "id";
        assertThatThrownBy(() -> EventIdentity.of(Scheme.HMAC, source))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id-json-pointer");
    }
}
