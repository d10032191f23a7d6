package io.hookgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A Stripe page: each event's exact bytes, and every way a page can be malformed. */
class StripeEventPageTest {

    // Odd spacing, escapes and key order on purpose: re-serialising would change every one of them.
    static final String FIRST = "{ \"id\" : \"evt_1\",\"object\":\"event\", \"type\":\"charge.succeeded\",\n"
            + "  \"created\": 1700000001, \"data\": {\"object\": {\"note\": \"caf\\u00e9 \\/ é\"}} }";
    static final String SECOND = "{\"created\":1700000000,\"type\":\"invoice.paid\",\"id\":\"evt_2\",\"data\":{}}";

    private static StripeEventPage parse(String body) {
        return StripeEventPage.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachEventKeepsTheExactBytesTheApiSent() {
        StripeEventPage page = parse("{\"object\": \"list\", \"url\": \"/v1/events\", \"has_more\": true,\n \"data\": [\n  "
                + FIRST + " ,\n" + SECOND + "\n]}");
        assertThat(page.hasMore()).isTrue();
        assertThat(page.events()).extracting(StripeEventPage.Event::id).containsExactly("evt_1", "evt_2");
        assertThat(page.events()).extracting(StripeEventPage.Event::type).containsExactly("charge.succeeded", "invoice.paid");
        assertThat(page.events()).extracting(StripeEventPage.Event::created).containsExactly(1700000001L, 1700000000L);
        assertThat(new String(page.events().get(0).raw(), StandardCharsets.UTF_8)).isEqualTo(FIRST);
        assertThat(new String(page.events().get(1).raw(), StandardCharsets.UTF_8)).isEqualTo(SECOND);
    }

    @Test
    void anEmptyLastPage() {
        StripeEventPage page = parse("{\"object\":\"list\",\"data\":[],\"has_more\":false}");
        assertThat(page.events()).isEmpty();
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void malformedPagesFailWithAClearMessage() {
        String[] bad = {
                "", "[]", "{\"object\":\"list\",\"data\":[", "{\"object\":\"list\",\"data\":[],\"has_more\":false} x",
                "{\"object\":\"event\",\"data\":[],\"has_more\":false}", "{\"object\":\"list\",\"has_more\":false}",
                "{\"object\":\"list\",\"data\":[]}", "{\"object\":\"list\",\"data\":{},\"has_more\":false}",
                "{\"object\":\"list\",\"data\":[1],\"has_more\":false}",
                "{\"object\":\"list\",\"data\":[{\"type\":\"a\",\"created\":1}],\"has_more\":false}",
                "{\"object\":\"list\",\"data\":[{\"id\":\"evt_1\",\"type\":\"a\"}],\"has_more\":false}",
                "{\"object\":\"list\",\"data\":[{\"id\":\"evt_1\",\"type\":\"a\",\"created\":\"yesterday\"}],\"has_more\":false}",
                "{\"object\":\"list\",\"data\":[],\"has_more\":\"no\"}" };
        for (String body : bad) {
            assertThatThrownBy(() -> parse(body)).as(body).isInstanceOf(ReconcileException.class)
                    .hasMessageStartingWith("malformed answer from Stripe's /v1/events");
        }
    }
}
