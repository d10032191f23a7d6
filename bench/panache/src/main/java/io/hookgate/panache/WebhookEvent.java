package io.hookgate.panache;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One received webhook, as the Panache guide would map it: public fields, a generated UUID, jsonb headers. */
@Entity
@Table(name = "events", uniqueConstraints = @UniqueConstraint(columnNames = { "source", "dedup_key" }))
public class WebhookEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue
    public UUID id;

    @Column(nullable = false)
    public String source;

    @Column(name = "dedup_key", nullable = false)
    public String dedupKey;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "received_at", nullable = false)
    public OffsetDateTime receivedAt;

    @Column(name = "content_type")
    public String contentType;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> headers;

    @Column(nullable = false)
    public byte[] payload;
}
