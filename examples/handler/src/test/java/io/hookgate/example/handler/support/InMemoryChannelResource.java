package io.hookgate.example.handler.support;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

/** The "webhooks" channel on SmallRye's in-memory connector instead of AMQP, dispatched on a Vert.x context. */
public class InMemoryChannelResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(InMemoryConnector.switchIncomingChannelsToInMemory("webhooks"));
        // Hibernate Reactive runs only on a Vert.x context, where the AMQP connector delivers too.
        config.put("mp.messaging.incoming.webhooks.run-on-vertx-context", "true");
        return config;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
