package io.hookgate.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.hookgate.embedded.EmbeddedBroker;
import io.hookgate.embedded.EmbeddedDatabase;
import io.hookgate.embedded.Ports;
import io.hookgate.reconcile.FakeGithub;
import io.hookgate.reconcile.FakeStripe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real PostgreSQL and a real AMQP 1.0 broker (Artemis) on free ports for the whole test run, and the fakes
 * of Stripe's and GitHub's APIs that the stripe and github sources reconcile against.
 * Tests reach them through the static accessors to inspect rows and messages, or to cause an outage.
 */
public class EmbeddedServersResource implements QuarkusTestResourceLifecycleManager {

    public static final String GITHUB_HOOK = "repos/acme/widgets/hooks/42";
    public static final String GITHUB_HOOK_PATH = "/" + GITHUB_HOOK;

    private static EmbeddedDatabase database;
    private static EmbeddedBroker broker;
    private static FakeStripe stripe;
    private static FakeGithub github;

    @Override
    public synchronized Map<String, String> start() {
        try {
            if (database == null) {
                Path dir = Files.createTempDirectory("hookgate-test");
                database = new EmbeddedDatabase(Ports.free(), dir.resolve("postgres")).start();
                broker = new EmbeddedBroker(Ports.free(), dir.resolve("artemis")).start();
                stripe = new FakeStripe();
                github = new FakeGithub(GITHUB_HOOK_PATH);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded servers", e);
        }
        Map<String, String> config = new HashMap<>(TestSources.config());
        config.putAll(io.hookgate.route.RouteReceivers.start());
        config.putAll(connectionConfig(database, broker));
        // The fakes serve plain http on loopback; production refuses an http api-url.
        config.put("hookgate.reconcile.allow-insecure-http", "true");
        config.put("hookgate.sources.stripe.reconcile.api-url", stripe.url());
        config.put("hookgate.sources.stripe.reconcile.token", stripe.apiKey());
        config.put("hookgate.sources.github.reconcile.api-url", github.url());
        config.put("hookgate.sources.github.reconcile.token", github.token());
        return config;
    }

    /** The keys that point hookgate at these servers; also used for the reliability suite's own processes. */
    public static Map<String, String> connectionConfig(EmbeddedDatabase database, EmbeddedBroker broker) {
        return connectionConfig(database.reactiveUrl(), broker);
    }

    /** The same, for a PostgreSQL at another address (a fake one in StartOfflineIT). */
    public static Map<String, String> connectionConfig(String reactiveUrl, EmbeddedBroker broker) {
        return Map.of(
                "quarkus.datasource.reactive.url", reactiveUrl,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "amqp-host", "127.0.0.1",
                "amqp-port", Integer.toString(broker.port()));
    }

    @Override
    public void stop() {
        // Kept for the whole JVM: other test classes (and profiles) reuse the same servers.
    }

    public static EmbeddedDatabase database() {
        return database;
    }

    public static EmbeddedBroker broker() {
        return broker;
    }

    /** The fake of Stripe's API that the stripe source reconciles against. */
    public static FakeStripe stripe() {
        return stripe;
    }

    /** The fake of GitHub's API that the github source reconciles against (hook {@link #GITHUB_HOOK_PATH}). */
    public static FakeGithub github() {
        return github;
    }
}
