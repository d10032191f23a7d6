package io.hookgate.publish;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same publish scenarios, with hookgate talking to a real RabbitMQ 3.x. */
@QuarkusTest
@TestProfile(RabbitMq.class)
class RabbitMqPublishTest extends PublishTest {

    @BeforeAll
    static void requireBroker() {
        if (RabbitMq.required()) {
            assertTrue(RabbitMq.reachable(), "RabbitMQ on 127.0.0.1:5672 is required but unreachable");
        }
        assumeTrue(RabbitMq.reachable(), "no RabbitMQ on 127.0.0.1:5672; interop tests skipped");
    }
}
