package io.hookgate.reject;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** Evidence of one refused request: why, from where, redacted headers and the first bytes of the body. */
@Entity
@Table(name = "rejections")
public class Rejection extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Its place in the ring of hookgate.rejections.max-rows slots (RejectionRecorder); read only here. */
    @Column(insertable = false, updatable = false)
    public Long slot;

    @Column(columnDefinition = "text")
    public String source;

    @Column(name = "received_at")
    public OffsetDateTime receivedAt;

    @Column(columnDefinition = "text")
    public String reason;

    @Column(columnDefinition = "text")
    public String detail;

    @Column(name = "remote_address", columnDefinition = "text")
    public String remoteAddress;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String headers;

    @Column(name = "body_excerpt")
    public byte[] bodyExcerpt;

    @Column(name = "body_size")
    public Long bodySize;
}
