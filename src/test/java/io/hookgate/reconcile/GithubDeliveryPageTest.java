package io.hookgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A page of GitHub hook deliveries and its Link header. */
class GithubDeliveryPageTest {

    private static GithubDeliveryPage parse(String body, String link) {
        return GithubDeliveryPage.parse(body.getBytes(StandardCharsets.UTF_8), link);
    }

    @Test
    void deliveriesAndTheNextCursor() {
        GithubDeliveryPage page = parse("""
                [{"id": 12345678, "guid": "0b989ba4-242f-11e5-81e1-c7b6966d2516", "delivered_at": "2019-06-03T00:57:16Z",
                  "redelivery": false, "duration": 0.27, "status": "OK", "status_code": 200, "event": "issues",
                  "action": "opened", "installation_id": 123, "repository_id": 456},
                 {"id": 12345679, "guid": "1c989ba4-242f-11e5-81e1-c7b6966d2516", "delivered_at": "2019-06-02T23:00:00Z",
                  "redelivery": true, "status": "Invalid HTTP Response: 503", "status_code": 503}]""",
                "<https://api.github.com/repos/o/r/hooks/1/deliveries?per_page=2&cursor=v1_2>; rel=\"next\", "
                        + "<https://api.github.com/repos/o/r/hooks/1/deliveries?per_page=2>; rel=\"first\"");
        assertThat(page.deliveries()).hasSize(2);
        assertThat(page.deliveries().get(0).guid()).isEqualTo("0b989ba4-242f-11e5-81e1-c7b6966d2516");
        assertThat(page.deliveries().get(0).failed()).isFalse();
        assertThat(page.deliveries().get(1).failed()).isTrue();
        assertThat(page.deliveries().get(1).redelivery()).isTrue();
        assertThat(page.next()).isEqualTo("https://api.github.com/repos/o/r/hooks/1/deliveries?per_page=2&cursor=v1_2");
    }

    @Test
    void noNextLinkOnTheLastPage() {
        assertThat(parse("[]", null).next()).isNull();
        assertThat(parse("[]", "<https://api.github.com/x?cursor=a>; rel=\"prev\"").next()).isNull();
    }

    @Test
    void malformedPagesFail() {
        String[] bad = { "", "{}", "[1]", "[{\"id\": 1}]",
                "[{\"id\": 1, \"guid\": \"g\", \"delivered_at\": \"yesterday\", \"status_code\": 200}]",
                "[{\"id\": \"x\", \"guid\": \"g\", \"delivered_at\": \"2019-06-03T00:57:16Z\", \"status_code\": 200}]" };
        for (String body : bad) {
            assertThatThrownBy(() -> parse(body, null)).as(body).isInstanceOf(ReconcileException.class)
                    .hasMessageStartingWith("malformed answer from GitHub's hook deliveries");
        }
    }
}
