package io.hookgate.reconcile;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One reconcile run of one source over one window: what it read, what was missing, what it did about it. */
@Entity
@Table(name = "reconciliations")
public class Reconciliation extends PanacheEntityBase {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";

    @Id
    public UUID id;

    @Column(columnDefinition = "text")
    public String source;

    /** stripe or github. */
    @Column(columnDefinition = "text")
    public String provider;

    /** scheduled or manual. */
    @Column(columnDefinition = "text")
    public String trigger;

    public OffsetDateTime since;

    public OffsetDateTime until;

    @Column(name = "dry_run")
    public boolean dryRun;

    @Column(columnDefinition = "text")
    public String state;

    /** Pages read from the provider's log. */
    public int pages;

    /** Events (Stripe) or distinct deliveries (GitHub) in the window. */
    public long found;

    /** Of those, not stored for the source. */
    public long missing;

    /** Stripe: missing events this run stored (a webhook may have stored one first). */
    public long stored;

    @Column(name = "redeliveries_requested")
    public long redeliveriesRequested;

    @Column(columnDefinition = "text")
    public String error;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "heartbeat_at")
    public OffsetDateTime heartbeatAt;

    /** How often another replica took the run over after its runner stopped heart-beating. */
    @Column(name = "taken_over")
    public int takenOver;
}
