package io.hookgate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The hookgate chart through helm-java, which embeds Helm as a native library: no helm binary is needed.
 * Values files live in src/test/resources/helm. Every render starts from {@link #REQUIRED}, the one value an install
 * must give (the chart has no default database password), so "defaults" means the chart's values plus that; the
 * bare chart is rendered by {@link #templateBare}.
 */
final class Chart {

    static final Path DIR = Path.of("helm", "hookgate");
    static final Path VALUES = Path.of("src", "test", "resources", "helm");
    static final Path FULL = VALUES.resolve("full-values.yaml");
    static final String RELEASE = "hookgate";
    static final String NAMESPACE = "hookgate";
    static final String KUBE_VERSION = "1.31.0";

    private static final YAMLMapper YAML = new YAMLMapper();

    /** What every install must give: the database's Secret (or a password). Laid under every values file. */
    static final String REQUIRED_YAML = """
            database:
              existingSecret: hookgate-db
            """;
    static final Path REQUIRED = required();

    private Chart() {
    }

    /**
     * helm template, with {@link #REQUIRED}, then the values file (none when null: the chart's defaults) and --set
     * pairs.
     */
    static String template(Path valuesFile, Map<String, ?> sets) {
        return template(REQUIRED, valuesFile, sets);
    }

    /** helm template of the chart's own values and --set pairs, without {@link #REQUIRED}. */
    static String templateBare(Map<String, ?> sets) {
        return template(null, null, sets);
    }

    private static String template(Path base, Path valuesFile, Map<String, ?> sets) {
        TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (base != null) {
            template = template.withValuesFile(base.toAbsolutePath());
        }
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile.toAbsolutePath());
        }
        for (Map.Entry<String, ?> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return template.call();
    }

    /** What `helm install` prints, NOTES.txt included: a client-only dry run, no cluster needed. */
    static String installOutput(Path valuesFile) {
        InstallCommand install = new Helm(DIR).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).clientOnly().withDryRunOption(DryRun.CLIENT)
                .withValuesFile(REQUIRED.toAbsolutePath());
        if (valuesFile != null) {
            install = install.withValuesFile(valuesFile.toAbsolutePath());
        }
        return install.call().getOutput();
    }

    /**
     * The chart's hooks (helm.sh/hook objects), which `helm template` through helm-java leaves out: rendered from a
     * copy of the chart whose hook annotations are removed. Tests check those annotations on the template itself.
     */
    static List<HasMetadata> hooks(Path valuesFile) {
        try {
            Path copy = Files.createTempDirectory("hookgate-chart-hooks").resolve("hookgate");
            copyTree(DIR, copy);
            try (Stream<Path> templates = Files.list(copy.resolve("templates"))) {
                for (Path template : (Iterable<Path>) templates::iterator) {
                    String text = Files.readString(template);
                    if (text.contains("helm.sh/hook")) {
                        Files.writeString(template, text.replaceAll("(?m)^\\s*helm\\.sh/hook[-a-z]*:.*\\n", ""));
                    }
                }
            }
            TemplateCommand template = new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION).withValuesFile(REQUIRED.toAbsolutePath());
            if (valuesFile != null) {
                template = template.withValuesFile(valuesFile.toAbsolutePath());
            }
            List<HasMetadata> all = Manifests.parse(template.call(), "hooks of " + valuesFile);
            return all.stream().filter(o -> "Job".equals(o.getKind())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<HasMetadata> render(Path valuesFile, Map<String, ?> sets) {
        return Manifests.parse(template(valuesFile, sets), valuesFile == null ? "default values" : valuesFile.toString());
    }

    static List<HasMetadata> defaults() {
        return render(null, Map.of());
    }

    static List<HasMetadata> full() {
        return render(FULL, Map.of());
    }

    /**
     * helm lint --strict, with {@link #REQUIRED} and the values file (none when null). helm-java's lint takes no
     * values file, so the chart is copied and they are merged over its values.yaml, as `helm lint -f` would.
     */
    static LintResult lint(Path valuesFile) {
        try {
            Path copy = Files.createTempDirectory("hookgate-chart").resolve("hookgate");
            copyTree(DIR, copy);
            ObjectNode values = (ObjectNode) YAML.readTree(DIR.resolve("values.yaml").toFile());
            merge(values, YAML.readTree(REQUIRED.toFile()));
            if (valuesFile != null) {
                merge(values, YAML.readTree(valuesFile.toFile()));
            }
            YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path required() {
        try {
            Path file = Files.createTempFile("hookgate-required-values", ".yaml");
            Files.writeString(file, REQUIRED_YAML);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode values(Path valuesFile) {
        try {
            return YAML.readTree(valuesFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode into, JsonNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode existing = into.get(field.getKey());
            if (existing instanceof ObjectNode target && field.getValue().isObject()) {
                merge(target, field.getValue());
            } else {
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
