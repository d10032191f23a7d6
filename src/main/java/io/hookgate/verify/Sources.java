package io.hookgate.verify;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/** The configured sources, built once at startup. A bad source configuration stops the boot. */
@Startup
@ApplicationScoped
public class Sources {

    private final Map<String, ConfiguredSource> byName = new TreeMap<>();
    private final String prefix;

    public Sources(HookgateConfig config) {
        this.prefix = config.publish().addressPrefix().orElse("");
        String base = config.publicBaseUrl().replaceAll("/+$", "");
        config.sources().forEach((name, source) -> {
            Scheme scheme = Scheme.parse(source.scheme());
            String publicUrl = source.publicUrl().orElse(base + "/webhooks/" + name);
            Verifier verifier = VerifierFactory.create(name, source, publicUrl, Clock.systemUTC());
            String address = prefix + source.address().orElse("webhooks." + name);
            byName.put(name, new ConfiguredSource(name, scheme, source, verifier, EventIdentity.of(scheme, source),
                    address, publicUrl));
        });
        if (byName.isEmpty()) {
            Log.warn("no webhook sources configured (hookgate.sources.<name>.scheme): every request will get 404");
        } else {
            byName.values().forEach(s -> Log.infof("source %s: scheme %s -> AMQP address %s, max body %d bytes",
                    s.name(), s.scheme().configName(), s.address(), s.maxBodyBytes()));
        }
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
