package io.hookgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.hookgate.reliability.HookgateProcess;

/**
 * The serving artifact carries no migration machinery (issue #25): no Flyway, no JDBC driver, no Agroal, no Narayana.
 * The migrator (migrator/) carries them. Reads what the package phase left in target/: the fast-jar's lib/, or for a
 * native build the native-image source jar's lib/ and the executable itself.
 */
class LeanArtifactIT {

    /** Jar names (groupId.artifactId-version.jar in Quarkus' lib/) that must not be packaged. */
    static final Pattern FORBIDDEN_JAR = Pattern.compile(
            "(org\\.flywaydb\\..*|io\\.agroal\\..*|org\\.postgresql\\.postgresql-.*|.*narayana.*|.*quarkus-jdbc-.*"
                    + "|.*quarkus-agroal.*|.*quarkus-flyway.*|org\\.jboss\\.narayana.*)\\.jar");

    /** Class name prefixes that must not be compiled into the native executable. */
    static final List<String> FORBIDDEN_CLASSES = List.of("org.flywaydb.core.", "io.agroal.pool.", "org.postgresql.Driver",
            "com.arjuna.ats.");

    @Test
    void thePackagedAppHasNoFlywayJdbcAgroalOrNarayana() throws IOException {
        Path lib = libDirectory();
        assertThat(lib).as("the packaged app's lib/ (run the package phase first)").isDirectory();
        List<String> jars;
        try (Stream<Path> files = Files.walk(lib)) {
            jars = files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList();
        }
        assertThat(jars).as("jars in " + lib).isNotEmpty()
                .anySatisfy(j -> assertThat(j).contains("vertx-pg-client"))
                .noneMatch(j -> FORBIDDEN_JAR.matcher(j).matches());
    }

    @Test
    void theNativeExecutableHasNoFlywayJdbcAgroalOrNarayanaClasses() throws IOException {
        Path runner = HookgateProcess.nativeRunner();
        if (runner == null) {
            return; // a JVM build: the jar test above decides
        }
        String image = new String(Files.readAllBytes(runner), StandardCharsets.ISO_8859_1);
        assertThat(image).as("the executable's class names").contains("io.vertx.pgclient.");
        for (String forbidden : FORBIDDEN_CLASSES) {
            assertThat(image.contains(forbidden)).as(runner + " contains " + forbidden).isFalse();
        }
    }

    static Path libDirectory() throws IOException {
        Path runner = HookgateProcess.nativeRunner();
        if (runner != null) {
            try (Stream<Path> dirs = Files.list(Path.of("target"))) {
                return dirs.filter(d -> d.getFileName().toString().endsWith("-native-image-source-jar")).findFirst()
                        .map(d -> d.resolve("lib")).orElse(Path.of("target", "native-sources", "lib"));
            }
        }
        return Path.of("target", "quarkus-app", "lib");
    }
}
