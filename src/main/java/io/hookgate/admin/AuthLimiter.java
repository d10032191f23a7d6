package io.hookgate.admin;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.hookgate.config.HookgateConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The budget of failed authentications (a wrong or missing admin token, on the admin API or at the console's
 * sign-in), per client address and for all clients together, per minute of this replica. Once a budget is spent,
 * every attempt of that client (or of everyone) is refused with 429 before the token is even compared, so that a
 * guesser learns nothing from a hit, until the minute ends. The management port is reached through port-forwards,
 * where every client has the same address: the global budget is what bounds a guesser there. Memory is bounded too:
 * a client gets an entry only by failing, and failures stop being counted once the global budget is spent.
 */
@ApplicationScoped
public class AuthLimiter {

    private static final long MINUTE_MILLIS = 60_000;

    private final int perClient;
    private final int global;
    private final LongSupplier clock;
    private final Map<String, Counter> refused = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private long minute = Long.MIN_VALUE;
    private int globalFailures;

    @Inject
    public AuthLimiter(HookgateConfig config, MeterRegistry registry) {
        this(config.admin().authLimit().perClient(), config.admin().authLimit().global(), System::currentTimeMillis);
        // All four series exist from the start, at 0: an alert on their rate needs no absent() guard.
        for (String endpoint : new String[] { "admin", "console" }) {
            for (String reason : new String[] { "unauthorized", "rate_limited" }) {
                refused.put(endpoint + '\0' + reason, Counter.builder("hookgate.admin.auth.refused")
                        .description("Refused admin API and console authentications")
                        .tag("endpoint", endpoint).tag("reason", reason).register(registry));
            }
        }
    }

    AuthLimiter(int perClient, int global, LongSupplier clock) {
        if (perClient < 1 || global < 1) {
            throw new IllegalArgumentException("hookgate.admin.auth-limit.per-client and .global must be at least 1");
        }
        this.perClient = perClient;
        this.global = global;
        this.clock = clock;
    }

    /** 0 when this client may try to authenticate now, else the seconds until it may (at least 1). */
    public synchronized long retryAfterSeconds(String client) {
        long now = clock.getAsLong();
        roll(now);
        if (globalFailures >= global || failures.getOrDefault(client, 0) >= perClient) {
            long left = (minute + 1) * MINUTE_MILLIS - now;
            return Math.max(1, (left + 999) / 1000);
        }
        return 0;
    }

    /** Counts one failed authentication of this client. */
    public synchronized void failed(String client) {
        roll(clock.getAsLong());
        if (globalFailures < global) {
            globalFailures++;
            failures.merge(client, 1, Integer::sum);
        }
    }

    /**
     * Counts a refused authentication in hookgate_admin_auth_refused_total{endpoint, reason}: endpoint admin or
     * console, reason unauthorized (a wrong or missing token) or rate_limited (429).
     */
    public void refused(String endpoint, String reason) {
        Counter counter = refused.get(endpoint + '\0' + reason);
        if (counter != null) {
            counter.increment();
        }
    }

    private void roll(long now) {
        long current = Math.floorDiv(now, MINUTE_MILLIS);
        if (current != minute) {
            minute = current;
            globalFailures = 0;
            failures.clear();
        }
    }
}
