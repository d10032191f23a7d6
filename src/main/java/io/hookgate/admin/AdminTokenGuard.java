package io.hookgate.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.hookgate.config.HookgateConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/** In production an enabled admin API without a token is a misconfiguration: refuse to start. */
@ApplicationScoped
public class AdminTokenGuard {

    void check(@Observes StartupEvent event, HookgateConfig config) {
        check(LaunchMode.current(), config.admin());
    }

    static void check(LaunchMode mode, HookgateConfig.Admin admin) {
        if (mode == LaunchMode.NORMAL && admin.enabled() && admin.token().filter(t -> !t.isBlank()).isEmpty()) {
            throw new IllegalStateException("hookgate.admin.token (env HOOKGATE_ADMIN_TOKEN) must be set when the admin "
                    + "API is enabled; set hookgate.admin.enabled=false to run without it");
        }
    }
}
