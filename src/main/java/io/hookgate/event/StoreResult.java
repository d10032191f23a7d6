package io.hookgate.event;

import java.util.UUID;

/** The outcome of storing one event: its id, and whether an earlier delivery already stored it. */
public record StoreResult(UUID id, boolean duplicate) {
}
