package io.hookgate.reconcile;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.hookgate.config.HookgateConfig;
import io.hookgate.source.ConfiguredSource;

/**
 * One source that reconciliation is enabled for, checked at boot.
 *
 * @param hookPath GitHub: the hook's API path, e.g. /repos/acme/widgets/hooks/42 or /app/hook; null for Stripe
 * @param lookback the configured lookback, capped at what the provider keeps
 * @param eventTypes Stripe: the only event types to reconcile; empty for all
 */
public record ReconcileTarget(ConfiguredSource source, Provider provider, String token, String apiUrl, String hookPath,
        Duration interval, Duration lookback, List<String> eventTypes) {

    private static final Pattern HOOK = Pattern.compile(
            "repos/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/hooks/[0-9]+|orgs/[A-Za-z0-9_.-]+/hooks/[0-9]+|app");

    public String name() {
        return source.name();
    }

    /**
     * The target for a source, or null when reconciliation is off for it. Errors name the key to fix.
     *
     * @param allowInsecureHttp hookgate.reconcile.allow-insecure-http: accept an http:// api-url (local fakes only)
     */
    static ReconcileTarget of(ConfiguredSource source, boolean allowInsecureHttp) {
        HookgateConfig.SourceReconcile c = source.config().reconcile();
        if (!c.enabled()) {
            return null;
        }
        String key = "hookgate.sources." + source.name() + ".reconcile";
        Provider provider = Provider.of(source.scheme());
        if (provider == null) {
            throw new IllegalArgumentException(key + ".enabled: reconciliation needs the stripe or github scheme, not "
                    + source.scheme().configName());
        }
        String token = c.token().map(String::strip).filter(t -> !t.isEmpty()).orElseThrow(
                () -> new IllegalArgumentException(key + ".token is required: a " + (provider == Provider.STRIPE
                        ? "Stripe secret or restricted key with read access to events" : "GitHub token")));
        String hookPath = null;
        if (provider == Provider.GITHUB) {
            String hook = c.githubHook().map(String::strip).map(h -> h.replaceAll("^/+|/+$", "")).orElseThrow(
                    () -> new IllegalArgumentException(key + ".github-hook is required: repos/{owner}/{repo}/hooks/{id}, "
                            + "orgs/{org}/hooks/{id} or app"));
            if (!HOOK.matcher(hook).matches()) {
                throw new IllegalArgumentException(key + ".github-hook must be repos/{owner}/{repo}/hooks/{id}, "
                        + "orgs/{org}/hooks/{id} or app, not " + hook);
            }
            hookPath = hook.equals("app") ? "/app/hook" : "/" + hook;
        } else if (c.githubHook().isPresent()) {
            throw new IllegalArgumentException(key + ".github-hook is for github sources only");
        }
        String apiUrl = c.apiUrl().map(String::strip).orElse(provider.defaultApiUrl()).replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(apiUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ".api-url is not a URL: " + apiUrl);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!("https".equals(scheme) || "http".equals(scheme)) || uri.getHost() == null) {
            throw new IllegalArgumentException(key + ".api-url must be an http(s) URL: " + apiUrl);
        }
        if ("http".equals(scheme) && !allowInsecureHttp) {
            throw new IllegalArgumentException(key + ".api-url must be an https URL, not " + apiUrl + ": the token "
                    + "would cross the network in clear text (hookgate.reconcile.allow-insecure-http=true allows http "
                    + "for a local fake)");
        }
        if (c.interval().compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(key + ".interval must be at least 1m");
        }
        if (c.lookback().isNegative() || c.lookback().isZero()) {
            throw new IllegalArgumentException(key + ".lookback must be positive");
        }
        Duration lookback = c.lookback().compareTo(provider.retention()) > 0 ? provider.retention() : c.lookback();
        List<String> types = c.eventTypes().orElse(List.of()).stream().map(String::strip).filter(t -> !t.isEmpty())
                .distinct().toList();
        if (!types.isEmpty() && provider != Provider.STRIPE) {
            throw new IllegalArgumentException(key + ".event-types is for stripe sources only");
        }
        if (types.size() > 20) {
            throw new IllegalArgumentException(key + ".event-types: Stripe filters on at most 20 types");
        }
        return new ReconcileTarget(source, provider, token, apiUrl, hookPath, c.interval(), lookback, types);
    }

    /** The api-url's origin, scheme://host:port in lower case with the port always given: the only place the token goes. */
    String origin() {
        return originOf(apiUrl);
    }

    /** scheme://host:port of a URL, lower case, the scheme's default port filled in; null when it has none. */
    static String originOf(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "ReconcileTarget[" + name() + ", " + provider.code() + ", " + apiUrl + (hookPath == null ? "" : hookPath)
                + ", every " + interval + ", lookback " + lookback + "]";
    }
}
