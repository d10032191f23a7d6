package io.hookgate.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.hookgate.config.HookgateConfig;

/**
 * Builds each source's verifier at startup. Invalid configuration fails here, with a message naming the source and the
 * key but never a secret, so a typo cannot turn into a source that accepts (or silently rejects) everything.
 */
public final class VerifierFactory {

    private static final Logger LOG = Logger.getLogger(VerifierFactory.class);

    private VerifierFactory() {
    }

    /**
     * @param publicUrl the URL providers call for this source (used by twilio) when {@code public-url} is not set
     * @throws IllegalArgumentException when the configuration cannot be used
     */
    public static Verifier create(String sourceName, HookgateConfig.Source config, String publicUrl, Clock clock) {
        Keys keys = new Keys(sourceName);
        Scheme scheme = keys.check("scheme", () -> Scheme.parse(config.scheme()));
        if (scheme == Scheme.NONE) {
            LOG.warnf("Source '%s' uses scheme 'none': its webhooks are accepted without any authentication", sourceName);
            return new NoneVerifier();
        }
        List<String> secrets = secrets(keys, scheme, config);
        Duration tolerance = config.tolerance();
        if (tolerance == null || tolerance.isNegative() || tolerance.isZero()) {
            throw keys.error("tolerance", "must be positive");
        }
        return switch (scheme) {
            case GITHUB -> new GithubVerifier(secrets);
            case STRIPE -> new StripeVerifier(secrets, tolerance, clock);
            case SLACK -> new SlackVerifier(secrets, tolerance, clock);
            case SHOPIFY -> new ShopifyVerifier(secrets);
            case STANDARD_WEBHOOKS -> keys.check("secrets", () -> new StandardWebhooksVerifier(secrets, tolerance, clock));
            case TWILIO -> keys.check("public-url", () -> new TwilioVerifier(secrets, config.publicUrl().orElse(publicUrl)));
            case HMAC -> hmac(keys, secrets, config, tolerance, clock);
            case TOKEN -> new TokenVerifier(secrets, header(keys, scheme, config), config.prefix().orElse(""));
            case NONE -> throw new IllegalStateException("handled above");
        };
    }

    private static Verifier hmac(Keys keys, List<String> secrets, HookgateConfig.Source config, Duration tolerance,
            Clock clock) {
        String header = header(keys, Scheme.HMAC, config);
        HmacAlgorithm algorithm = keys.check("algorithm", () -> HmacAlgorithm.parse(config.algorithm()));
        SignatureEncoding encoding = keys.check("encoding", () -> SignatureEncoding.parse(config.encoding()));
        String timestampHeader = config.timestampHeader().filter(h -> !h.isBlank()).map(String::strip).orElse(null);
        SignedContentTemplate content = keys.check("signed-content",
                () -> new SignedContentTemplate(config.signedContent()));
        requireSigned(keys, config, content, timestampHeader);
        return new HmacVerifier(secrets, header, algorithm, encoding, config.prefix().orElse(""),
                config.signedContent(), timestampHeader, tolerance, clock);
    }

    /**
     * What decides freshness or the dedup key must be covered by the signature: an unsigned timestamp lets a captured
     * request be replayed forever, an unsigned id lets a replay pass as a new event (or a forged id shadow a real one).
     */
    private static void requireSigned(Keys keys, HookgateConfig.Source config, SignedContentTemplate content,
            String timestampHeader) {
        if (timestampHeader != null && !content.signsHeader(timestampHeader)) {
            throw keys.error("timestamp-header", unsigned(timestampHeader, "timestamp", config));
        }
        String idHeader = config.idHeader().filter(h -> !h.isBlank()).map(String::strip).orElse(null);
        if (idHeader != null && !content.signsHeader(idHeader)) {
            throw keys.error("id-header", unsigned(idHeader, "id", config));
        }
        if (config.idJsonPointer().filter(p -> !p.isBlank()).isPresent() && !content.signsBody()) {
            throw keys.error("id-json-pointer", "the body is not signed; add {body} to signed-content ("
                    + config.signedContent() + "), or the sender's id can be forged");
        }
    }

    private static String unsigned(String header, String what, HookgateConfig.Source config) {
        return header + " is not signed; add {header:" + header + "} to signed-content (" + config.signedContent()
                + "), or the sender's " + what + " can be forged";
    }

    /** Secrets are stripped: a trailing newline from a mounted Secret file is a classic silent mismatch. */
    private static List<String> secrets(Keys keys, Scheme scheme, HookgateConfig.Source config) {
        List<String> secrets = config.secrets().orElse(List.of()).stream().map(String::strip).toList();
        if (secrets.isEmpty()) {
            throw keys.error("secrets", "is required for scheme '" + scheme + "'");
        }
        for (int i = 0; i < secrets.size(); i++) {
            if (secrets.get(i).isEmpty()) {
                throw keys.error("secrets", "secret #" + (i + 1) + " is empty");
            }
        }
        return secrets;
    }

    private static String header(Keys keys, Scheme scheme, HookgateConfig.Source config) {
        return config.header().filter(h -> !h.isBlank()).map(String::strip)
                .orElseThrow(() -> keys.error("header", "is required for scheme '" + scheme + "'"));
    }

    /** Turns a component's IllegalArgumentException into one naming the config key. The cause is dropped on purpose. */
    private record Keys(String source) {

        <T> T check(String key, Supplier<T> build) {
            try {
                return build.get();
            } catch (IllegalArgumentException e) {
                throw error(key, e.getMessage());
            }
        }

        IllegalArgumentException error(String key, String problem) {
            return new IllegalArgumentException("hookgate.sources." + source + "." + key + ": " + problem);
        }
    }
}
