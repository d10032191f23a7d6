package io.hookgate.source;

import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
import io.hookgate.verify.Scheme;
import io.hookgate.verify.Verifier;
import io.hookgate.verify.VerifierFactory;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/** The configured sources, built once at startup. A bad source configuration stops the boot. */
@Startup
@ApplicationScoped
public class Sources {

    private final Map<String, ConfiguredSource> byName = new TreeMap<>();
    private final String prefix;
    private final Set<String> allSecretHeaders;

    public Sources(HookgateConfig config) {
        this.prefix = config.publish().addressPrefix().orElse("");
        String base = config.publicBaseUrl().replaceAll("/+$", "");
        config.sources().forEach((name, source) -> byName.put(name, configure(name, source, base, prefix)));
        Set<String> secret = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        byName.values().forEach(s -> secret.addAll(s.secretHeaders()));
        this.allSecretHeaders = Collections.unmodifiableSet(secret);
        if (byName.isEmpty()) {
            Log.warn("no webhook sources configured (hookgate.sources.<name>.scheme): every request will get 404");
        } else {
            byName.values().forEach(s -> Log.infof("source %s: scheme %s -> AMQP address %s, max body %d bytes",
                    s.name(), s.scheme().configName(), s.address(), s.maxBodyBytes()));
        }
    }

    /**
     * One source from its configuration. Every configuration error names the source's keys, so that a boot that
     * stops says which hookgate.sources.&lt;name&gt; to fix.
     */
    public static ConfiguredSource configure(String name, HookgateConfig.Source source, String baseUrl, String addressPrefix) {
        try {
            Scheme scheme = Scheme.parse(source.scheme());
            String publicUrl = source.publicUrl().orElse(baseUrl + "/webhooks/" + name);
            Verifier verifier = VerifierFactory.create(name, source, publicUrl, Clock.systemUTC());
            String address = addressPrefix + source.address().orElse("webhooks." + name);
            return new ConfiguredSource(name, scheme, source, verifier, EventIdentity.of(scheme, source), address,
                    publicUrl);
        } catch (IllegalArgumentException e) {
            String key = "hookgate.sources." + name;
            throw e.getMessage() != null && e.getMessage().startsWith(key + ".") ? e
                    : new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every header any configured source treats as secret: a request to an unknown source may still carry a real
     * signature or token (a mistyped URL), and its rejection record must not keep it.
     */
    public Set<String> allSecretHeaders() {
        return allSecretHeaders;
    }

    /** The source, or null when no source of that name is configured. */
    public ConfiguredSource find(String name) {
        return byName.get(name);
    }

    public Map<String, ConfiguredSource> all() {
        return byName;
    }

    /** The address of a source; for rows whose source was since removed from config, the default form. */
    public String addressOf(String name) {
        ConfiguredSource source = byName.get(name);
        return source != null ? source.address() : prefix + "webhooks." + name;
    }
}
