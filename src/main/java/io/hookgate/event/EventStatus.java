package io.hookgate.event;

/**
 * An event's delivery state, summed over its deliveries: PENDING while any delivery is, else FAILED if any HTTP
 * delivery gave up, else PUBLISHED (every destination accepted it); UNROUTED when it matched none of its source's
 * routes and so has no delivery.
 */
public enum EventStatus {
    PENDING,
    PUBLISHED,
    FAILED,
    UNROUTED
}
