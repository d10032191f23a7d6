package io.hookgate.example.handler;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "handler")
public interface HandlerConfig {

    /** Attempts per message, the first included, before it is nacked (and so dead-lettered by the broker). */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before the first retry; each further retry waits about twice as long, up to ten times this. */
    @WithDefault("200ms")
    Duration backoff();
}
