package io.hookgate.publish;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** PublishTest's HTTP, database and broker scenarios against the packaged artifact (jar, or native with -Dnative). */
@QuarkusIntegrationTest
class PublishIT extends PublishTest {
}
