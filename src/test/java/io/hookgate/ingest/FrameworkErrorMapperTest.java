package io.hookgate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.hookgate.request.Problem;

/** Framework errors keep their status and get a reason that says what it was, never a generic bad_request for all. */
class FrameworkErrorMapperTest {

    @Test
    void eachStatusGetsItsOwnReason() {
        Map<Integer, String> expected = Map.of(400, "bad_request", 404, "not_found", 405, "method_not_allowed",
                406, "not_acceptable", 413, "payload_too_large", 415, "unsupported_media_type", 500, "internal_error",
                503, "internal_error", 409, "bad_request");
        expected.forEach((status, reason) -> {
            Response response = new FrameworkErrorMapper().map(new WebApplicationException(status));
            assertThat(response.getStatus()).isEqualTo(status);
            assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) response.getEntity();
            assertThat(body).as("status %d", status).containsEntry("reason", reason).containsEntry("status", status);
        });
    }
}
