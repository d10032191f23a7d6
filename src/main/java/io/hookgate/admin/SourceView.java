package io.hookgate.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.hookgate.config.HookgateConfig;
import io.hookgate.reconcile.ReconcileTarget;
import io.hookgate.source.ConfiguredSource;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A configured source as on-call sees it: where to point the provider, its reconciliation, and its routes (names;
 * empty: it publishes to its own address); never a secret or a token (only how many secrets).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceView(String name, String scheme, String address, String publicUrl, long maxBodySize,
        String tolerance, int secrets, String idHeader, String idJsonPointer, String typeHeader, String typeJsonPointer,
        String header, Reconcile reconcile, List<String> routes) {

    /** Where and how often the source is reconciled; never the token. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Reconcile(String provider, String apiUrl, String githubHook, String interval, String lookback,
            List<String> eventTypes) {
    }

    public static SourceView of(ConfiguredSource s, ReconcileTarget target, List<String> routes) {
        HookgateConfig.Source c = s.config();
        Reconcile reconcile = target == null ? null : new Reconcile(target.provider().code(), target.apiUrl(),
                c.reconcile().githubHook().orElse(null), target.interval().toString(), target.lookback().toString(),
                target.eventTypes());
        return new SourceView(s.name(), s.scheme().configName(), s.address(), s.publicUrl(), s.maxBodyBytes(),
                c.tolerance().toString(), c.secrets().map(List::size).orElse(0), c.idHeader().orElse(null),
                c.idJsonPointer().orElse(null), c.typeHeader().orElse(null), c.typeJsonPointer().orElse(null),
                c.header().orElse(null), reconcile, routes);
    }
}
