package io.hookgate.example.handler.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** An embedded Artemis for the handler (profile "artemis" settings), injected as a {@link TestArtemis} field. */
public class ArtemisResource implements QuarkusTestResourceLifecycleManager {

    public static final String ADDRESS = "webhooks.github";

    private TestArtemis broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = new TestArtemis().start();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Artemis did not start", e);
        }
        return Map.of(
                "amqp-host", broker.host(),
                "amqp-port", String.valueOf(broker.port()),
                // No security on the embedded broker: connect anonymously (an empty value unsets the key).
                "amqp-username", "",
                "amqp-password", "",
                "mp.messaging.incoming.webhooks.address", ADDRESS,
                "mp.messaging.incoming.webhooks.capabilities", "queue");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(broker, new TestInjector.MatchesType(TestArtemis.class));
    }

    @Override
    public void stop() {
        try {
            broker.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
