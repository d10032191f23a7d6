package io.hookgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The image recipes, read as instructions (no Docker engine here to build them): a build stage that needs no
 * local toolchain, and a minimal non-root runtime stage that gets only the artifact.
 */
class DockerfileTest {

    record Instruction(String keyword, String args) {
    }

    record Stage(String from, List<Instruction> instructions) {

        List<String> args(String keyword) {
            return instructions.stream().filter(i -> i.keyword.equals(keyword)).map(Instruction::args).toList();
        }
    }

    static List<Stage> stages(String file) throws IOException {
        List<Stage> stages = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        for (String line : Files.readAllLines(Path.of(file))) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            String[] parts = logical.toString().split("\\s+", 2);
            logical.setLength(0);
            Instruction instruction = new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : "");
            if (instruction.keyword.equals("FROM")) {
                stages.add(new Stage(instruction.args, new ArrayList<>()));
            } else {
                stages.get(stages.size() - 1).instructions.add(instruction);
            }
        }
        return stages;
    }

    @Test
    void nativeImagesAreBuiltWithMandrelAndRunNonRootOnAMicroImage() throws IOException {
        List<Stage> stages = stages("Dockerfile.native");
        assertThat(stages).hasSize(3);
        Stage build = stages.get(0);
        assertThat(build.from()).matches("quay\\.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-\\d+ AS build");
        // Both binaries: hookgate, and the migrator from migrator/pom.xml.
        assertThat(build.args("RUN")).anyMatch(run -> run.contains("./mvnw") && run.contains("package")
                && run.contains("-Dnative") && !run.contains("container-build")
                && run.contains("-f migrator/pom.xml package -Dnative"));
        assertThat(build.args("COPY")).anyMatch(copy -> copy.endsWith("migrator/src /code/migrator/src"))
                .anyMatch(copy -> copy.endsWith("src /code/src"));
        Stage migrator = stages.get(1);
        assertThat(migrator.from()).matches("quay\\.io/quarkus/ubi9-quarkus-micro-image:[\\d.]+ AS migrator");
        assertRunsAsNonRoot(migrator);
        assertThat(migrator.args("COPY")).singleElement()
                .satisfies(copy -> assertThat(copy).contains("--from=build").contains("/code/migrator/target/*-runner"));
        assertThat(migrator.args("EXPOSE")).isEmpty();
        Stage runtime = stages.get(2);
        assertThat(runtime.from()).matches("quay\\.io/quarkus/ubi9-quarkus-micro-image:[\\d.]+|gcr\\.io/distroless/.*");
        assertRunsAsNonRoot(runtime);
        assertThat(runtime.args("COPY")).singleElement().satisfies(copy -> {
            assertThat(copy).contains("--from=build").contains("/code/target/*-runner");
        });
        assertThat(runtime.args("RUN")).as("nothing runs in the runtime stage").isEmpty();
        assertThat(runtime.args("EXPOSE")).containsExactly("8080 9000");
    }

    @Test
    void jvmImagesAreBuiltInsideAndRunNonRootOnAJre() throws IOException {
        List<Stage> stages = stages("Dockerfile.jvm");
        assertThat(stages).hasSize(3);
        Stage build = stages.get(0);
        assertThat(build.from()).matches("registry\\.access\\.redhat\\.com/ubi9/openjdk-25:[\\d.]+ AS build");
        assertThat(build.args("RUN")).anyMatch(run -> run.contains("./mvnw") && run.contains("verify")
                && run.contains("-f migrator/pom.xml package"));
        Stage migrator = stages.get(1);
        assertThat(migrator.from()).contains("openjdk-25-runtime").endsWith(" AS migrator");
        assertRunsAsNonRoot(migrator);
        assertThat(migrator.args("COPY")).allMatch(copy -> copy.startsWith("--from=build ") && copy.contains(" /code/migrator/target/"));
        Stage runtime = stages.get(2);
        assertThat(runtime.from()).contains("openjdk-25-runtime");
        assertRunsAsNonRoot(runtime);
        assertThat(runtime.args("COPY")).allMatch(copy -> copy.startsWith("--from=build ") && copy.contains(" /code/target/"));
        assertThat(runtime.args("EXPOSE")).containsExactly("8080 9000");
    }

    /**
     * Issue 25, item 4: the JVM image starts from a Leyden AOT cache trained by the integration tests. The cache is
     * only usable by the JDK build that wrote it, so the build and runtime images must be the same JDK release, and
     * the runtime stage proves it with -XX:AOTMode=on (which fails instead of running without the cache).
     */
    @Test
    void jvmImageStartsFromAnAotCacheTrainedByTheIntegrationTests() throws IOException {
        List<Stage> stages = stages("Dockerfile.jvm");
        Stage build = stages.get(0);
        assertThat(build.args("RUN")).anyMatch(run -> run.contains("-Dquarkus.package.jar.aot.enabled=true")
                && run.contains("-Dit.test=") && run.contains("IngestIT") && run.contains("test -s target/quarkus-app/app.aot"));
        Stage runtime = stages.get(2);
        assertThat(runtime.args("COPY")).anyMatch(copy -> copy.endsWith("/code/target/quarkus-app/app.aot /deployments/app.aot"));
        assertThat(runtime.args("RUN")).singleElement().satisfies(run -> assertThat(run)
                .contains("-XX:AOTMode=on").contains("-XX:AOTCache=/deployments/app.aot"));
        assertThat(runtime.args("ENV")).anyMatch(env -> env.startsWith("JAVA_OPTS_APPEND=")
                && env.contains("-XX:AOTCache=/deployments/app.aot"));
        String buildTag = build.from().replaceAll(".*openjdk-25:([\\d.]+).*", "$1");
        assertThat(runtime.from()).as("the runtime's JDK release is the build's").endsWith("openjdk-25-runtime:" + buildTag);
        // The training classes named there exist and run the packaged app (@QuarkusIntegrationTest): a renamed
        // test would fail the image build, and a HookgateProcess test would train nothing.
        String its = build.args("RUN").stream().filter(run -> run.contains("-Dit.test=")).findFirst().orElseThrow()
                .replaceAll(".*-Dit\\.test='([^']*)'.*", "$1");
        List<String> names = List.of(its.split(","));
        assertThat(names).hasSizeGreaterThan(3);
        List<Path> sources;
        try (var files = Files.walk(Path.of("src/test/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        for (String it : names) {
            assertThat(sources).as(it).filteredOn(f -> f.getFileName().toString().equals(it + ".java")).singleElement()
                    .satisfies(f -> assertThat(Files.readString(f)).contains("@QuarkusIntegrationTest"));
        }
    }

    @Test
    void buildContextHoldsWhatTheBuildNeedsAndNothingElse() throws IOException {
        List<String> ignore = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(ignore.get(0)).isEqualTo("*");
        assertThat(ignore).contains("!mvnw", "!.mvn/", "!pom.xml", "!src/", "!migrator/pom.xml", "!migrator/src/")
                .doesNotContain("!target/", "!migrator/", "src/test/");
    }

    static void assertRunsAsNonRoot(Stage runtime) {
        List<String> users = runtime.args("USER");
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).split(":")[0];
        assertThat(user).as("a numeric UID, so that runAsNonRoot can verify it").matches("\\d+");
        assertThat(Integer.parseInt(user)).isPositive();
    }
}
