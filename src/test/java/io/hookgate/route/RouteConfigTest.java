package io.hookgate.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** A bad route stops the boot with a message that names the key to fix; a good one is compiled as configured. */
class RouteConfigTest {

    static final Set<String> SOURCES = Set.of("stripe", "github");

    static ConfiguredRoute configure(TestRoute route) {
        return Routes.configure("billing", route, SOURCES, "");
    }

    @Test
    void anUnknownSourceNamesTheKey() {
        TestRoute route = new TestRoute();
        route.source = "strype";
        assertThatThrownBy(() -> configure(route)).hasMessageStartingWith("hookgate.routes.billing.source: no source 'strype'");
    }

    @Test
    void aDestinationMustBeAmqpOrHttp() {
        TestRoute route = new TestRoute();
        route.destination = "ftp://billing";
        assertThatThrownBy(() -> configure(route)).hasMessageStartingWith("hookgate.routes.billing.destination: expected amqp:");
        route.destination = "amqp:";
        assertThatThrownBy(() -> configure(route)).hasMessageStartingWith("hookgate.routes.billing.destination: amqp: needs an address");
        route.destination = "https://user:pass@billing.internal/hooks";
        assertThatThrownBy(() -> configure(route)).hasMessageContaining("credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pass@"));
    }

    @Test
    void aSigningSecretMustBeAStandardWebhooksSecretAndIsNeverInTheMessage() {
        TestRoute route = new TestRoute();
        route.signingSecret = "not-a-whsec-secret";
        assertThatThrownBy(() -> configure(route)).hasMessageStartingWith("hookgate.routes.billing.signing-secret: expected whsec_")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-a-whsec-secret"));
        route.signingSecret = "whsec_!!!";
        assertThatThrownBy(() -> configure(route)).hasMessageContaining("not valid base64");
        route.signingSecret = "whsec_c2hvcnQ=";
        assertThatThrownBy(() -> configure(route)).hasMessageContaining("at least 16");
    }

    @Test
    void httpOnlySettingsOnAnAmqpRouteAreRefused() {
        TestRoute route = new TestRoute();
        route.destination = "amqp:billing.events";
        route.signingSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        assertThatThrownBy(() -> configure(route)).hasMessageStartingWith("hookgate.routes.billing: signing-secret and headers");
    }

    @Test
    void theNameDefaultIsReserved() {
        assertThatThrownBy(() -> Routes.configure("default", new TestRoute(), SOURCES, ""))
                .hasMessageStartingWith("hookgate.routes.default: 'default' is reserved");
    }

    @Test
    void nonsenseLimitsAreRefused() {
        TestRoute route = new TestRoute();
        route.rateLimit = 0d;
        assertThatThrownBy(() -> configure(route)).hasMessageStartingWith("hookgate.routes.billing.rate-limit");
        route.rateLimit = null;
        route.concurrency = 0;
        assertThatThrownBy(() -> configure(route)).hasMessageStartingWith("hookgate.routes.billing.concurrency");
        route.concurrency = 1;
        route.retry.attempts = 0;
        assertThatThrownBy(() -> configure(route)).hasMessageStartingWith("hookgate.routes.billing.retry.attempts");
    }

    @Test
    void aGoodRouteKeepsWhatWasConfigured() {
        TestRoute route = new TestRoute();
        route.types = "invoice.*, customer.created";
        route.destination = "amqp:billing.events";
        ConfiguredRoute amqp = Routes.configure("billing", route, SOURCES, "/amq/queue/");
        assertThat(amqp.destination()).isEqualTo(new Destination.Amqp("/amq/queue/billing.events"));
        assertThat(amqp.isHttp()).isFalse();
        assertThat(amqp.types().matches("invoice.paid")).isTrue();
        assertThat(amqp.types().matches("charge.succeeded")).isFalse();
    }
}
