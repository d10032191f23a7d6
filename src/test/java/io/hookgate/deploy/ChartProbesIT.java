package io.hookgate.deploy;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** ChartProbesTest against the packaged artifact: the jar here, the native binary wherever -Dnative can build one. */
@QuarkusIntegrationTest
class ChartProbesIT extends ChartProbesTest {
}
