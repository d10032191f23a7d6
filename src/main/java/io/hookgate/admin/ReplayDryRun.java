package io.hookgate.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answer to a dry-run bulk replay: how many events the filter matches now. */
@RegisterForReflection
public record ReplayDryRun(boolean dryRun, long matched, EventFilter.Json filter) {
}
