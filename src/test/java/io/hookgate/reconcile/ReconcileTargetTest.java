package io.hookgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.hookgate.source.Sources;
import io.hookgate.verify.TestSupport;

/** The reconcile block of a source: checked at boot, every error naming the key to fix, the token never shown. */
class ReconcileTargetTest {

    private static ReconcileTarget target(String name, TestSupport.Source source) {
        return ReconcileTarget.of(Sources.configure(name, source, "https://hooks.example.test", ""), false);
    }

    private static ReconcileTarget insecureAllowed(String name, TestSupport.Source source) {
        return ReconcileTarget.of(Sources.configure(name, source, "https://hooks.example.test", ""), true);
    }

    private static TestSupport.Source stripe() {
        TestSupport.Source s = new TestSupport.Source("stripe", "whsec_x");
        s.reconcile.enabled = true;
        s.reconcile.token = "rk_test_secret";
        return s;
    }

    private static TestSupport.Source github(String hook) {
        TestSupport.Source s = new TestSupport.Source("github", "gh-secret");
        s.reconcile.enabled = true;
        s.reconcile.token = "ghp_secret";
        s.reconcile.githubHook = hook;
        return s;
    }

    @Test
    void offUnlessEnabled() {
        assertThat(target("stripe", new TestSupport.Source("stripe", "whsec_x"))).isNull();
    }

    @Test
    void stripeDefaults() {
        ReconcileTarget t = target("payments", stripe());
        assertThat(t.provider()).isEqualTo(Provider.STRIPE);
        assertThat(t.apiUrl()).isEqualTo("https://api.stripe.com");
        assertThat(t.hookPath()).isNull();
        assertThat(t.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(t.lookback()).isEqualTo(Duration.ofDays(3));
        assertThat(t.toString()).doesNotContain("rk_test_secret");
    }

    @Test
    void theLookbackIsCappedAtWhatTheProviderKeeps() {
        TestSupport.Source s = stripe();
        s.reconcile.lookback = Duration.ofDays(90);
        assertThat(target("payments", s).lookback()).isEqualTo(Duration.ofDays(30));
        TestSupport.Source g = github("app");
        g.reconcile.lookback = Duration.ofDays(7);
        assertThat(target("gh", g).lookback()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void githubHooks() {
        assertThat(target("gh", github("repos/acme/widgets/hooks/42")).hookPath()).isEqualTo("/repos/acme/widgets/hooks/42");
        assertThat(target("gh", github("/orgs/acme/hooks/7/")).hookPath()).isEqualTo("/orgs/acme/hooks/7");
        assertThat(target("gh", github("app")).hookPath()).isEqualTo("/app/hook");
        TestSupport.Source custom = github("app");
        custom.reconcile.apiUrl = "https://github.example.com/api/v3/";
        assertThat(target("gh", custom).apiUrl()).isEqualTo("https://github.example.com/api/v3");
    }

    @Test
    void configurationErrorsNameTheKey() {
        TestSupport.Source noToken = stripe();
        noToken.reconcile.token = " ";
        assertThatThrownBy(() -> target("payments", noToken))
                .hasMessageStartingWith("hookgate.sources.payments.reconcile.token is required");
        assertThatThrownBy(() -> target("gh", github(null)))
                .hasMessageStartingWith("hookgate.sources.gh.reconcile.github-hook is required");
        assertThatThrownBy(() -> target("gh", github("repos/acme/hooks/42")))
                .hasMessageStartingWith("hookgate.sources.gh.reconcile.github-hook must be");
        assertThatThrownBy(() -> target("gh", github("repos/acme/widgets/hooks/42?x=1")))
                .hasMessageStartingWith("hookgate.sources.gh.reconcile.github-hook must be");
        TestSupport.Source slack = new TestSupport.Source("slack", "s");
        slack.reconcile.enabled = true;
        slack.reconcile.token = "t";
        assertThatThrownBy(() -> target("chat", slack))
                .hasMessageStartingWith("hookgate.sources.chat.reconcile.enabled: reconciliation needs the stripe or github scheme");
        TestSupport.Source badUrl = stripe();
        badUrl.reconcile.apiUrl = "ftp://api.stripe.com";
        assertThatThrownBy(() -> target("payments", badUrl))
                .hasMessageStartingWith("hookgate.sources.payments.reconcile.api-url must be an http(s) URL");
        TestSupport.Source often = stripe();
        often.reconcile.interval = Duration.ofSeconds(5);
        assertThatThrownBy(() -> target("payments", often))
                .hasMessageStartingWith("hookgate.sources.payments.reconcile.interval must be at least 1m");
        TestSupport.Source hookOnStripe = stripe();
        hookOnStripe.reconcile.githubHook = "app";
        assertThatThrownBy(() -> target("payments", hookOnStripe))
                .hasMessageStartingWith("hookgate.sources.payments.reconcile.github-hook is for github sources only");
    }

    @Test
    void aPlainHttpApiUrlIsRefusedUnlessAllowed() {
        TestSupport.Source plain = stripe();
        plain.reconcile.apiUrl = "http://api.stripe.com";
        assertThatThrownBy(() -> target("payments", plain))
                .hasMessageStartingWith("hookgate.sources.payments.reconcile.api-url must be an https URL")
                .hasMessageContaining("hookgate.reconcile.allow-insecure-http");
        TestSupport.Source ghPlain = github("app");
        ghPlain.reconcile.apiUrl = "HTTP://github.example.com/api/v3";
        assertThatThrownBy(() -> target("gh", ghPlain))
                .hasMessageStartingWith("hookgate.sources.gh.reconcile.api-url must be an https URL");
        assertThat(insecureAllowed("payments", plain).apiUrl()).isEqualTo("http://api.stripe.com");
        assertThat(insecureAllowed("payments", plain).origin()).isEqualTo("http://api.stripe.com:80");
        assertThat(target("payments", stripe()).origin()).isEqualTo("https://api.stripe.com:443");
    }

    @Test
    void originsCompareSchemeHostAndPort() {
        assertThat(ReconcileTarget.originOf("https://API.github.com/repos/x?cursor=1"))
                .isEqualTo(ReconcileTarget.originOf("https://api.github.com:443/app/hook"));
        assertThat(ReconcileTarget.originOf("http://api.github.com/x")).isNotEqualTo(ReconcileTarget.originOf(
                "https://api.github.com/x"));
        assertThat(ReconcileTarget.originOf("https://api.github.com:8443/x")).isEqualTo("https://api.github.com:8443");
        assertThat(ReconcileTarget.originOf("https://user@evil.example/x")).isNull();
        assertThat(ReconcileTarget.originOf("/relative/path")).isNull();
    }
}
