package io.hookgate.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SchemeTest {

    @Test
    void parsesEveryConfiguredName() {
        for (Scheme scheme : Scheme.values()) {
            assertThat(Scheme.parse(scheme.configName())).isEqualTo(scheme);
        }
        assertThat(Scheme.parse(" Standard-Webhooks ")).isEqualTo(Scheme.STANDARD_WEBHOOKS);
    }

    @Test
    void failsClosedOnAnUnknownName() {
        for (String name : new String[] {"gitlab", "", "standard_webhooks", null}) {
            assertThatThrownBy(() -> Scheme.parse(name)).as(String.valueOf(name))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown scheme");
        }
    }

    @Test
    void carriesTheDesignTableDefaults() {
        assertThat(Scheme.GITHUB.idHeaders()).containsExactly("X-GitHub-Delivery");
        assertThat(Scheme.GITHUB.typeHeader()).isEqualTo("X-GitHub-Event");
        assertThat(List.of(Scheme.STRIPE.idJsonPointer(), Scheme.STRIPE.typeJsonPointer())).containsExactly("/id", "/type");
        assertThat(List.of(Scheme.SLACK.idJsonPointer(), Scheme.SLACK.typeJsonPointer())).containsExactly("/event_id", "/type");
        assertThat(Scheme.SHOPIFY.idHeaders()).containsExactly("X-Shopify-Webhook-Id");
        assertThat(Scheme.SHOPIFY.typeHeader()).isEqualTo("X-Shopify-Topic");
        assertThat(Scheme.STANDARD_WEBHOOKS.idHeaders()).containsExactly("webhook-id", "svix-id");
        assertThat(Scheme.STANDARD_WEBHOOKS.typeJsonPointer()).isEqualTo("/type");
        assertThat(Scheme.TWILIO.idHeaders()).containsExactly("I-Twilio-Idempotency-Token");
        for (Scheme s : new Scheme[] {Scheme.HMAC, Scheme.TOKEN, Scheme.NONE, Scheme.TWILIO}) {
            assertThat(s.typeHeader()).isNull();
            assertThat(s.typeJsonPointer()).isNull();
        }
    }
}
