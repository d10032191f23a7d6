package io.hookgate.admin;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One delivery of an event: the route ('default' for a source's own address), where it goes, its state and counts,
 * and its attempt log (HTTP routes; newest last, each {at, status, ms, outcome, error, response}). destination and
 * kind are null for a route no longer configured.
 */
@RegisterForReflection
public record DeliveryView(String route, String destination, String kind, String state, int attempts, int failures,
        String nextAttemptAt, String deliveredAt, String lastError, int replays, JsonNode attemptLog) {

    /** One attempt of the log, for the console (the API answers the stored JSON as it is). */
    public record Attempt(String at, String status, String ms, String outcome, String error, String response) {
    }

    /** The attempt log as rows, oldest first. */
    public List<Attempt> log() {
        List<Attempt> rows = new ArrayList<>();
        if (attemptLog != null) {
            for (JsonNode a : attemptLog) {
                rows.add(new Attempt(text(a, "at"), text(a, "status"), text(a, "ms"), text(a, "outcome"), text(a, "error"),
                        text(a, "response")));
            }
        }
        return rows;
    }

    private static String text(JsonNode attempt, String field) {
        JsonNode value = attempt.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Whether a "Replay to" of this delivery can do anything (its route is still configured). */
    public boolean replayable() {
        return kind != null;
    }
}
