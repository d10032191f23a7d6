package io.hookgate.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.hookgate.verify.TestSupport;

/** A bad source stops the boot with a message that names which hookgate.sources.<name> to fix. */
class SourcesTest {

    static final String BASE = "https://hooks.example.test";

    @Test
    void anUnknownSchemeNamesTheSource() {
        assertThatThrownBy(() -> Sources.configure("billing", new TestSupport.Source("stripee", "s"), BASE, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("hookgate.sources.billing: unknown scheme 'stripee'");
    }

    @Test
    void aBadJsonPointerNamesTheSource() {
        TestSupport.Source source = new TestSupport.Source("github", "s");
        source.idJsonPointer = "id";
        assertThatThrownBy(() -> Sources.configure("repo-events", source, BASE, ""))
                .hasMessageStartingWith("hookgate.sources.repo-events: ")
                .hasMessageContaining("'id' is not a JSON pointer");
    }

    @Test
    void aMessageThatAlreadyNamesTheKeyIsKept() {
        assertThatThrownBy(() -> Sources.configure("partner", new TestSupport.Source("hmac"), BASE, ""))
                .hasMessageStartingWith("hookgate.sources.partner.")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hookgate.sources.partner: "));
    }

    @Test
    void aGoodSourceGetsItsAddressAndPublicUrl() {
        ConfiguredSource source = Sources.configure("github", new TestSupport.Source("github", "s"), BASE, "prod.");
        assertThat(source.address()).isEqualTo("prod.webhooks.github");
        assertThat(source.publicUrl()).isEqualTo(BASE + "/webhooks/github");
    }
}
