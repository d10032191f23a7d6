package io.hookgate.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.hookgate.config.HookgateConfig;
import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.RejectionReason;
import io.hookgate.request.RequestHeaders;
import io.hookgate.request.WebhookRequest;
import io.quarkus.runtime.configuration.MemorySize;

/** Requests, an independent signer and assertions shared by the verify tests. */
public final class TestSupport {

    public static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    public static final String TS = Long.toString(NOW.getEpochSecond());

    private TestSupport() {
    }

    public static WebhookRequest request(String body, String... headers) {
        return request(utf8(body), null, headers);
    }

    public static WebhookRequest request(byte[] body, String query, String... headers) {
        return new WebhookRequest("src", body, RequestHeaders.of(headers), query, "203.0.113.7", NOW);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The body with its first byte changed. */
    public static byte[] flipped(byte[] body) {
        byte[] copy = body.clone();
        copy[0] ^= 0x01;
        return copy;
    }

    /** HMAC computed with the JDK directly, independent of the code under test. */
    public static byte[] hmac(String jcaAlgorithm, byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance(jcaAlgorithm);
            mac.init(new SecretKeySpec(key, jcaAlgorithm));
            return mac.doFinal(utf8(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static String hmacSha256Hex(String secret, String content) {
        return hex(hmac("HmacSHA256", utf8(secret), content));
    }

    public static void assertAccepted(Verifier verifier, WebhookRequest request) {
        assertThatCode(() -> verifier.verify(request)).doesNotThrowAnyException();
    }

    /** Asserts the reason, and that the caller-visible detail carries none of the given secrets or signatures. */
    public static RejectedWebhookException assertRejected(Verifier verifier, WebhookRequest request, RejectionReason reason,
            String... neverShown) {
        RejectedWebhookException e = catchThrowableOfType(RejectedWebhookException.class, () -> verifier.verify(request));
        assertThat(e).as("expected a rejection").isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.detail()).isNotBlank();
        for (String secret : neverShown) {
            assertThat(e.detail()).doesNotContain(secret);
        }
        return e;
    }

    public static Clock at(long epochSeconds) {
        return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
    }

    /** A hand-rolled {@link HookgateConfig.Source}: plain JUnit tests need no config machinery. */
    public static final class Source implements HookgateConfig.Source {
        public String scheme;
        public List<String> secrets;
        public Duration tolerance = TOLERANCE;
        public String publicUrl;
        public String idHeader;
        public String idJsonPointer;
        public String typeHeader;
        public String typeJsonPointer;
        public String header;
        public String algorithm = "sha256";
        public String encoding = "hex";
        public String prefix;
        public String signedContent = "{body}";
        public String timestampHeader;
        public Reconcile reconcile = new Reconcile();

        public Source(String scheme, String... secrets) {
            this.scheme = scheme;
            this.secrets = secrets.length == 0 ? null : List.of(secrets);
        }

        @Override public String scheme() { return scheme; }
        @Override public Optional<List<String>> secrets() { return Optional.ofNullable(secrets); }
        @Override public Duration tolerance() { return tolerance; }
        @Override public MemorySize maxBodySize() { return new MemorySize(BigInteger.valueOf(1 << 20)); }
        @Override public Optional<String> address() { return Optional.empty(); }
        @Override public Optional<String> publicUrl() { return Optional.ofNullable(publicUrl); }
        @Override public Optional<String> idHeader() { return Optional.ofNullable(idHeader); }
        @Override public Optional<String> idJsonPointer() { return Optional.ofNullable(idJsonPointer); }
        @Override public Optional<String> typeHeader() { return Optional.ofNullable(typeHeader); }
        @Override public Optional<String> typeJsonPointer() { return Optional.ofNullable(typeJsonPointer); }
        @Override public Optional<String> header() { return Optional.ofNullable(header); }
        @Override public String algorithm() { return algorithm; }
        @Override public String encoding() { return encoding; }
        @Override public Optional<String> prefix() { return Optional.ofNullable(prefix); }
        @Override public String signedContent() { return signedContent; }
        @Override public Optional<String> timestampHeader() { return Optional.ofNullable(timestampHeader); }
        @Override public HookgateConfig.SourceReconcile reconcile() { return reconcile; }
    }

    /** A hand-rolled {@link HookgateConfig.SourceReconcile}, off unless a test turns it on. */
    public static final class Reconcile implements HookgateConfig.SourceReconcile {
        public boolean enabled;
        public String token;
        public String githubHook;
        public Duration interval = Duration.ofHours(1);
        public Duration lookback = Duration.ofDays(3);
        public String apiUrl;
        public List<String> eventTypes;

        @Override public boolean enabled() { return enabled; }
        @Override public Optional<String> token() { return Optional.ofNullable(token); }
        @Override public Optional<String> githubHook() { return Optional.ofNullable(githubHook); }
        @Override public Duration interval() { return interval; }
        @Override public Duration lookback() { return lookback; }
        @Override public Optional<String> apiUrl() { return Optional.ofNullable(apiUrl); }
        @Override public Optional<List<String>> eventTypes() { return Optional.ofNullable(eventTypes); }
    }
}
