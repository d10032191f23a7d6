package io.hookgate.verify;

import static io.hookgate.verify.TestSupport.CLOCK;
import static io.hookgate.verify.TestSupport.TS;
import static io.hookgate.verify.TestSupport.assertAccepted;
import static io.hookgate.verify.TestSupport.base64;
import static io.hookgate.verify.TestSupport.hex;
import static io.hookgate.verify.TestSupport.hmac;
import static io.hookgate.verify.TestSupport.request;
import static io.hookgate.verify.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.hookgate.verify.TestSupport.Source;

class VerifierFactoryTest {

    /** Recognisable, so a leak into any message is caught; valid base64 except for the '*'. */
    private static final String SECRET = "SuperSecretValue*42";
    private static final String URL = "https://hooks.example.com/webhooks/src";

    private static Verifier create(Source source) {
        return VerifierFactory.create("src", source, URL, CLOCK);
    }

    private static IllegalArgumentException refused(Source source) {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> create(source));
        assertThat(e).as("expected the configuration to be refused").isNotNull();
        return e;
    }

    static Stream<Arguments> schemes() {
        Source hmac = new Source("hmac", SECRET);
        hmac.header = "X-Signature";
        Source token = new Source("token", SECRET);
        token.header = "X-Token";
        return Stream.of(
                Arguments.of(new Source("github", SECRET), GithubVerifier.class),
                Arguments.of(new Source("stripe", SECRET), StripeVerifier.class),
                Arguments.of(new Source("slack", SECRET), SlackVerifier.class),
                Arguments.of(new Source("shopify", SECRET), ShopifyVerifier.class),
                Arguments.of(new Source("standard-webhooks", "whsec_" + base64(utf8("k"))), StandardWebhooksVerifier.class),
                Arguments.of(new Source("twilio", SECRET), TwilioVerifier.class),
                Arguments.of(hmac, HmacVerifier.class),
                Arguments.of(token, TokenVerifier.class),
                Arguments.of(new Source("none"), NoneVerifier.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void buildsTheVerifierOfTheScheme(Source source, Class<?> type) {
        assertThat(create(source)).isExactlyInstanceOf(type);
    }

    @Test
    void refusesAnUnknownScheme() {
        assertThat(refused(new Source("gitlab", SECRET)).getMessage())
                .startsWith("hookgate.sources.src.scheme:").contains("gitlab", "github", "standard-webhooks");
    }

    @Test
    void requiresSecretsForEverySchemeButNone() {
        for (Scheme scheme : Scheme.values()) {
            Source source = new Source(scheme.configName());
            source.header = "X-Header";
            if (scheme == Scheme.NONE) {
                assertThat(create(source)).isInstanceOf(NoneVerifier.class);
            } else {
                assertThat(refused(source).getMessage()).as(scheme.configName())
                        .startsWith("hookgate.sources.src.secrets:").contains(scheme.configName());
            }
        }
    }

    @Test
    void requiresAHeaderForHmacAndToken() {
        assertThat(refused(new Source("hmac", SECRET)).getMessage()).startsWith("hookgate.sources.src.header:");
        assertThat(refused(new Source("token", SECRET)).getMessage()).startsWith("hookgate.sources.src.header:");
    }

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                invalid("secrets", s -> s.secrets = List.of(SECRET, "  ")),
                invalid("algorithm", s -> s.algorithm = "md5"),
                invalid("encoding", s -> s.encoding = "base32"),
                invalid("signed-content", s -> s.signedContent = "{secret}"),
                invalid("tolerance", s -> s.tolerance = Duration.ofSeconds(-1)),
                invalid("secrets", s -> {
                    s.scheme = "standard-webhooks";
                    s.secrets = List.of("whsec_" + SECRET);
                }),
                invalid("public-url", s -> s.scheme = "twilio"),
                // What the signature does not cover, an attacker sets: a replayed request with a fresh timestamp or
                // another event's id would pass.
                invalid("timestamp-header", s -> s.timestampHeader = "X-Ts"),
                invalid("timestamp-header", s -> {
                    s.timestampHeader = "X-Ts";
                    s.signedContent = "{header:X-Other}.{body}";
                }),
                invalid("id-header", s -> s.idHeader = "X-Request-Id"),
                invalid("id-json-pointer", s -> {
                    s.idJsonPointer = "/id";
                    s.signedContent = "{header:X-Ts}";
                }));
    }

    private static Arguments invalid(String key, Consumer<Source> change) {
        Source source = new Source("hmac", SECRET);
        source.header = "X-Signature";
        change.accept(source);
        return Arguments.of(key, source);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigs")
    void namesTheKeyAndNeverTheSecret(String key, Source source) {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> VerifierFactory.create("src", source, key.equals("public-url") ? null : URL, CLOCK));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("hookgate.sources.src." + key + ":");
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(t.getMessage()).doesNotContain(SECRET).doesNotContain("SuperSecret");
        }
    }

    @Test
    void stripsWhitespaceAroundSecrets() {
        Verifier verifier = create(new Source("github", "  s3cret\n"));
        assertAccepted(verifier, request("{}", "X-Hub-Signature-256", "sha256=" + hex(hmac("HmacSHA256", utf8("s3cret"), "{}"))));
    }

    @Test
    void prefersTheSourcesPublicUrlForTwilio() {
        Source source = new Source("twilio", "token");
        source.publicUrl = "https://public.example.com/sms";
        Verifier verifier = create(source);
        assertAccepted(verifier, request(new byte[0], null, "X-Twilio-Signature",
                base64(hmac("HmacSHA1", utf8("token"), "https://public.example.com/sms"))));
    }

    @Test
    void passesEveryHmacOptionThrough() {
        Source source = new Source("hmac", "k");
        source.header = "X-Sig";
        source.algorithm = "SHA512";
        source.encoding = "base64";
        source.prefix = "v1=";
        source.signedContent = "{header:X-Ts}:{body}";
        source.timestampHeader = "X-Ts";
        Verifier verifier = create(source);
        assertAccepted(verifier, request("{}", "X-Sig", "v1=" + base64(hmac("HmacSHA512", utf8("k"), TS + ":{}")),
                "X-Ts", TS));
    }

    @Test
    void acceptsTimestampAndIdHeadersThatAreSignedWhateverTheirCase() {
        Source source = new Source("hmac", "k");
        source.header = "X-Sig";
        source.signedContent = "{header:x-ts}.{header:X-REQUEST-ID}.{body}";
        source.timestampHeader = "X-Ts";
        source.idHeader = "X-Request-Id";
        source.idJsonPointer = "/id";
        Verifier verifier = create(source);
        assertAccepted(verifier, request("{}", "X-Sig", hex(hmac("HmacSHA256", utf8("k"), TS + ".r1.{}")), "X-Ts", TS,
                "X-Request-Id", "r1"));
    }

    @Test
    void explainsWhatToSign() {
        Source source = new Source("hmac", "k");
        source.header = "X-Sig";
        source.idHeader = "X-Request-Id";
        assertThat(refused(source).getMessage()).isEqualTo("hookgate.sources.src.id-header: X-Request-Id is not signed;"
                + " add {header:X-Request-Id} to signed-content ({body}), or the sender's id can be forged");
    }
}
