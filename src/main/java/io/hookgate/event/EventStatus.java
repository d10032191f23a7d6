package io.hookgate.event;

/** Outbox state: PENDING until the broker has accepted the message. */
public enum EventStatus {
    PENDING,
    PUBLISHED
}
