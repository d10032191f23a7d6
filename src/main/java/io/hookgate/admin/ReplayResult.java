package io.hookgate.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answer to a single replay: the broker accepted it, and the event has been replayed this many times. */
@RegisterForReflection
public record ReplayResult(String id, boolean replayed, int replayCount) {
}
