package io.hookgate.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.hookgate.config.HookgateConfig;
import io.hookgate.source.ConfiguredSource;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A configured source as on-call sees it: where to point the provider, never a secret (only how many). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceView(String name, String scheme, String address, String publicUrl, long maxBodySize,
        String tolerance, int secrets, String idHeader, String idJsonPointer, String typeHeader, String typeJsonPointer,
        String header) {

    static SourceView of(ConfiguredSource s) {
        HookgateConfig.Source c = s.config();
        return new SourceView(s.name(), s.scheme().configName(), s.address(), s.publicUrl(), s.maxBodyBytes(),
                c.tolerance().toString(), c.secrets().map(List::size).orElse(0), c.idHeader().orElse(null),
                c.idJsonPointer().orElse(null), c.typeHeader().orElse(null), c.typeJsonPointer().orElse(null),
                c.header().orElse(null));
    }
}
