package io.hookgate.reconcile;

import static io.hookgate.reconcile.ReconcileTest.finished;
import static io.hookgate.reconcile.ReconcileTest.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hookgate.support.EmbeddedServersResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The provider token goes to the configured api-url's origin and nowhere else: a redirect is not followed (it fails
 * the run), and a GitHub Link to another origin is not called. The "elsewhere" servers are fakes of the same provider
 * on other ports, with the same token, that would answer happily: they must receive nothing at all.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class ReconcileTokenExposureTest {

    static FakeStripe otherStripe;
    static FakeGithub otherGithub;

    FakeStripe stripe = EmbeddedServersResource.stripe();
    FakeGithub github = EmbeddedServersResource.github();

    @BeforeAll
    static void elsewhere() {
        otherStripe = new FakeStripe();
        otherGithub = new FakeGithub(EmbeddedServersResource.GITHUB_HOOK_PATH);
    }

    @AfterAll
    static void close() {
        otherStripe.close();
        otherGithub.close();
    }

    @BeforeEach
    void reset() {
        stripe.reset();
        github.reset();
        otherStripe.reset();
        otherGithub.reset();
    }

    @Test
    void aStripeRedirectIsNotFollowedAndFailsTheRun() {
        stripe.failNext(302, 1, Map.of("Location", otherStripe.url() + "/v1/events?limit=100"), null);
        JsonPath run = finished(start("stripe", "{}"));
        assertThat(otherStripe.received()).isEmpty();
        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("error")).contains("302", "redirect").doesNotContain(stripe.apiKey());
        assertThat(stripe.requests()).isEqualTo(1); // a redirect is not retried either
    }

    @Test
    void aGithubRedirectIsNotFollowedAndFailsTheRun() {
        github.failNext(307, 1, Map.of("Location", otherGithub.deliveriesUrl(100)), null);
        JsonPath run = finished(start("github", "{}"));
        assertThat(otherGithub.received()).isEmpty();
        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("error")).contains("307", "redirect").doesNotContain(github.token());
    }

    @Test
    void aRedirectedRedeliveryIsNotFollowed() {
        long id = 9_100_001L;
        github.addDelivery(FakeGithub.delivery(id, FakeGithub.guid(id), Instant.now().minus(Duration.ofHours(1))
                .toString(), 502, "push", null, false));
        github.failNextRedelivery(303, 1, Map.of("Location", otherGithub.url()
                + EmbeddedServersResource.GITHUB_HOOK_PATH + "/deliveries/" + id + "/attempts"), null);
        JsonPath run = finished(start("github", "{}"));
        assertThat(otherGithub.received()).isEmpty();
        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("error")).contains("303", "redirect");
    }

    @Test
    void aGithubLinkToAnotherOriginIsNotCalled() {
        long id = 9_200_001L;
        String page = "[" + FakeGithub.delivery(id, FakeGithub.guid(id), Instant.now().minus(Duration.ofHours(1))
                .toString(), 200, "push", null, false) + "]";
        github.failNext(200, 1, Map.of("Link", "<" + otherGithub.deliveriesUrl(100) + "&cursor=v1_1>; rel=\"next\""),
                page);
        JsonPath run = finished(start("github", "{}"));
        assertThat(otherGithub.received()).isEmpty();
        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("error")).contains("next page", "origin", otherGithub.url())
                .doesNotContain(github.token());
        assertThat(github.redeliveryRequests()).isEmpty();
    }

    @Test
    void aGithubLinkToTheSameOriginIsFollowed() {
        github.addDeliveries(FakeGithub.deliveries(9_300_001L, Instant.now().minus(Duration.ofHours(2)), 150, "push",
                null, 200));
        // the fake's own stored deliveries are all webhooks hookgate never saw: a dry run only counts them
        JsonPath run = finished(start("github", "{\"dryRun\": true}"));
        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(run.getInt("pages")).isEqualTo(2);
        assertThat(run.getLong("found")).isEqualTo(150);
    }
}
