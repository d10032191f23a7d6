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
    void nativeImageIsBuiltWithMandrelAndRunsNonRootOnAMicroImage() throws IOException {
        List<Stage> stages = stages("Dockerfile.native");
        assertThat(stages).hasSize(2);
        Stage build = stages.get(0);
        assertThat(build.from()).matches("quay\\.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-\\d+ AS build");
        assertThat(build.args("RUN")).anyMatch(run -> run.contains("./mvnw") && run.contains("package")
                && run.contains("-Dnative") && !run.contains("container-build"));
        Stage runtime = stages.get(1);
        assertThat(runtime.from()).matches("quay\\.io/quarkus/ubi9-quarkus-micro-image:[\\d.]+|gcr\\.io/distroless/.*");
        assertRunsAsNonRoot(runtime);
        assertThat(runtime.args("COPY")).singleElement().satisfies(copy -> {
            assertThat(copy).contains("--from=build").contains("target/*-runner");
        });
        assertThat(runtime.args("RUN")).as("nothing runs in the runtime stage").isEmpty();
        assertThat(runtime.args("EXPOSE")).containsExactly("8080 9000");
    }

    @Test
    void jvmImageIsBuiltInsideAndRunsNonRootOnAJre() throws IOException {
        List<Stage> stages = stages("Dockerfile.jvm");
        assertThat(stages).hasSize(2);
        assertThat(stages.get(0).from()).endsWith(" AS build");
        assertThat(stages.get(0).args("RUN")).anyMatch(run -> run.contains("./mvnw") && run.contains("package"));
        Stage runtime = stages.get(1);
        assertThat(runtime.from()).contains("openjdk-21-runtime");
        assertRunsAsNonRoot(runtime);
        assertThat(runtime.args("COPY")).allMatch(copy -> copy.contains("--from=build"));
        assertThat(runtime.args("EXPOSE")).containsExactly("8080 9000");
    }

    @Test
    void buildContextHoldsWhatTheBuildNeedsAndNothingElse() throws IOException {
        List<String> ignore = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(ignore.get(0)).isEqualTo("*");
        assertThat(ignore).contains("!mvnw", "!.mvn/", "!pom.xml", "!src/").doesNotContain("!target/");
    }

    static void assertRunsAsNonRoot(Stage runtime) {
        List<String> users = runtime.args("USER");
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).split(":")[0];
        assertThat(user).as("a numeric UID, so that runAsNonRoot can verify it").matches("\\d+");
        assertThat(Integer.parseInt(user)).isPositive();
    }
}
