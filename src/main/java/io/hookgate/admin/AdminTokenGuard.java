package io.hookgate.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.hookgate.config.HookgateConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * In production an enabled admin API without a token, or with a token shorter than 32 characters, is a
 * misconfiguration: refuse to start.
 */
@ApplicationScoped
public class AdminTokenGuard {

    void check(@Observes StartupEvent event, HookgateConfig config) {
        check(LaunchMode.current(), config.admin());
    }

    /** The shortest admin token production accepts: 32 characters, e.g. openssl rand -hex 16 or more. */
    static final int MIN_LENGTH = 32;

    static void check(LaunchMode mode, HookgateConfig.Admin admin) {
        if (mode != LaunchMode.NORMAL || !admin.enabled()) {
            return;
        }
        String token = admin.token().map(String::strip).orElse("");
        if (token.isEmpty()) {
            throw new IllegalStateException("hookgate.admin.token (env HOOKGATE_ADMIN_TOKEN) must be set when the admin "
                    + "API is enabled; set hookgate.admin.enabled=false to run without it");
        }
        if (token.length() < MIN_LENGTH) {
            throw new IllegalStateException("hookgate.admin.token (env HOOKGATE_ADMIN_TOKEN) must be at least "
                    + MIN_LENGTH + " characters, not " + token.length() + ": generate one with openssl rand -hex 32");
        }
    }
}
