package io.hookgate.source;

import static io.hookgate.verify.TestSupport.base64;
import static io.hookgate.verify.TestSupport.hmac;
import static io.hookgate.verify.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.hookgate.request.RequestHeaders;
import io.hookgate.request.WebhookRequest;
import io.hookgate.verify.TestSupport;

/** The dedup key of a Standard Webhooks / Svix event is the id that was signed, never a look-alike header. */
class SignedIdTest {

    private static final byte[] KEY = utf8("0123456789abcdef0123456789abcdef");
    private static final String BODY = "{\"type\":\"user.created\"}";
    private static final String BASE = "https://hooks.example.test";

    private static WebhookRequest request(String... headers) {
        return new WebhookRequest("svix", utf8(BODY), RequestHeaders.of(headers), null, "203.0.113.7", Instant.now());
    }

    private static String sign(String id, String ts) {
        return "v1," + base64(hmac("HmacSHA256", KEY, id + "." + ts + "." + BODY));
    }

    private static ConfiguredSource svix() {
        return Sources.configure("svix", new TestSupport.Source("standard-webhooks", "whsec_" + base64(KEY)), BASE, "");
    }

    @Test
    void anUnsignedWebhookIdNextToASignedSvixFamilyIsNotTheDedupKey() throws Exception {
        String ts = Long.toString(Instant.now().getEpochSecond());
        WebhookRequest replayed = request("Content-Type", "application/json",
                "svix-id", "msg_signed", "svix-timestamp", ts, "svix-signature", sign("msg_signed", ts),
                "webhook-id", "msg_chosen_by_the_attacker", "webhook-timestamp", "1");
        assertThat(svix().verify(replayed).dedupKey()).isEqualTo("msg_signed");
    }

    @Test
    void anUnsignedSvixIdNextToASignedWebhookFamilyIsNotTheDedupKey() throws Exception {
        String ts = Long.toString(Instant.now().getEpochSecond());
        WebhookRequest request = request("Content-Type", "application/json",
                "svix-id", "msg_unsigned", "webhook-id", "msg_signed", "webhook-timestamp", ts,
                "webhook-signature", sign("msg_signed", ts));
        assertThat(svix().verify(request).dedupKey()).isEqualTo("msg_signed");
    }
}
