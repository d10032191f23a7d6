package io.hookgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
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
        assertThat(Manifests.kinds(objects)).containsExactlyInAnyOrder("Service", "Deployment", "Ingress",
                "NetworkPolicy");
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
        // TLS to PostgreSQL (the reactive client) and to the broker.
        assertThat(env.get("AMQP_USE_SSL").getValue()).isEqualTo("true");
        assertThat(env.get("QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE").getValue()).isEqualTo("require");
        assertThat(env.get("QUARKUS_DATASOURCE_REACTIVE_TRUST_ALL").getValue()).isEqualTo("true");
        // hookgate has no JDBC datasource: the migrator, in the init container, has.
        assertThat(env).doesNotContainKey("QUARKUS_DATASOURCE_JDBC_URL");
        assertThat(env.get("DB_URL").getValue()).doesNotContain("?");
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(from -> assertThat(from.getSecretRef().getName()).isEqualTo("hookgate-sources"));
    }

    @Test
    void anInitContainerRunsTheMigratorBeforeHookgateStarts() {
        Deployment deployment = Manifests.one(objects, Deployment.class);
        assertThat(deployment.getSpec().getTemplate().getSpec().getInitContainers()).singleElement().satisfies(c -> {
            assertThat(c.getImage()).contains("hookgate-migrator");
            Map<String, EnvVar> env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
            assertThat(env.get("DB_URL").getValue()).isEqualTo("postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)?sslmode=require");
            assertThat(env.get("DB_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("hookgate-db");
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        });
    }

    @Test
    void networkPolicyAdmitsEachPortFromItsNamespaceOnlyAndLimitsEgress() {
        NetworkPolicy policy = Manifests.one(objects, NetworkPolicy.class);
        Deployment deployment = Manifests.one(objects, Deployment.class);
        Container container = Manifests.hookgateContainer(deployment);
        Map<String, String> selector = policy.getSpec().getPodSelector().getMatchLabels();
        assertThat(selector).isNotEmpty().isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        Set<Integer> containerPorts = container.getPorts().stream().map(ContainerPort::getContainerPort)
                .collect(Collectors.toSet());
        Map<String, Set<Integer>> portsByNamespace = new HashMap<>();
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            assertThat(rule.getFrom()).as("a rule without from admits everyone").isNotEmpty();
            assertThat(rule.getPorts()).as("a rule without ports opens every port").isNotEmpty();
            for (NetworkPolicyPeer peer : rule.getFrom()) {
                assertThat(peer.getIpBlock()).isNull();
                String namespace = peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
                assertThat(namespace).isNotNull();
                rule.getPorts().forEach(p -> portsByNamespace.computeIfAbsent(namespace, k -> new HashSet<>())
                        .add(p.getPort().getIntVal()));
            }
        }
        assertThat(containerPorts).containsAll(portsByNamespace.values().stream().flatMap(Set::stream).toList());
        // The ingress controller reaches the public port only; the admin/management port only from monitoring.
        assertThat(portsByNamespace).containsOnly(Map.entry("ingress-nginx", Set.of(8080)),
                Map.entry("monitoring", Set.of(9000)));
        Set<String> egress = new HashSet<>();
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            assertThat(rule.getPorts()).as("an egress rule without ports opens everything").isNotEmpty();
            rule.getPorts().forEach(p -> egress.add(p.getPort().getIntVal() + "/" + p.getProtocol()));
        }
        // DNS, PostgreSQL, AMQPS (the manifests turn broker TLS on) and HTTPS for the providers' APIs.
        assertThat(egress).containsExactlyInAnyOrder("53/UDP", "53/TCP", "5432/TCP", "5671/TCP", "443/TCP");
    }
}
