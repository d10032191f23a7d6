package io.hookgate.reconcile;

import java.time.Duration;
import java.util.Locale;

import io.hookgate.verify.Scheme;

/** The providers whose event logs hookgate can reconcile against, with what each keeps. */
public enum Provider {
    /** GET /v1/events; Stripe keeps events for 30 days. */
    STRIPE("https://api.stripe.com", Duration.ofDays(30)),
    /** A hook's deliveries; GitHub keeps them for 3 days and redelivers on request. */
    GITHUB("https://api.github.com", Duration.ofDays(3));

    private final String defaultApiUrl;
    private final Duration retention;

    Provider(String defaultApiUrl, Duration retention) {
        this.defaultApiUrl = defaultApiUrl;
        this.retention = retention;
    }

    public String defaultApiUrl() {
        return defaultApiUrl;
    }

    /** How far back the provider's log goes: a longer lookback is capped to it. */
    public Duration retention() {
        return retention;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The provider behind a verification scheme, or null when it has no log to reconcile against. */
    static Provider of(Scheme scheme) {
        return switch (scheme) {
            case STRIPE -> STRIPE;
            case GITHUB -> GITHUB;
            default -> null;
        };
    }
}
