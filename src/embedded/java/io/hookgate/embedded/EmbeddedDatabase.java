package io.hookgate.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.flywaydb.core.Flyway;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL started from Maven-shipped binaries (no Docker), for the local launcher and the tests.
 * It can be stopped and started again on the same port and data directory to simulate an outage.
 * Its first start migrates the schema with Flyway's plain API from the class path's db/migration, the scripts the
 * migrator (migrator/) ships: hookgate itself carries no migration machinery.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final int port;
    private final Path dataDirectory;
    private EmbeddedPostgres postgres;
    private boolean migrated;

    public EmbeddedDatabase(int port, Path dataDirectory) {
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    public synchronized EmbeddedDatabase start() throws IOException {
        if (postgres == null) {
            Ports.requireFree(port, "the embedded PostgreSQL");
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Same durability as production: every commit waits for its WAL flush.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    .start();
        }
        if (!migrated) {
            migrate(jdbcUrl(), "postgres", "postgres");
            migrated = true;
        }
        return this;
    }

    /** Migrates the database at jdbcUrl to the class path's db/migration, as the migrator does in production. */
    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure().dataSource(jdbcUrl, user, password).locations("classpath:db/migration").load().migrate();
    }

    public synchronized void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    public int port() {
        return port;
    }

    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
