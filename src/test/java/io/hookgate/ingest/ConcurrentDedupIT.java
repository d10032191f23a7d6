package io.hookgate.ingest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** ConcurrentDedupTest's HTTP, database and broker scenarios against the packaged artifact (jar, or native with -Dnative). */
@QuarkusIntegrationTest
class ConcurrentDedupIT extends ConcurrentDedupTest {
}
