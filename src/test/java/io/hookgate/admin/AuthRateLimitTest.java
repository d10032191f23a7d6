package io.hookgate.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.hookgate.ingest.Metrics;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Guessing the admin token: after a few failed attempts a client gets 429 with Retry-After, on the admin API and on
 * the console's sign-in alike, even with the right token, until the minute is over. The tests of this class share
 * one budget (the app's): they run in order and each expects the limit to be in force when it starts.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
@TestProfile(AuthRateLimitTest.FewAttempts.class)
class AuthRateLimitTest {

    static final int PER_CLIENT = 3;

    public static class FewAttempts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hookgate.admin.auth-limit.per-client", String.valueOf(PER_CLIENT),
                    "hookgate.admin.auth-limit.global", "50");
        }
    }

    static RequestSpecification management() {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
        return given().port(port).redirects().follow(false);
    }

    @Test
    void failedAttemptsAreLimitedPerClientWithRetryAfterAndCounted() {
        double refusedBefore = Metrics.value("hookgate_admin_auth_refused_total", "endpoint", "admin",
                "reason", "rate_limited");
        // A good token passes and is never counted.
        for (int i = 0; i < PER_CLIENT + 2; i++) {
            management().header("Authorization", "Bearer " + TestSources.ADMIN_TOKEN).get("/admin/sources")
                    .then().statusCode(200);
        }
        for (int i = 0; i < PER_CLIENT; i++) {
            management().header("Authorization", "Bearer guess-" + i).get("/admin/sources").then().statusCode(401);
        }
        Response limited = management().header("Authorization", "Bearer guess-x").get("/admin/sources");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.jsonPath().getString("reason")).isEqualTo("too_many_auth_failures");
        assertThat(limited.jsonPath().getInt("status")).isEqualTo(429);
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);

        // While limited, even the right token is not looked at: a guesser learns nothing from a hit.
        management().header("Authorization", "Bearer " + TestSources.ADMIN_TOKEN).get("/admin/sources")
                .then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        assertThat(Metrics.value("hookgate_admin_auth_refused_total", "endpoint", "admin", "reason", "rate_limited"))
                .isEqualTo(refusedBefore + 2);
        assertThat(Metrics.value("hookgate_admin_auth_refused_total", "endpoint", "admin", "reason", "unauthorized"))
                .isGreaterThanOrEqualTo(PER_CLIENT);

        // The console's sign-in shares the budget: the same client is refused there too, before the token is checked.
        management().contentType("application/x-www-form-urlencoded").formParam("token", TestSources.ADMIN_TOKEN)
                .post("/console/login").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("reason", equalTo("too_many_auth_failures")).body("detail", containsString("Retry-After"));
        assertThat(Metrics.value("hookgate_admin_auth_refused_total", "endpoint", "console", "reason", "rate_limited"))
                .isGreaterThanOrEqualTo(1);
    }
}
