package io.hookgate.local;

import java.nio.file.Files;
import java.nio.file.Path;

import io.hookgate.embedded.EmbeddedBroker;
import io.hookgate.embedded.EmbeddedDatabase;
import io.hookgate.embedded.Ports;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Only in the "local" Maven profile: starts a real PostgreSQL and a real AMQP 1.0 broker in-process,
 * then hookgate on top of them (profile "local" in application.properties). Data lives in .hookgate/.
 */
@QuarkusMain
public class LocalMain {

    // Clear of the usual local services: PostgreSQL 5432, RabbitMQ 5672 with its management UI on 15672, Artemis
    // 61616 and 5672. A taken port stops the start with a one-line reason.
    static final int POSTGRES_PORT = Integer.getInteger("hookgate-local.postgres-port", 15432);
    static final int AMQP_PORT = Integer.getInteger("hookgate-local.amqp-port", 16672);

    private static EmbeddedDatabase database;
    private static EmbeddedBroker broker;

    public static void main(String... args) throws Exception {
        try {
            startServers();
        } catch (Ports.PortInUseException e) {
            System.err.println("hookgate local: " + e.getMessage() + ". Stop what uses it, or start with"
                    + " -Dhookgate-local.postgres-port=N / -Dhookgate-local.amqp-port=N.");
            System.exit(1);
        }
        Quarkus.run(args);
    }

    // Dev-mode restarts call main again: the servers are JVM-wide and started once.
    private static synchronized void startServers() throws Exception {
        if (System.getProperty("hookgate-local.started") != null) {
            return;
        }
        Path home = Path.of(System.getProperty("hookgate-local.dir", ".hookgate")).toAbsolutePath();
        Files.createDirectories(home);
        System.out.println("hookgate local: PostgreSQL on 127.0.0.1:" + POSTGRES_PORT + ", AMQP broker on 127.0.0.1:"
                + AMQP_PORT + ", data in " + home);
        database = new EmbeddedDatabase(POSTGRES_PORT, home.resolve("postgres")).start();
        broker = new EmbeddedBroker(AMQP_PORT, home.resolve("artemis")).start();
        // Point hookgate at the ports actually used (system properties outrank application.properties' %local keys).
        System.setProperty("amqp-port", Integer.toString(AMQP_PORT));
        System.setProperty("quarkus.datasource.reactive.url", database.reactiveUrl());
        System.setProperty("hookgate-local.started", "true");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
                database.stop();
            } catch (Exception e) {
                System.err.println("hookgate local: shutdown: " + e);
            }
        }, "hookgate-local-shutdown"));
    }
}
