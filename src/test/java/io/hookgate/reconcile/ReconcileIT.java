package io.hookgate.reconcile;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** ReconcileTest's scenarios against the packaged artifact (jar, or native with -Dnative). */
@QuarkusIntegrationTest
class ReconcileIT extends ReconcileTest {
}
