package io.hookgate.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The packaged migrator (target/quarkus-app, or with -Dnative the executable), run as the Helm chart runs it: as OS
 * processes against a real PostgreSQL, configured only through the env the chart sets.
 */
class MigratorIT {

    static EmbeddedPostgres postgres;

    @TempDir
    static Path logs;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().setPort(freePort()).start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void twoMigratorsAtOnceApplyEachScriptOnceAndBothSucceed() throws Exception {
        String db = createDatabase("two_at_once");
        Process a = migrator(db, "a");
        Process b = migrator(db, "b");
        assertThat(exit(a, "a")).as("migrator a, log:\n" + log("a")).isZero();
        assertThat(exit(b, "b")).as("migrator b, log:\n" + log("b")).isZero();

        List<String> scripts = scripts();
        assertThat(scripts).as("the scripts in db/migration").isNotEmpty();
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            List<String> applied = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT script, success FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
                while (rs.next()) {
                    assertThat(rs.getBoolean(2)).as(rs.getString(1)).isTrue();
                    String script = rs.getString(1);
                    applied.add(script.substring(script.lastIndexOf('/') + 1));
                }
            }
            // Every script of the repository's db/migration, each once: a new V<n> is picked up by the build.
            assertThat(applied).containsExactlyElementsOf(scripts);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
                assertThat(rs.next()).isTrue();
            }
        }
        // One of the two did the work, the other waited on Flyway's lock and found the schema up to date.
        assertThat(log("a") + log("b")).contains(scripts.size() + " migration(s) applied", "0 migration(s) applied");

        Process again = migrator(db, "again");
        assertThat(exit(again, "again")).as(log("again")).isZero();
        assertThat(log("again")).contains("0 migration(s) applied");
    }

    @Test
    void aDatabaseItCannotReachIsANonZeroExit() throws Exception {
        Process p = start("unreachable", "postgresql://127.0.0.1:" + postgres.getPort() + "/no_such_database",
                "-Dquarkus.flyway.connect-retries=0");
        assertThat(exit(p, "unreachable")).as(log("unreachable")).isNotZero();
    }

    static Process migrator(String db, String name) throws IOException {
        return start(name, "postgresql://127.0.0.1:" + postgres.getPort() + "/" + db);
    }

    static Process start(String name, String dbUrl, String... extra) throws IOException {
        List<String> command = new ArrayList<>();
        Path nativeRunner = nativeRunner();
        if (nativeRunner != null) {
            command.add(nativeRunner.toAbsolutePath().toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        command.add("-Xmx64m");
        command.addAll(List.of(extra));
        if (nativeRunner == null) {
            command.add("-jar");
            command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("DB_"));
        builder.environment().put("DB_URL", dbUrl);
        builder.environment().put("DB_USERNAME", "postgres");
        builder.environment().put("DB_PASSWORD", "postgres");
        return builder.start();
    }

    /** The native executable when the build made one (-Dnative), from the artifact record Quarkus writes. */
    static Path nativeRunner() throws IOException {
        Path record = Path.of("target", "quarkus-artifact.properties");
        if (!Files.exists(record)) {
            return null;
        }
        Properties artifact = new Properties();
        try (var in = Files.newInputStream(record)) {
            artifact.load(in);
        }
        return "native".equals(artifact.getProperty("type")) ? Path.of("target", artifact.getProperty("path")) : null;
    }

    static int exit(Process p, String name) throws InterruptedException {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("migrator " + name + " did not exit within 120 s");
        }
        return p.exitValue();
    }

    static String log(String name) throws IOException {
        Path log = logs.resolve(name + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    static List<String> scripts() throws IOException {
        Path dir = Path.of(System.getProperty("migrator.migrations", "../src/main/resources/db/migration"));
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("V") && n.endsWith(".sql"))
                    .sorted((x, y) -> compareVersions(version(x), version(y))).toList();
        }
    }

    static String version(String script) {
        return script.substring(1, script.indexOf("__"));
    }

    static int compareVersions(String x, String y) {
        String[] a = x.split("[._]");
        String[] b = y.split("[._]");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long p = i < a.length ? Long.parseLong(a[i]) : 0;
            long q = i < b.length ? Long.parseLong(b[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    static String createDatabase(String name) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    static Connection connect(String db) throws SQLException {
        return java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + db,
                "postgres", "postgres");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
