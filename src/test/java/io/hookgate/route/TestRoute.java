package io.hookgate.route;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.hookgate.config.HookgateConfig;

/** A route's configuration with the defaults of HookgateConfig.Route, for tests that build routes by hand. */
public final class TestRoute implements HookgateConfig.Route {

    public String source = "stripe";
    public String types;
    public String filter;
    public String destination = "http://billing.internal/hooks";
    public String signingSecret;
    public Duration timeout = Duration.ofSeconds(10);
    public Double rateLimit;
    public int concurrency = 16;
    public Map<String, String> headers = new HashMap<>();
    public Retry retry = new Retry();
    public Circuit circuit = new Circuit();

    public static final class Retry implements HookgateConfig.RouteRetry {
        public int attempts = 12;
        public Duration backoffInitial = Duration.ofSeconds(5);
        public Duration backoffMax = Duration.ofHours(1);
        public Duration maxAge = Duration.ofDays(3);
        public Duration maxRetryAfter = Duration.ofHours(1);

        @Override
        public int attempts() {
            return attempts;
        }

        @Override
        public Duration backoffInitial() {
            return backoffInitial;
        }

        @Override
        public Duration backoffMax() {
            return backoffMax;
        }

        @Override
        public Duration maxAge() {
            return maxAge;
        }

        @Override
        public Duration maxRetryAfter() {
            return maxRetryAfter;
        }
    }

    public static final class Circuit implements HookgateConfig.RouteCircuit {
        public int failures = 5;
        public Duration openFor = Duration.ofSeconds(30);

        @Override
        public int failures() {
            return failures;
        }

        @Override
        public Duration openFor() {
            return openFor;
        }
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public Optional<String> types() {
        return Optional.ofNullable(types);
    }

    @Override
    public Optional<String> filter() {
        return Optional.ofNullable(filter);
    }

    @Override
    public String destination() {
        return destination;
    }

    @Override
    public Optional<String> signingSecret() {
        return Optional.ofNullable(signingSecret);
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public Optional<Double> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    @Override
    public int concurrency() {
        return concurrency;
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public HookgateConfig.RouteRetry retry() {
        return retry;
    }

    @Override
    public HookgateConfig.RouteCircuit circuit() {
        return circuit;
    }
}
