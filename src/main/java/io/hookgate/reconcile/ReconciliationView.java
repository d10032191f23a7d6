package io.hookgate.reconcile;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A reconcile run as the admin API shows it. Timestamps are ISO-8601 strings in UTC. */
@RegisterForReflection
public record ReconciliationView(String id, String source, String provider, String trigger, String since, String until,
        boolean dryRun, String state, int pages, long found, long missing, long stored, long redeliveriesRequested,
        String error, String startedAt, String finishedAt, int takenOver) {

    public static ReconciliationView of(Reconciliation r) {
        return new ReconciliationView(r.id.toString(), r.source, r.provider, r.trigger, utc(r.since), utc(r.until),
                r.dryRun, r.state, r.pages, r.found, r.missing, r.stored, r.redeliveriesRequested, r.error,
                utc(r.startedAt), utc(r.finishedAt), r.takenOver);
    }

    private static String utc(OffsetDateTime at) {
        return at == null ? null : at.withOffsetSameInstant(ZoneOffset.UTC).toString();
    }
}
