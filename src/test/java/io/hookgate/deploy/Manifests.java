package io.hookgate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Parses Kubernetes YAML into the fabric8 model, strictly: every document must map to a typed model class (no
 * unknown apiVersion/kind) and no field may be unknown or of the wrong type. fabric8 keeps such fields in
 * {@code additionalProperties} instead of failing, so every object of the parsed tree is searched for them.
 */
final class Manifests {

    /** The health paths the startup, liveness and readiness probes must call on the management port. */
    static final Map<String, String> PROBE_PATHS = Map.of(
            "startup", "/q/health/started", "liveness", "/q/health/live", "readiness", "/q/health/ready");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    static List<HasMetadata> parseFile(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a multi-document YAML stream, typed and checked. */
    static List<HasMetadata> parse(String yaml, String origin) {
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String where = origin + " " + document.path("kind").asText() + "/"
                        + document.path("metadata").path("name").asText();
                Object parsed = SERIALIZATION.unmarshal(YAML.writeValueAsString(document));
                if (!(parsed instanceof HasMetadata object) || parsed instanceof GenericKubernetesResource) {
                    throw new AssertionError(where + ": no fabric8 model for " + document.path("apiVersion").asText()
                            + " " + document.path("kind").asText());
                }
                List<String> unknown = new ArrayList<>();
                findUnknownFields(object, "", unknown);
                if (!unknown.isEmpty()) {
                    throw new AssertionError(where + ": unknown or mistyped fields " + unknown);
                }
                objects.add(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(origin + " is not YAML", e);
        }
        return objects;
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = all(objects, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    static <T extends HasMetadata> Optional<T> named(List<HasMetadata> objects, Class<T> type, Predicate<String> name) {
        return all(objects, type).stream().filter(o -> name.test(o.getMetadata().getName())).findFirst();
    }

    static List<String> kinds(List<HasMetadata> objects) {
        return objects.stream().map(HasMetadata::getKind).toList();
    }

    static Container hookgateContainer(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("hookgate")).findFirst()
                .orElseThrow(() -> new AssertionError("no container named hookgate"));
    }

    /** Walks the model's getters and collects every non-empty additionalProperties map, with its path. */
    private static void findUnknownFields(Object node, String path, List<String> unknown) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                findUnknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> findUnknownFields(v, path + "." + k, unknown));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            if (!name.startsWith("get") || name.length() == 3 || getter.getReturnType().isPrimitive()) {
                continue;
            }
            Object value = invoke(getter, node);
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add((path.isEmpty() ? "" : path + ".") + extra.keySet());
                }
                continue;
            }
            findUnknownFields(value, path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4), unknown);
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }
}
