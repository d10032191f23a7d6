package io.hookgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A replay job stores its filter as JSON: jobs stored before routes (no route key) still read, and resume unrouted. */
class EventFilterJsonTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFilterStoredBeforeRoutesReadsWithoutARoute() throws Exception {
        EventFilter.Json stored = JSON.readValue("{\"source\":\"github\",\"type\":null,\"status\":\"PENDING\","
                + "\"since\":null,\"until\":\"2026-12-01T10:00:00Z\",\"dedupKey\":null}", EventFilter.Json.class);
        EventFilter filter = EventFilter.of(stored);
        assertThat(filter.route()).isNull();
        assertThat(filter.source()).isEqualTo("github");
        assertThat(filter.status()).isEqualTo("PENDING");
        assertThat(filter.where().sql()).doesNotContain("destination");
    }

    @Test
    void aRouteRoundTripsAndNarrowsTheMatchToItsDeliveries() throws Exception {
        EventFilter filter = EventFilter.from(key -> switch (key) {
            case "route" -> "fan-a";
            case "status" -> "failed";
            case "since" -> "2026-12-01T10:00:00Z";
            default -> null;
        });
        EventFilter.Json json = JSON.readValue(JSON.writeValueAsString(filter.json()), EventFilter.Json.class);
        assertThat(json.route()).isEqualTo("fan-a");
        assertThat(EventFilter.of(json)).isEqualTo(filter);
        Where where = filter.where();
        assertThat(where.sql()).contains("destination = $2").contains("state = $3").contains("received_at >= $4");
    }

    @Test
    void unroutedCannotGoWithARoute() {
        assertThatThrownBy(() -> EventFilter.from(key -> switch (key) {
            case "route" -> "fan-a";
            case "status" -> "UNROUTED";
            default -> null;
        })).isInstanceOf(BadRequestException.class);
    }
}
