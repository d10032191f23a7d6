package io.hookgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * After `package`, quarkus-kubernetes has written target/kubernetes/kubernetes.yml from application.properties
 * and src/main/kubernetes/. k8s/kubernetes.yml is its reviewed, committed copy: they must not differ. To accept
 * a change, review `diff k8s/kubernetes.yml target/kubernetes/kubernetes.yml`, then copy the file over.
 */
class K8sDriftIT {

    @Test
    void committedManifestsAreWhatTheBuildGenerates() throws IOException {
        Path generated = Path.of("target", "kubernetes", "kubernetes.yml");
        Path committed = Path.of("k8s", "kubernetes.yml");
        assertThat(generated).as("run after package").exists();
        assertThat(Files.readString(committed))
                .as("k8s/kubernetes.yml differs from target/kubernetes/kubernetes.yml: review the diff, then "
                        + "cp target/kubernetes/kubernetes.yml k8s/")
                .isEqualTo(Files.readString(generated));
    }
}
