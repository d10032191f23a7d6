package io.hookgate.admin;

import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One source over the last hour and day: what was accepted (per hour, oldest first, for a chart), rejected by reason,
 * what still waits for the broker, how long publishing took, and its last reconcile run.
 *
 * @param duplicatesHour duplicates answered (200) in the last hour, all replicas (a few seconds behind)
 * @param publishLagP95Seconds the 95th percentile of received-to-published over the last hour; null without events
 */
@RegisterForReflection
public record SourceStats(String source, long acceptedHour, long acceptedDay, List<Long> acceptedPerHour,
        Map<String, Long> rejectedHour, Map<String, Long> rejectedDay, long duplicatesHour, long duplicatesDay, long pending,
        Double publishLagP95Seconds, LastReconciliation lastReconciliation) {

    /** The newest reconcile run of the source, or null when it never reconciled. */
    @RegisterForReflection
    public record LastReconciliation(String id, String state, String startedAt, long missing, String error) {
    }

    public long rejectedHourTotal() {
        return rejectedHour.values().stream().mapToLong(Long::longValue).sum();
    }

    public long rejectedDayTotal() {
        return rejectedDay.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The largest hourly count, at least 1: the chart's scale. */
    public long peakPerHour() {
        return Math.max(1, acceptedPerHour.stream().mapToLong(Long::longValue).max().orElse(0));
    }
}
