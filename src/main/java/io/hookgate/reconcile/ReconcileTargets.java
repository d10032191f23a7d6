package io.hookgate.reconcile;

import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
import io.hookgate.source.ConfiguredSource;
import io.hookgate.source.Sources;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/** The sources with reconciliation enabled, checked at boot: a bad reconcile block stops the boot. */
@Startup
@ApplicationScoped
public class ReconcileTargets {

    private final Map<String, ReconcileTarget> byName = new TreeMap<>();

    public ReconcileTargets(Sources sources, HookgateConfig config) {
        boolean allowInsecureHttp = config.reconcile().allowInsecureHttp();
        for (ConfiguredSource source : sources.all().values()) {
            ReconcileTarget target = ReconcileTarget.of(source, allowInsecureHttp);
            if (target != null) {
                byName.put(source.name(), target);
                Log.infof("source %s: reconciles against %s%s every %s, looking back %s", target.name(), target.apiUrl(),
                        target.hookPath() == null ? "/v1/events" : target.hookPath() + "/deliveries", target.interval(),
                        target.lookback());
            }
        }
    }

    /** The target, or null when the source does not exist or does not reconcile. */
    public ReconcileTarget find(String source) {
        return byName.get(source);
    }

    public Map<String, ReconcileTarget> all() {
        return byName;
    }
}
