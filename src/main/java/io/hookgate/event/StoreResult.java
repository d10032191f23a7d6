package io.hookgate.event;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of storing one event: its id, whether an earlier delivery already stored it, and for a new event the
 * destinations its delivery rows were written for ('default', or the names of the routes it matched; empty:
 * unrouted).
 */
public record StoreResult(UUID id, boolean duplicate, List<String> destinations) {

    public StoreResult(UUID id, boolean duplicate) {
        this(id, duplicate, List.of());
    }
}
