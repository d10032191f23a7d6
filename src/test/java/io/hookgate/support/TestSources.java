package io.hookgate.support;

import java.util.HashMap;
import java.util.Map;

/** The sources every test instance runs with, and their secrets. */
public final class TestSources {

    public static final String GITHUB_OLD_SECRET = "gh-old-secret";
    public static final String GITHUB_SECRET = "gh-new-secret";
    public static final String STRIPE_SECRET = "whsec_test_stripe_secret";
    public static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    public static final String SHOPIFY_SECRET = "shopify-test-secret";
    public static final String SVIX_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public static final String TWILIO_TOKEN = "twilio-auth-token";
    public static final String TWILIO_URL = "https://hooks.example.test/webhooks/twilio";
    public static final String HMAC_SECRET = "generic-hmac-secret";
    public static final String GITLAB_TOKEN = "gitlab-shared-token";
    public static final int TINY_LIMIT = 1024;
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    private TestSources() {
    }

    static Map<String, String> config() {
        Map<String, String> c = new HashMap<>();
        source(c, "github", "github", GITHUB_OLD_SECRET + "," + GITHUB_SECRET);
        source(c, "stripe", "stripe", STRIPE_SECRET);
        source(c, "slack", "slack", SLACK_SECRET);
        source(c, "shopify", "shopify", SHOPIFY_SECRET);
        source(c, "svix", "standard-webhooks", SVIX_SECRET);
        source(c, "twilio", "twilio", TWILIO_TOKEN);
        c.put("hookgate.sources.twilio.public-url", TWILIO_URL);
        source(c, "generic", "hmac", HMAC_SECRET);
        c.put("hookgate.sources.generic.header", "X-Signature");
        c.put("hookgate.sources.generic.algorithm", "sha512");
        c.put("hookgate.sources.generic.encoding", "base64");
        c.put("hookgate.sources.generic.prefix", "sha512=");
        c.put("hookgate.sources.generic.id-header", "X-Request-Id");
        // An id header must be signed, or a replay with a fresh id would pass as a new event.
        c.put("hookgate.sources.generic.signed-content", "{header:X-Request-Id}.{body}");
        source(c, "gitlab", "token", GITLAB_TOKEN);
        c.put("hookgate.sources.gitlab.header", "X-Gitlab-Token");
        c.put("hookgate.sources.gitlab.type-header", "X-Gitlab-Event");
        c.put("hookgate.sources.open.scheme", "none");
        source(c, "tiny", "github", GITHUB_SECRET);
        c.put("hookgate.sources.tiny.max-body-size", "1K");
        // An address the broker refuses: publishing there must never count.
        source(c, "unroutable", "github", GITHUB_SECRET);
        c.put("hookgate.sources.unroutable.address", "unroutable.events");

        // Reconciliation against the provider fakes (EmbeddedServersResource adds their URLs and tokens). Runs only
        // when a test starts one: no scheduled runs in the shared app.
        c.put("hookgate.sources.stripe.reconcile.enabled", "true");
        c.put("hookgate.sources.github.reconcile.enabled", "true");
        c.put("hookgate.sources.github.reconcile.github-hook", EmbeddedServersResource.GITHUB_HOOK);
        c.put("hookgate.reconcile.check-interval", "off");
        c.put("hookgate.reconcile.max-wait", "5s");

        c.put("hookgate.admin.token", ADMIN_TOKEN);
        c.put("hookgate.admin.replay-rate", "400");
        // Many tests send wrong tokens on purpose: the failed-authentication budget is AuthRateLimitTest's subject.
        c.put("hookgate.admin.auth-limit.per-client", "100000");
        c.put("hookgate.admin.auth-limit.global", "100000");
        c.put("hookgate.ingest.db-timeout", "5s");
        c.put("hookgate.ingest.retry-after", "7s");
        c.put("hookgate.ingest.body-timeout", "2s");
        c.put("hookgate.publish.relay-interval", "300ms");
        c.put("hookgate.publish.relay-grace", "1s");
        c.put("hookgate.publish.backoff-initial", "200ms");
        c.put("hookgate.publish.backoff-max", "1s");
        c.put("hookgate.publish.send-timeout", "3s");
        c.put("hookgate.publish.reconnect-interval", "300ms");
        c.put("hookgate.publish.idle-timeout", "4s");
        // The tests share one app: the fuzzing tests' floods of rejections must not use up the per-second record
        // budget (50 by default) of a test that checks its own rejection record right after them.
        c.put("hookgate.rejections.max-per-second", "100000");
        return c;
    }

    private static void source(Map<String, String> c, String name, String scheme, String secrets) {
        c.put("hookgate.sources." + name + ".scheme", scheme);
        c.put("hookgate.sources." + name + ".secrets", secrets);
    }
}
