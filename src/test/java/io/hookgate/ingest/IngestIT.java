package io.hookgate.ingest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** IngestTest's HTTP, database and broker scenarios against the packaged artifact (jar, or native with -Dnative). */
@QuarkusIntegrationTest
class IngestIT extends IngestTest {
}
