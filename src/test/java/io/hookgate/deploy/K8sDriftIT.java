package io.hookgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * After `package`, quarkus-kubernetes has written target/kubernetes/kubernetes.yml from application.properties
 * and src/main/kubernetes/. k8s/kubernetes.yml is its reviewed, committed copy: they must not differ. To accept
 * a change, review `diff k8s/kubernetes.yml target/kubernetes/kubernetes.yml`, then copy the file over.
 * The comparison is on the parsed objects with container ports sorted: quarkus-kubernetes emits the http and
 * management container ports in an order that varies from build to build.
 */
class K8sDriftIT {

    @Test
    void committedManifestsAreWhatTheBuildGenerates() throws IOException {
        Path generated = Path.of("target", "kubernetes", "kubernetes.yml");
        Path committed = Path.of("k8s", "kubernetes.yml");
        assertThat(generated).as("run after package").exists();
        assertThat(normalized(committed))
                .as("k8s/kubernetes.yml differs from target/kubernetes/kubernetes.yml: review the diff, then "
                        + "cp target/kubernetes/kubernetes.yml k8s/")
                .isEqualTo(normalized(generated));
    }

    static List<Object> normalized(Path manifest) throws IOException {
        List<Object> documents = new ArrayList<>();
        new Yaml().loadAll(Files.readString(manifest)).forEach(doc -> documents.add(sortPorts(doc)));
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Object sortPorts(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, value) -> copy.put(key, sortPorts(value)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.stream().map(K8sDriftIT::sortPorts).toList());
            if (!copy.isEmpty() && copy.stream().allMatch(e -> e instanceof Map<?, ?> m && m.containsKey("containerPort"))) {
                copy.sort(Comparator.comparing(e -> String.valueOf(((Map<?, ?>) e).get("containerPort"))));
            }
            return copy;
        }
        return node;
    }
}
