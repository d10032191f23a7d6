package io.hookgate.console;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** ConsoleTest against the packaged artifact (jar, or native with -Dnative): templates, assets and sessions there. */
@QuarkusIntegrationTest
class ConsoleIT extends ConsoleTest {
}
