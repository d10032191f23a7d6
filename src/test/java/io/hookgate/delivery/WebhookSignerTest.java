package io.hookgate.delivery;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

/** What hookgate signs, the Standard Webhooks library verifies; what it did not sign, the library refuses. */
class WebhookSignerTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    static Map<String, List<String>> headers(String id, long ts, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(ts)),
                "webhook-signature", List.of(signature));
    }

    @Test
    void theStandardWebhooksLibraryVerifiesHookgatesSignature() throws Exception {
        String body = "{\"type\":\"invoice.paid\",\"amount\":1200}";
        long ts = Instant.now().getEpochSecond();
        String signature = WebhookSigner.of(SECRET, "k").sign("evt-1", ts, body.getBytes(StandardCharsets.UTF_8));
        new Webhook(SECRET).verify(body, headers("evt-1", ts, signature));
        assertThatThrownBy(() -> new Webhook(SECRET).verify(body + " ", headers("evt-1", ts, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> new Webhook(SECRET).verify(body, headers("evt-2", ts, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }
}
