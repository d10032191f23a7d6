package io.hookgate.admin;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** AdminApiTest's HTTP, database and broker scenarios against the packaged artifact (jar, or native with -Dnative). */
@QuarkusIntegrationTest
class AdminApiIT extends AdminApiTest {

    /** The production artifact has no Swagger UI: the console's origin serves no third-party script bundle. */
    @Override
    int swaggerUiStatus() {
        return 404;
    }
}
