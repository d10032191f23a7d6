package io.hookgate.health;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** ReadinessTest against the packaged artifact (jar, or native with -Dnative). */
@QuarkusIntegrationTest
class ReadinessIT extends ReadinessTest {
}
