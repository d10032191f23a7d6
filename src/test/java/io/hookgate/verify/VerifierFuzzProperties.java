package io.hookgate.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.RequestHeaders;
import io.hookgate.request.WebhookRequest;
import io.hookgate.source.EventIdentity;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile input against every verifier: whatever the headers and body, a verifier either accepts or says
 * why not (RejectedWebhookException). It never throws anything else, and it never accepts a request
 * that was not signed with the secret.
 */
class VerifierFuzzProperties {

    // Header names each scheme reads, so the fuzz reaches the parsers instead of stopping at "missing".
    private static final List<String> HEADERS = List.of("X-Hub-Signature-256", "Stripe-Signature", "X-Slack-Signature",
            "X-Slack-Request-Timestamp", "X-Shopify-Hmac-Sha256", "webhook-id", "webhook-timestamp", "webhook-signature",
            "svix-id", "svix-timestamp", "svix-signature", "X-Twilio-Signature", "X-Signature", "X-Timestamp",
            "X-Gitlab-Token", "Content-Type");

    private static Verifier verifier(String scheme) {
        TestSupport.Source source = new TestSupport.Source(scheme, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        source.publicUrl = "https://hooks.example.test/webhooks/x";
        if (scheme.equals("hmac") || scheme.equals("token")) {
            source.header = "X-Signature";
            source.prefix = "sha256=";
        }
        if (scheme.equals("hmac")) {
            source.signedContent = "{header:X-Timestamp}.{body}";
            source.timestampHeader = "X-Timestamp";
        }
        return VerifierFactory.create("fuzz", source, source.publicUrl, TestSupport.CLOCK);
    }

    @Provide
    Arbitrary<String> schemes() {
        return Arbitraries.of("github", "stripe", "slack", "shopify", "standard-webhooks", "twilio", "hmac", "token");
    }

    @Provide
    Arbitrary<String> headerValues() {
        Arbitrary<String> junk = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> shaped = Arbitraries.of("sha256=", "t=", "v1=", "v0=", "v1,", "t=1700000000,v1=", ",", "=", "v1a,",
                "sha256=zz", "t=-1,v1=00", "t=99999999999999999999,v1=", "v0=" + "0".repeat(64), "%", "bodySHA256=")
                .flatMap(prefix -> Arbitraries.strings().withChars("0123456789abcdefABCDEF+/=,.- tv").ofMaxLength(90)
                        .map(rest -> prefix + rest));
        Arbitrary<String> numbers = Arbitraries.longs().map(n -> Long.toString(n));
        return Arbitraries.oneOf(junk, shaped, numbers);
    }

    @Provide
    Arbitrary<Map<String, List<String>>> headers() {
        return Arbitraries.subsetOf(HEADERS).flatMap(names -> {
            List<Arbitrary<String>> values = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                values.add(headerValues());
            }
            List<String> ordered = new ArrayList<>(names);
            return Combinators.combine(values).as(vs -> {
                Map<String, List<String>> map = new LinkedHashMap<>();
                for (int i = 0; i < ordered.size(); i++) {
                    map.put(ordered.get(i), List.of(vs.get(i)));
                }
                return map;
            });
        });
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2048),
                Arbitraries.strings().ofMaxLength(500).map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                Arbitraries.of("a=1&b=2", "%zz=%", "{\"type\":\"url_verification\"}", "=&=&&", "x=%E0%A4%A")
                        .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Property(tries = 1000)
    void verifiersRejectForgeriesWithAReasonAndNeverCrash(@ForAll("schemes") String scheme,
            @ForAll("headers") Map<String, List<String>> headers, @ForAll("bodies") byte[] body,
            @ForAll("queries") String query) {
        WebhookRequest request = new WebhookRequest("fuzz", body, RequestHeaders.of(headers), query, "127.0.0.1",
                TestSupport.NOW);
        try {
            verifier(scheme).verify(request);
            throw new AssertionError(scheme + " accepted an unsigned request: " + headers);
        } catch (RejectedWebhookException rejected) {
            assertThat(rejected.reason()).isNotNull();
            assertThat(rejected.detail()).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        }
    }

    @Property(tries = 500)
    void identityExtractionNeverThrows(@ForAll("headers") Map<String, List<String>> headers, @ForAll("bodies") byte[] body,
            @ForAll("pointers") String pointer) {
        TestSupport.Source source = new TestSupport.Source("none");
        source.idJsonPointer = pointer;
        source.typeJsonPointer = pointer;
        EventIdentity.Identity id = EventIdentity.of(Scheme.NONE, source)
                .extract(new WebhookRequest("fuzz", body, RequestHeaders.of(headers), null, null, TestSupport.NOW));
        assertThat(id.dedupKey()).isNotBlank().hasSizeLessThanOrEqualTo(EventIdentity.MAX_LENGTH);
    }

    @Provide
    Arbitrary<String> pointers() {
        return Arbitraries.of("/id", "/a/0/b", "/", "/~1x", "/type");
    }

    @Provide
    Arbitrary<String> queries() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.strings().ofMaxLength(100),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).map(h -> "bodySHA256=" + h));
    }
}
