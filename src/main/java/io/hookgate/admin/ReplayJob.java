package io.hookgate.admin;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A stored bulk replay: its frozen filter, its progress and its checkpoint (the last event sent). */
@Entity
@Table(name = "replay_jobs")
public class ReplayJob extends PanacheEntityBase {

    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String CANCELLED = "CANCELLED";
    public static final String FAILED = "FAILED";

    @Id
    public UUID id;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(columnDefinition = "text")
    public String state;

    /** The frozen EventFilter as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String filter;

    @Column(name = "rate_per_second")
    public int ratePerSecond;

    public long matched;

    public long published;

    public long failed;

    public int resumed;

    @Column(name = "cursor_received_at")
    public OffsetDateTime cursorReceivedAt;

    @Column(name = "cursor_id")
    public UUID cursorId;

    @Column(name = "heartbeat_at")
    public OffsetDateTime heartbeatAt;

    @Column(name = "last_error", columnDefinition = "text")
    public String lastError;
}
