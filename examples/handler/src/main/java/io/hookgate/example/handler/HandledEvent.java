package io.hookgate.example.handler;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The handler's own effect: one row per event it handled. Replace it with what your handler really does. */
@Entity
@Table(name = "handled_events")
public class HandledEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    public String source;

    public String type;

    @Column(name = "handled_at")
    public Instant handledAt;

    static HandledEvent of(WebhookEvent event, Instant now) {
        HandledEvent row = new HandledEvent();
        row.eventId = event.id();
        row.source = event.sourceName();
        row.type = event.type();
        row.handledAt = now;
        return row;
    }
}
