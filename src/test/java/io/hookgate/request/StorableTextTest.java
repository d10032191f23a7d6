package io.hookgate.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void replacesEveryNulAndKeepsEverythingElse() {
        assertThat(StorableText.of("a\u0000b\u0000")).isEqualTo("a\uFFFDb\uFFFD");
        String clean = "évt_1 \t\u0001";
        assertThat(StorableText.of(clean)).isSameAs(clean);
        assertThat(StorableText.of(null)).isNull();
    }

    @Test
    void storedHeadersNeverCarryTheNulEscapeJsonbRefuses() {
        String json = HeaderRedactor.toJson(RequestHeaders.of("X-Evil\u0000", "a\u0000b", "Stripe-Signature", "t=1\u0000"),
                Set.of());
        assertThat(json).doesNotContain("\\u0000").contains("\"x-evil\uFFFD\":[\"a\uFFFDb\"]")
                .contains("\"stripe-signature\":[\"" + HeaderRedactor.REDACTED + "\"]");
    }
}
