package io.hookgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.hookgate.support.EmbeddedServersResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** openapi.yaml and the admin routes describe the same API: every route is documented, every documented path answers. */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class OpenApiContractTest {

    static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    @Inject
    AdminRoutes routes;

    static List<String> documented() throws IOException {
        try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            JsonNode paths = new YAMLMapper().readTree(in).get("paths");
            List<String> operations = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> path = it.next();
                path.getValue().fieldNames().forEachRemaining(method -> {
                    if (METHODS.contains(method)) {
                        operations.add(method.toUpperCase() + " " + path.getKey());
                    }
                });
            }
            return operations;
        }
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() throws IOException {
        assertThat(routes.mounted()).isNotEmpty();
        assertThat(routes.mounted()).containsExactlyInAnyOrderElementsOf(documented());
    }

    @Test
    void everyDocumentedOperationAnswersWithJson() throws IOException {
        for (String operation : documented()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            Response r = AdminApiTest.admin().contentType("application/json").body("{\"dryRun\":true}")
                    .request(method, path);
            assertThat(r.contentType()).as(operation).containsAnyOf("application/json", "application/problem+json");
            if (r.statusCode() == 404) {
                // A route that exists but found no such thing, not a path the router does not know.
                assertThat(r.jsonPath().getString("detail")).as(operation).startsWith("no such ");
            } else {
                assertThat(r.statusCode()).as(operation).isBetween(200, 299);
            }
        }
    }
}
