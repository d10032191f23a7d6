package io.hookgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The committed k8s/ manifests (quarkus-kubernetes' output, reviewed; K8sDriftIT and .ci/run keep them equal to
 * what the build generates): every file parses strictly with the fabric8 model and keeps the deployment promises.
 */
class K8sManifestsTest {

    static final Path DIR = Path.of("k8s");

    static List<HasMetadata> objects;

    @BeforeAll
    static void parse() throws IOException {
        objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.sorted().toList()) {
                objects.addAll(Manifests.parseFile(file));
            }
        }
    }

    @Test
    void everyFileIsAKubernetesManifest() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(f -> f.endsWith(".yml"));
        }
        assertThat(Manifests.kinds(objects)).containsExactlyInAnyOrder("Service", "Deployment", "Ingress");
    }

    @Test
    void probesHitTheManagementPortsRealHealthPaths() {
        Container container = Manifests.hookgateContainer(Manifests.one(objects, Deployment.class));
        Map<String, Probe> probes = Map.of("startup", container.getStartupProbe(),
                "liveness", container.getLivenessProbe(), "readiness", container.getReadinessProbe());
        probes.forEach((kind, probe) -> {
            assertThat(probe).as(kind).isNotNull();
            assertThat(probe.getHttpGet().getPath()).as(kind).isEqualTo(Manifests.PROBE_PATHS.get(kind));
            assertThat(probe.getHttpGet().getPort().getIntVal()).as(kind).isEqualTo(9000);
        });
        assertThat(container.getPorts()).extracting("name", "containerPort")
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("http", 8080),
                        org.assertj.core.groups.Tuple.tuple("management", 9000));
    }

    @Test
    void containerHasRequestsAndLimits() {
        Container container = Manifests.hookgateContainer(Manifests.one(objects, Deployment.class));
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    }

    @Test
    void podIsLockedDown() {
        Deployment deployment = Manifests.one(objects, Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = Manifests.hookgateContainer(deployment);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        var security = container.getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        String tmp = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                .orElseThrow().getName();
        assertThat(pod.getVolumes().stream().filter(v -> v.getName().equals(tmp)).findFirst().orElseThrow()
                .getEmptyDir()).isNotNull();
    }

    @Test
    void serviceHasThePublicAndTheManagementPort() {
        Service service = Manifests.one(objects, Service.class);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactlyInAnyOrder(8080, 9000);
        assertThat(service.getSpec().getPorts()).allSatisfy(
                p -> assertThat(p.getTargetPort().getIntVal()).isEqualTo(p.getPort()));
    }

    @Test
    void ingressRoutesOnlyWebhooksToThePublicPort() {
        Ingress ingress = Manifests.one(objects, Ingress.class);
        Service service = Manifests.one(objects, Service.class);
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().stream()
                .flatMap(r -> r.getHttp().getPaths().stream()).toList();
        assertThat(ingress.getSpec().getDefaultBackend()).isNull();
        assertThat(paths).singleElement().satisfies(path -> {
            assertThat(path.getPath()).isEqualTo("/webhooks/");
            assertThat(path.getPathType()).isEqualTo("Prefix");
            assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
            String port = path.getBackend().getService().getPort().getName();
            Map<String, ServicePort> ports = service.getSpec().getPorts().stream()
                    .collect(Collectors.toMap(ServicePort::getName, Function.identity()));
            assertThat(ports.get(port).getPort()).isEqualTo(8080);
        });
        String yaml = new KubernetesSerialization().asYaml(ingress);
        assertThat(yaml).doesNotContain("management").doesNotContain("mgmt").doesNotContain("9000");
    }

    @Test
    void credentialsComeFromSecrets() {
        Container container = Manifests.hookgateContainer(Manifests.one(objects, Deployment.class));
        Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        for (String name : List.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USERNAME", "DB_PASSWORD", "AMQP_HOST",
                "AMQP_PORT", "AMQP_USERNAME", "AMQP_PASSWORD", "HOOKGATE_ADMIN_TOKEN")) {
            assertThat(env.get(name).getValue()).as(name).isNull();
            assertThat(env.get(name).getValueFrom().getSecretKeyRef()).as(name).isNotNull();
        }
        assertThat(env.get("DB_URL").getValue()).isEqualTo("postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)");
        // $(VAR) expands only variables defined earlier in the list.
        List<String> order = container.getEnv().stream().map(EnvVar::getName).toList();
        assertThat(order.indexOf("DB_URL")).isGreaterThan(order.indexOf("DB_HOST"))
                .isGreaterThan(order.indexOf("DB_PORT")).isGreaterThan(order.indexOf("DB_NAME"));
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(from -> assertThat(from.getSecretRef().getName()).isEqualTo("hookgate-sources"));
    }
}
