package io.hookgate.admin;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A bulk replay job as the admin API shows it. Timestamps are ISO-8601 strings in UTC. */
@RegisterForReflection
public record ReplayJobView(String id, String state, EventFilter.Json filter, long matched, long published, long failed,
        int ratePerSecond, int resumed, String createdAt, String updatedAt, String finishedAt, String lastError) {

    static ReplayJobView of(ReplayJob job, ObjectMapper json) {
        try {
            return new ReplayJobView(job.id.toString(), job.state, json.readValue(job.filter, EventFilter.Json.class),
                    job.matched, job.published, job.failed, job.ratePerSecond, job.resumed, utc(job.createdAt),
                    utc(job.updatedAt), utc(job.finishedAt), job.lastError);
        } catch (IOException e) {
            throw new IllegalStateException("stored replay filter is JSON", e);
        }
    }

    static String utc(OffsetDateTime at) {
        return at == null ? null : at.withOffsetSameInstant(ZoneOffset.UTC).toString();
    }
}
