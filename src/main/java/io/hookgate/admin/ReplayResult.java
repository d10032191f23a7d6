package io.hookgate.admin;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to a single replay: the broker accepted its AMQP deliveries and its HTTP ones are due again, the event
 * has been replayed this many times (over all its deliveries), and the routes replayed ('default': the source's own
 * address).
 */
@RegisterForReflection
public record ReplayResult(String id, boolean replayed, int replayCount, List<String> routes) {
}
