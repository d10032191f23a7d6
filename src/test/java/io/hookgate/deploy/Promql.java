package io.hookgate.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names that alerts and dashboards may query: what hookgate exports, and kube-state-metrics. */
final class Promql {

    /** Every series hookgate exports on /q/metrics (README "Operating it"). */
    static final Set<String> HOOKGATE_SERIES = Set.of(
            "hookgate_webhooks_received_total",
            "hookgate_webhooks_total",
            "hookgate_webhooks_rejected_total",
            "hookgate_ingest_duration_seconds_bucket",
            "hookgate_ingest_duration_seconds_count",
            "hookgate_ingest_duration_seconds_sum",
            "hookgate_publish_total",
            "hookgate_publish_lag_seconds_bucket",
            "hookgate_publish_lag_seconds_count",
            "hookgate_publish_lag_seconds_sum",
            "hookgate_events_pending",
            "hookgate_ingest_queued",
            "hookgate_ingest_batch_size_events_count",
            "hookgate_ingest_batch_size_events_sum",
            "hookgate_ingest_batch_duration_seconds_count",
            "hookgate_ingest_batch_duration_seconds_sum",
            "hookgate_ingest_batch_duration_seconds_max",
            "hookgate_ingest_inflight_limit",
            "hookgate_rejections_dropped_total",
            "hookgate_storage_partitions_ahead_seconds",
            "hookgate_storage_partitions_kept_pending",
            "hookgate_storage_partitions_created_total",
            "hookgate_storage_partitions_dropped_total",
            "hookgate_reconcile_runs_total",
            "hookgate_reconcile_missing_events_total",
            "hookgate_reconcile_last_success_timestamp_seconds",
            "hookgate_route_deliveries_total",
            "hookgate_route_attempt_seconds_bucket",
            "hookgate_route_attempt_seconds_count",
            "hookgate_route_attempt_seconds_sum",
            "hookgate_route_attempt_seconds_max",
            "hookgate_route_delivery_lag_seconds_bucket",
            "hookgate_route_delivery_lag_seconds_count",
            "hookgate_route_delivery_lag_seconds_sum",
            "hookgate_route_delivery_lag_seconds_max",
            "hookgate_route_backlog",
            "hookgate_route_circuit_state",
            "hookgate_route_inflight",
            "hookgate_events_unrouted_total");

    static final Set<String> KUBE_STATE_METRICS = Set.of("kube_deployment_status_replicas_unavailable");

    private static final Pattern METRIC = Pattern.compile("\\b((?:hookgate|kube)_[a-z_]+)\\b");

    private Promql() {
    }

    /** Whether (), {} and [] pair up, outside quoted strings: what a template slip usually breaks. */
    static boolean balanced(String expr) {
        StringBuilder open = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> quoted = true;
                case '(', '{', '[' -> open.append(c);
                case ')', '}', ']' -> {
                    char expected = c == ')' ? '(' : c == '}' ? '{' : '[';
                    if (open.isEmpty() || open.charAt(open.length() - 1) != expected) {
                        return false;
                    }
                    open.setLength(open.length() - 1);
                }
                default -> {
                }
            }
        }
        return !quoted && open.isEmpty();
    }

    static Set<String> metrics(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
