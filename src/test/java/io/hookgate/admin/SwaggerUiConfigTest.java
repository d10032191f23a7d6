package io.hookgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * Swagger UI (a third-party script bundle, on the console's origin: the management port) is built into the dev and
 * test modes only, never into the production artifact; the OpenAPI document stays. AdminApiIT checks the artifact
 * itself (404 on /q/swagger-ui/, 200 on /q/openapi).
 */
class SwaggerUiConfigTest {

    static Properties applicationProperties() throws IOException {
        Properties p = new Properties();
        try (InputStream in = SwaggerUiConfigTest.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        return p;
    }

    @Test
    void swaggerUiIsNotInTheProductionBuild() throws IOException {
        Properties p = applicationProperties();
        assertThat(p.getProperty("quarkus.swagger-ui.always-include", "false")).isEqualTo("false");
        assertThat(p.stringPropertyNames()).noneMatch(k -> k.matches("%[^.]*prod[^.]*\\.quarkus\\.swagger-ui\\..*"));
        assertThat(p.getProperty("quarkus.smallrye-openapi.management.enabled")).isEqualTo("true");
    }
}
