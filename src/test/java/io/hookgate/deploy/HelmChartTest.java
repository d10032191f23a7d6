package io.hookgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.LintResult;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * helm lint --strict and helm template of helm/hookgate, on the default values and on a values file that sets
 * everything; every rendered object is parsed strictly with the fabric8 model, then checked for what the chart
 * promises: probes on the management port's real paths, an Ingress that exposes /webhooks/ only, no secret outside
 * a Secret, and a schema that refuses bad values.
 */
class HelmChartTest {

    static List<HasMetadata> defaults;
    static List<HasMetadata> full;
    static JsonNode fullValues;

    @BeforeAll
    static void render() {
        defaults = Chart.defaults();
        full = Chart.full();
        fullValues = Chart.values(Chart.FULL);
    }

    // ---- lint and strict parsing

    @Test
    void lintStrictPassesOnDefaultValues() {
        LintResult lint = Chart.lint(null);
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void lintStrictPassesOnValuesThatSetEverything() {
        LintResult lint = Chart.lint(Chart.FULL);
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void defaultValuesRenderTheMinimalInstall() {
        assertThat(Manifests.kinds(defaults)).containsExactlyInAnyOrder(
                "ServiceAccount", "Secret", "ConfigMap", "Service", "Deployment", "PodDisruptionBudget",
                "NetworkPolicy");
        assertThat(Manifests.one(defaults, Secret.class).getMetadata().getName()).isEqualTo("hookgate-admin");
    }

    @Test
    void valuesThatSetEverythingRenderEveryObject() {
        assertThat(Manifests.kinds(full)).containsExactlyInAnyOrder(
                "ServiceAccount", "Secret", "Secret", "ConfigMap", "ConfigMap", "Service", "Deployment",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "Ingress", "ServiceMonitor",
                "PrometheusRule");
    }

    @Test
    void strictParsingCatchesAMisspeltField() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {app: x}}
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          securityContext: {readOnlyRootFilesytem: true}
                """;
        assertThatThrownBy(() -> Manifests.parse(yaml, "misspelt"))
                .hasMessageContaining("readOnlyRootFilesytem");
    }

    // ---- heap, probe timings, migrations

    static Container container(Map<String, ?> sets) {
        return Manifests.hookgateContainer(Manifests.one(Chart.render(null, sets), Deployment.class));
    }

    static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElse(null);
    }

    @Test
    void theNativeImageIsGivenItsHeapFromTheMemoryLimit() {
        // Defaults: 50 % of a 512Mi limit.
        assertThat(container(Map.of()).getArgs()).containsExactly("-Xmx256m");
        // Full values: 60 % of 384Mi.
        assertThat(Manifests.hookgateContainer(Manifests.one(full, Deployment.class)).getArgs())
                .containsExactly("-Xmx230m");
        Map<String, String> heapOfLimit = Map.of("1Gi", "-Xmx512m", "1.5Gi", "-Xmx768m", "1G", "-Xmx476m",
                "800M", "-Xmx381m", "268435456", "-Xmx128m");
        heapOfLimit.forEach((limit, xmx) -> assertThat(
                container(Map.of("resources.limits.memory", limit)).getArgs()).as(limit).containsExactly(xmx));
        assertThat(env(container(Map.of()), "JAVA_MAX_MEM_RATIO")).isNull();
    }

    @Test
    void theJvmImageSizesItsHeapItselfFromTheSamePercentage() {
        Container jvm = container(Map.of("image.flavor", "jvm", "heap.percentOfLimit", 70));
        assertThat(jvm.getArgs()).isEmpty();
        assertThat(env(jvm, "JAVA_MAX_MEM_RATIO")).isEqualTo("70");
    }

    @Test
    void aHeapTooSmallForTheLimitIsRefused() {
        assertThatThrownBy(() -> Chart.template(null, Map.of("resources.limits.memory", "48Mi")))
                .hasMessageContaining("leaves 24 MiB of heap");
    }

    @Test
    void probesFitAStartMeasuredInMilliseconds() {
        Container container = container(Map.of());
        assertThat(container.getStartupProbe().getPeriodSeconds()).isEqualTo(1);
        assertThat(container.getStartupProbe().getInitialDelaySeconds()).isNull();
        assertThat(container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold())
                .as("startup budget, s, for migrations at start").isGreaterThanOrEqualTo(60);
        assertThat(container.getReadinessProbe().getPeriodSeconds()).isLessThanOrEqualTo(2);
    }

    @Test
    void migrationsRunAtStartByDefaultInTheMigratorInitContainer() {
        assertThat(Chart.hooks(null)).isEmpty();
        Deployment deployment = Manifests.one(defaults, Deployment.class);
        Container hookgate = Manifests.hookgateContainer(deployment);
        // hookgate itself has no Flyway: no migration key, no JDBC datasource of its own to configure.
        assertThat(env(hookgate, "QUARKUS_FLYWAY_MIGRATE_AT_START")).isNull();
        assertThat(deployment.getSpec().getTemplate().getSpec().getInitContainers()).singleElement().satisfies(init -> {
            assertThat(init.getName()).isEqualTo("migrate");
            assertThat(init.getImage()).isEqualTo("ghcr.io/hookgate/hookgate-migrator:0.1.0-SNAPSHOT");
            assertThat(init.getArgs()).containsExactly("-Xmx64m");
            assertThat(init.getEnv()).extracting(EnvVar::getName).contains("DB_URL", "DB_USERNAME", "DB_PASSWORD");
            assertThat(init.getEnv()).extracting(EnvVar::getName).doesNotContain("QUARKUS_INIT_AND_EXIT",
                    "QUARKUS_FLYWAY_MIGRATE_AT_START");
            assertThat(init.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(init.getResources().getLimits().get("memory").toString()).isEqualTo("160Mi");
        });
    }

    @Test
    void withoutMigrationsAtStartAHookJobRunsTheMigratorOnceAndThePodsHaveNoInitContainer() throws IOException {
        // The full values set migrations.atStart=false.
        List<HasMetadata> objects = full;
        Job job = Manifests.one(Chart.hooks(Chart.FULL), Job.class);
        assertThat(Files.readString(Chart.DIR.resolve("templates/migration-job.yaml")))
                .contains("helm.sh/hook: pre-install,pre-upgrade");
        Container migrate = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(migrate.getImage()).startsWith("ghcr.io/hookgate/hookgate-migrator:");
        assertThat(migrate.getEnv()).extracting(EnvVar::getName).contains("DB_URL", "DB_USERNAME", "DB_PASSWORD");
        assertThat(migrate.getArgs()).containsExactly("-Xmx64m");
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
        assertThat(migrate.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        // Neither the Service nor the PodDisruptionBudget may select the Job's pod.
        Map<String, String> podLabels = job.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> selector = Manifests.one(objects, Service.class).getSpec().getSelector();
        assertThat(podLabels.entrySet().containsAll(selector.entrySet())).as("%s selected by %s", podLabels, selector)
                .isFalse();
        assertThat(Manifests.one(objects, Deployment.class).getSpec().getTemplate().getSpec().getInitContainers())
                .isEmpty();
    }

    @Test
    void theMigratorImageFollowsHookgatesTagUnlessPinned() {
        Deployment tagged = Manifests.one(Chart.render(null, Map.of("image.tag", "1.2.3")), Deployment.class);
        assertThat(tagged.getSpec().getTemplate().getSpec().getInitContainers().get(0).getImage())
                .isEqualTo("ghcr.io/hookgate/hookgate-migrator:1.2.3");
        String digest = "sha256:" + "ab".repeat(32);
        Deployment pinned = Manifests.one(
                Chart.render(null, Map.of("image.tag", "1.2.3", "migrations.image.digest", digest)), Deployment.class);
        assertThat(pinned.getSpec().getTemplate().getSpec().getInitContainers().get(0).getImage())
                .isEqualTo("ghcr.io/hookgate/hookgate-migrator@" + digest);
    }

    // ---- probes, ports, resources, security

    @Test
    void probesHitTheManagementPortsRealHealthPaths() {
        for (List<HasMetadata> objects : List.of(defaults, full)) {
            Container container = Manifests.hookgateContainer(Manifests.one(objects, Deployment.class));
            Map<String, Probe> probes = Map.of("startup", container.getStartupProbe(),
                    "liveness", container.getLivenessProbe(), "readiness", container.getReadinessProbe());
            probes.forEach((kind, probe) -> {
                assertThat(probe).as(kind).isNotNull();
                assertThat(probe.getHttpGet().getPath()).as(kind).isEqualTo(Manifests.PROBE_PATHS.get(kind));
                assertThat(containerPort(container, probe.getHttpGet().getPort().getStrVal())).as(kind).isEqualTo(9000);
            });
        }
    }

    @Test
    void serviceHasThePublicAndTheManagementPortAndIsClusterInternal() {
        for (List<HasMetadata> objects : List.of(defaults, full)) {
            Service service = Manifests.one(objects, Service.class);
            Container container = Manifests.hookgateContainer(Manifests.one(objects, Deployment.class));
            assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
            Map<String, ServicePort> ports = service.getSpec().getPorts().stream()
                    .collect(Collectors.toMap(ServicePort::getName, Function.identity()));
            assertThat(ports).containsOnlyKeys("http", "management");
            assertThat(ports.get("http").getPort()).isEqualTo(8080);
            assertThat(containerPort(container, ports.get("http").getTargetPort().getStrVal())).isEqualTo(8080);
            assertThat(ports.get("management").getPort()).isEqualTo(9000);
            assertThat(containerPort(container, ports.get("management").getTargetPort().getStrVal())).isEqualTo(9000);
        }
    }

    @Test
    void containerHasRequestsAndLimits() {
        Container byDefault = Manifests.hookgateContainer(Manifests.one(defaults, Deployment.class));
        assertThat(byDefault.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(byDefault.getResources().getLimits()).containsKeys("cpu", "memory");
        Container custom = Manifests.hookgateContainer(Manifests.one(full, Deployment.class));
        assertThat(custom.getResources().getRequests().get("memory").toString()).isEqualTo("192Mi");
        assertThat(custom.getResources().getLimits().get("cpu").toString()).isEqualTo("2");
    }

    @Test
    void podIsLockedDown() {
        for (List<HasMetadata> objects : List.of(defaults, full)) {
            PodSpec pod = Manifests.one(objects, Deployment.class).getSpec().getTemplate().getSpec();
            Container container = Manifests.hookgateContainer(Manifests.one(objects, Deployment.class));
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            var security = container.getSecurityContext();
            assertThat(security.getRunAsNonRoot()).isTrue();
            assertThat(security.getReadOnlyRootFilesystem()).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).isFalse();
            assertThat(security.getPrivileged()).isFalse();
            assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            // The read-only root needs a writable /tmp (Vert.x' file cache), from an emptyDir.
            String tmp = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                    .findFirst().orElseThrow().getName();
            assertThat(pod.getVolumes().stream().filter(v -> v.getName().equals(tmp)).findFirst().orElseThrow()
                    .getEmptyDir()).isNotNull();
        }
        PodSpec custom = Manifests.one(full, Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(custom.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(custom.getSecurityContext().getFsGroup()).isEqualTo(10001L);
    }

    // ---- Ingress

    @Test
    void ingressRoutesOnlyWebhooksToThePublicPort() {
        Ingress ingress = Manifests.one(full, Ingress.class);
        Service service = Manifests.one(full, Service.class);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getDefaultBackend()).isNull();
        assertThat(ingress.getSpec().getRules()).hasSize(1);
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("hooks.example.com");
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        assertThat(paths).hasSize(1);
        HTTPIngressPath path = paths.get(0);
        assertThat(path.getPath()).isEqualTo("/webhooks/");
        assertThat(path.getPathType()).isEqualTo("Prefix");
        assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
        String portName = path.getBackend().getService().getPort().getName();
        ServicePort target = service.getSpec().getPorts().stream().filter(p -> p.getName().equals(portName))
                .findFirst().orElseThrow();
        assertThat(target.getPort()).isEqualTo(8080);
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts()).containsExactly("hooks.example.com");
            assertThat(tls.getSecretName()).isEqualTo("hooks-example-com-tls");
        });
    }

    @Test
    void managementPortIsNotInTheIngress() {
        String ingress = new KubernetesSerialization().asYaml(Manifests.one(full, Ingress.class));
        assertThat(ingress).doesNotContain("management").doesNotContain("9000").doesNotContain("/q/")
                .doesNotContain("/admin");
        assertThat(Manifests.all(defaults, Ingress.class)).as("no Ingress unless enabled").isEmpty();
    }

    // ---- secrets

    @Test
    void secretsAreNeverInlinedAsPlainValues() {
        Set<String> markers = secretMarkers();
        assertThat(markers).hasSizeGreaterThanOrEqualTo(5);
        KubernetesSerialization yaml = new KubernetesSerialization();
        for (HasMetadata object : full) {
            if (object instanceof Secret) {
                continue;
            }
            String text = yaml.asYaml(object);
            for (String marker : markers) {
                assertThat(text).as(object.getKind() + "/" + object.getMetadata().getName()).doesNotContain(marker);
            }
        }
        // Every credential reaches the container through a secretKeyRef, never as a value.
        Container container = Manifests.hookgateContainer(Manifests.one(full, Deployment.class));
        Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        for (String name : List.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USERNAME", "DB_PASSWORD", "AMQP_HOST",
                "AMQP_PORT", "AMQP_USERNAME", "AMQP_PASSWORD", "HOOKGATE_ADMIN_TOKEN",
                "HOOKGATE_SOURCE_GITHUB_SECRETS", "HOOKGATE_SOURCE_STRIPE_SECRETS", "HOOKGATE_SOURCE_TWILIO_SECRETS",
                "HOOKGATE_SOURCE_PARTNER_HMAC_SECRETS", "HOOKGATE_SOURCE_GITLAB_SECRETS",
                "HOOKGATE_SOURCE_GITHUB_RECONCILE_TOKEN", "HOOKGATE_SOURCE_STRIPE_RECONCILE_TOKEN",
                "HOOKGATE_ROUTE_BILLING_SIGNING_SECRET", "HOOKGATE_ROUTE_BILLING_HEADER_AUTHORIZATION",
                "HOOKGATE_ROUTE_CRM_SIGNING_SECRET", "HOOKGATE_ROUTE_CRM_HEADER_X_API_KEY")) {
            assertThat(env).as(name).containsKey(name);
            assertThat(env.get(name).getValue()).as(name).isNull();
            assertThat(env.get(name).getValueFrom().getSecretKeyRef()).as(name).isNotNull();
        }
        assertThat(env).doesNotContainKey("HOOKGATE_SOURCE_INTERNAL_TEST_SECRETS");
        for (EnvVar var : container.getEnv()) {
            if (var.getName().matches(".*(PASSWORD|TOKEN|SECRET|USERNAME).*")) {
                assertThat(var.getValue()).as(var.getName()).isNull();
            }
        }
        // Existing Secrets are referenced as given; inline values land in the chart's Secret.
        assertThat(env.get("HOOKGATE_SOURCE_GITHUB_SECRETS").getValueFrom().getSecretKeyRef())
                .satisfies(ref -> {
                    assertThat(ref.getName()).isEqualTo("github-webhook");
                    assertThat(ref.getKey()).isEqualTo("secret");
                });
        assertThat(env.get("DB_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("pg-app");
        assertThat(env.get("DB_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("pgpassword");
        assertThat(env.get("DB_URL").getValue()).isEqualTo("postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)?sslmode=require");
        Secret sources = Manifests.named(full, Secret.class, n -> n.equals("hookgate-sources")).orElseThrow();
        assertThat(decode(sources)).containsOnly(
                Map.entry("stripe", "whsec_MARKER_stripe_inline_secret"),
                Map.entry("stripe.reconcile-token", "rk_test_MARKER_stripe_reconcile_key"),
                Map.entry("twilio", "MARKER-twilio-auth-token"),
                Map.entry("partner-hmac", "MARKER-old-hmac,MARKER-new-hmac"),
                Map.entry("route.billing.signing-secret", "whsec_MARKER_billing_signing_secret"),
                Map.entry("route.billing.header.Authorization", "Bearer MARKER-billing-token"));
        assertThat(env.get("HOOKGATE_SOURCE_STRIPE_SECRETS").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("hookgate-sources");
        Secret admin = Manifests.named(full, Secret.class, n -> n.equals("hookgate-admin")).orElseThrow();
        assertThat(decode(admin)).containsOnly(Map.entry("token", "MARKER-admin-token-0123456789abcdef"));
    }

    @Test
    void sourcesFileReferencesSecretsOnlyThroughEnvVars() throws IOException {
        Properties file = sourcesFile(full);
        assertThat(file).containsEntry("hookgate.sources.github.scheme", "github")
                .containsEntry("hookgate.sources.github.secrets", "${HOOKGATE_SOURCE_GITHUB_SECRETS}")
                .containsEntry("hookgate.sources.github.max-body-size", "2M")
                .containsEntry("hookgate.sources.stripe.secrets", "${HOOKGATE_SOURCE_STRIPE_SECRETS}")
                .containsEntry("hookgate.sources.stripe.tolerance", "3m")
                .containsEntry("hookgate.sources.stripe.id-json-pointer", "/id")
                .containsEntry("hookgate.sources.twilio.public-url", "https://hooks.example.com/webhooks/twilio")
                .containsEntry("hookgate.sources.partner-hmac.secrets", "${HOOKGATE_SOURCE_PARTNER_HMAC_SECRETS}")
                .containsEntry("hookgate.sources.partner-hmac.signed-content", "{header:X-Partner-Timestamp}.{body}")
                .containsEntry("hookgate.sources.partner-hmac.prefix", "sha512=")
                .containsEntry("hookgate.sources.gitlab.header", "X-Gitlab-Token")
                .containsEntry("hookgate.sources.internal-test.scheme", "none")
                .doesNotContainKey("hookgate.sources.internal-test.secrets")
                .containsEntry("hookgate.publish.address-prefix", "tenant-a.")
                .containsEntry("hookgate.ingest.batch-size", "512");
        Container container = Manifests.hookgateContainer(Manifests.one(full, Deployment.class));
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("QUARKUS_CONFIG_LOCATIONS");
            assertThat(e.getValue()).isEqualTo("/etc/hookgate/hookgate.properties");
        });
        assertThat(container.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/hookgate");
            assertThat(m.getReadOnly()).isTrue();
        });
    }

    @Test
    void generatedAdminTokenIsStoredInASecret() {
        Secret admin = Manifests.one(defaults, Secret.class);
        assertThat(decode(admin).get("token")).hasSize(48);
        Container container = Manifests.hookgateContainer(Manifests.one(defaults, Deployment.class));
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("HOOKGATE_ADMIN_TOKEN");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hookgate-admin");
        });
        List<HasMetadata> existing = Chart.render(null, Map.of("admin.existingSecret", "ops-admin-token",
                "admin.existingSecretKey", "bearer"));
        assertThat(Manifests.all(existing, Secret.class)).isEmpty();
        EnvVar token = Manifests.hookgateContainer(Manifests.one(existing, Deployment.class)).getEnv().stream()
                .filter(e -> e.getName().equals("HOOKGATE_ADMIN_TOKEN")).findFirst().orElseThrow();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("ops-admin-token");
        assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("bearer");
    }

    // ---- database password and transport security

    static Map<String, EnvVar> envByName(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    static String value(Map<String, EnvVar> env, String name) {
        EnvVar var = env.get(name);
        return var == null ? null : var.getValue();
    }

    @Test
    void withoutADatabasePasswordOrSecretTheChartDoesNotRender() {
        // The chart's own values name no Secret and no password: nothing to fall back on.
        assertThatThrownBy(() -> Chart.templateBare(Map.of()))
                .hasMessageContaining("database: no password given")
                .hasMessageContaining("database.existingSecret").hasMessageContaining("database.password");
        assertThatThrownBy(() -> Chart.templateBare(Map.of("database.password", "")))
                .hasMessageContaining("database: no password given");
        // Either one is enough.
        assertThat(Chart.templateBare(Map.of("database.existingSecret", "pg-app"))).contains("name: pg-app");
        assertThat(Chart.templateBare(Map.of("database.password", "MARKER-db-password", "database.host", "pg.db")))
                .contains("kind: Deployment");
        // A password needs its host.
        assertThatThrownBy(() -> Chart.templateBare(Map.of("database.password", "MARKER-db-password")))
                .hasMessageContaining("database.host is empty");
    }

    @Test
    void anInlineDatabasePasswordIsStoredInTheChartsSecretOnly() {
        List<HasMetadata> objects = Chart.render(null, Map.of("database.existingSecret", "",
                "database.password", "MARKER-db-password", "database.host", "pg.db.svc", "database.port", 6432,
                "database.dbname", "hooks", "database.username", "hooks_app"));
        Secret db = Manifests.named(objects, Secret.class, n -> n.equals("hookgate-db")).orElseThrow();
        assertThat(decode(db)).containsOnly(Map.entry("password", "MARKER-db-password"));
        Map<String, EnvVar> env = envByName(Manifests.hookgateContainer(Manifests.one(objects, Deployment.class)));
        assertThat(env.get("DB_PASSWORD").getValue()).isNull();
        assertThat(env.get("DB_PASSWORD").getValueFrom().getSecretKeyRef()).satisfies(ref -> {
            assertThat(ref.getName()).isEqualTo("hookgate-db");
            assertThat(ref.getKey()).isEqualTo("password");
        });
        assertThat(value(env, "DB_HOST")).isEqualTo("pg.db.svc");
        assertThat(value(env, "DB_PORT")).isEqualTo("6432");
        assertThat(value(env, "DB_NAME")).isEqualTo("hooks");
        assertThat(value(env, "DB_USERNAME")).isEqualTo("hooks_app");
        KubernetesSerialization yaml = new KubernetesSerialization();
        objects.stream().filter(o -> !(o instanceof Secret)).forEach(o -> assertThat(yaml.asYaml(o))
                .as(o.getKind()).doesNotContain("MARKER-db-password"));
        // The pods roll when it changes.
        assertThat(Manifests.one(objects, Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("checksum/database-secret");
        // The migration hook runs before the chart's Secret exists: refused rather than a Job that cannot start.
        assertThatThrownBy(() -> Chart.template(null, Map.of("database.existingSecret", "",
                "database.password", "MARKER-db-password", "database.host", "pg.db.svc", "migrations.atStart", false)))
                .hasMessageContaining("database.password cannot be used with migrations.atStart=false");
        // With an existing Secret, the chart creates none.
        assertThat(Manifests.named(defaults, Secret.class, n -> n.endsWith("-db"))).isEmpty();
    }

    @Test
    void defaultsConnectToPostgresqlAndTheBrokerOverTls() {
        Map<String, EnvVar> env = envByName(Manifests.hookgateContainer(Manifests.one(defaults, Deployment.class)));
        // sslmode in the URL: both the reactive client and Flyway's JDBC URL (jdbc:${reactive url}) read it.
        assertThat(value(env, "DB_URL")).isEqualTo("postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)?sslmode=require");
        assertThat(value(env, "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE")).isEqualTo("require");
        // require without a CA: encrypted, not authenticated (what require means to libpq and to the JDBC driver).
        assertThat(value(env, "QUARKUS_DATASOURCE_REACTIVE_TRUST_ALL")).isEqualTo("true");
        assertThat(env).doesNotContainKeys("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM", "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM");
        assertThat(value(env, "AMQP_USE_SSL")).isEqualTo("true");
        // The migration Job connects the same way.
        Container migrate = Manifests.one(Chart.hooks(Chart.FULL), Job.class).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(env(migrate, "DB_URL")).endsWith("?sslmode=require");
        assertThat(env(migrate, "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE")).isEqualTo("require");
        // NOTES say what is and is not checked.
        assertThat(Chart.installOutput(null)).contains("PostgreSQL: TLS, sslmode=require (no CA given")
                .contains("AMQP broker: TLS").doesNotContain("WARNING");
    }

    @Test
    void aCaMakesBothDriversCheckTheDatabaseServer() {
        Map<String, Object> sets = Map.of("database.tls.mode", "verify-full", "database.tls.ca.secretName", "pg-ca");
        List<HasMetadata> objects = Chart.render(null, sets);
        Deployment deployment = Manifests.one(objects, Deployment.class);
        Container container = Manifests.hookgateContainer(deployment);
        Map<String, EnvVar> env = envByName(container);
        assertThat(value(env, "DB_URL")).isEqualTo("postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)?sslmode=verify-full");
        assertThat(value(env, "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE")).isEqualTo("verify-full");
        assertThat(value(env, "QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM")).isEqualTo("true");
        assertThat(value(env, "QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS"))
                .isEqualTo("/etc/hookgate-tls/database/ca.crt");
        assertThat(value(env, "QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM")).isEqualTo("HTTPS");
        assertThat(env).doesNotContainKey("QUARKUS_DATASOURCE_REACTIVE_TRUST_ALL");
        // Flyway's JDBC driver gets the CA in its own URL; the reactive client would send the parameter to the server.
        assertThat(value(env, "QUARKUS_DATASOURCE_JDBC_URL"))
                .isEqualTo("jdbc:$(DB_URL)&sslrootcert=/etc/hookgate-tls/database/ca.crt");
        List<String> order = container.getEnv().stream().map(EnvVar::getName).toList();
        assertThat(order.indexOf("QUARKUS_DATASOURCE_JDBC_URL")).isGreaterThan(order.indexOf("DB_URL"));
        // The CA is mounted read-only from the Secret, at the path the env names.
        var volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("database-ca")).findFirst().orElseThrow();
        assertThat(volume.getSecret().getSecretName()).isEqualTo("pg-ca");
        assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
            assertThat(item.getKey()).isEqualTo("ca.crt");
            assertThat(item.getPath()).isEqualTo("ca.crt");
        });
        assertThat(container.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("database-ca");
            assertThat(m.getMountPath()).isEqualTo("/etc/hookgate-tls/database");
            assertThat(m.getReadOnly()).isTrue();
        });
        // From a ConfigMap, with mode verify-ca: no host name check.
        Deployment fromConfigMap = Manifests.one(Chart.render(null, Map.of("database.tls.mode", "verify-ca",
                "database.tls.ca.configMapName", "pg-ca-bundle", "database.tls.ca.key", "root.pem")), Deployment.class);
        assertThat(fromConfigMap.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("database-ca");
            assertThat(v.getConfigMap().getName()).isEqualTo("pg-ca-bundle");
        });
        Map<String, EnvVar> verifyCa = envByName(Manifests.hookgateContainer(fromConfigMap));
        assertThat(value(verifyCa, "QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS"))
                .isEqualTo("/etc/hookgate-tls/database/root.pem");
        assertThat(verifyCa).doesNotContainKey("QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM");
        // Checking the server needs a CA to check it against.
        assertThatThrownBy(() -> Chart.template(null, Map.of("database.tls.mode", "verify-full")))
                .hasMessageContaining("database.tls.mode=verify-full checks the server's certificate against a CA");
        assertThatThrownBy(() -> Chart.template(null, Map.of("database.tls.ca.secretName", "a",
                "database.tls.ca.configMapName", "b"))).hasMessageContaining("/database/tls/ca");
    }

    @Test
    void theMigrationJobMountsTheDatabaseCaToo() throws IOException {
        Path values = Files.createTempFile("hookgate-ca", ".yaml");
        Files.writeString(values, """
                database:
                  existingSecret: pg-app
                  tls: {mode: verify-full, ca: {secretName: pg-ca}}
                migrations:
                  atStart: false
                """);
        PodSpec pod = Manifests.one(Chart.hooks(values), Job.class).getSpec().getTemplate().getSpec();
        assertThat(env(pod.getContainers().get(0), "QUARKUS_DATASOURCE_JDBC_URL")).contains("sslrootcert=");
        assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting("name").contains("database-ca");
        assertThat(pod.getVolumes()).extracting("name").contains("database-ca");
    }

    @Test
    void tlsCanBeSwitchedOffExplicitly() {
        List<HasMetadata> objects = Chart.render(null, Map.of("database.tls.enabled", false, "broker.tls.enabled", false,
                // A CA given but TLS off: ignored.
                "database.tls.ca.secretName", "pg-ca"));
        Container container = Manifests.hookgateContainer(Manifests.one(objects, Deployment.class));
        Map<String, EnvVar> env = envByName(container);
        assertThat(value(env, "DB_URL")).isEqualTo("postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)?sslmode=disable");
        assertThat(value(env, "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE")).isEqualTo("disable");
        assertThat(env).doesNotContainKeys("QUARKUS_DATASOURCE_REACTIVE_TRUST_ALL",
                "QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM", "QUARKUS_DATASOURCE_JDBC_URL");
        assertThat(container.getVolumeMounts()).extracting("name").doesNotContain("database-ca");
        assertThat(value(env, "AMQP_USE_SSL")).isEqualTo("false");
        // The deprecated broker.useSsl still decides when set.
        assertThat(env(container(Map.of("broker.useSsl", false)), "AMQP_USE_SSL")).isEqualTo("false");
        assertThat(env(container(Map.of("broker.useSsl", true, "broker.tls.enabled", false)), "AMQP_USE_SSL"))
                .isEqualTo("true");
        assertThat(env(Manifests.hookgateContainer(Manifests.one(full, Deployment.class)), "AMQP_USE_SSL"))
                .isEqualTo("true");
    }

    @Test
    void databaseParamsCannotContradictTheTlsMode() {
        assertThat(env(container(Map.of("database.params", "connect_timeout=10&application_name=hookgate")), "DB_URL"))
                .isEqualTo("postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)?sslmode=require&connect_timeout=10"
                        + "&application_name=hookgate");
        // The same sslmode is not repeated (the full values still say sslmode=require, as before).
        assertThat(env(container(Map.of("database.params", "sslmode=require&connect_timeout=10")), "DB_URL"))
                .isEqualTo("postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)?sslmode=require&connect_timeout=10");
        assertThatThrownBy(() -> Chart.template(null, Map.of("database.params", "sslmode=disable")))
                .hasMessageContaining("database.params sets sslmode=disable but database.tls makes it sslmode=require");
        assertThatThrownBy(() -> Chart.template(null, Map.of("database.params", "sslmode=prefer",
                "database.tls.enabled", false))).hasMessageContaining("makes it sslmode=disable");
    }

    @Test
    void aBrokerTrustStoreReachesTheNativeExecutableAndTheJvm() {
        Map<String, Object> sets = Map.of("broker.tls.trustStore.secretName", "amqp-trust",
                "broker.tls.trustStore.passwordKey", "password");
        Deployment deployment = Manifests.one(Chart.render(null, sets), Deployment.class);
        Container container = Manifests.hookgateContainer(deployment);
        assertThat(container.getArgs()).containsExactly("-Xmx256m",
                "-Djavax.net.ssl.trustStore=/etc/hookgate-tls/broker/truststore.p12",
                "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-Djavax.net.ssl.trustStorePassword=$(AMQP_TRUST_STORE_PASSWORD)");
        assertThat(envByName(container).get("AMQP_TRUST_STORE_PASSWORD").getValueFrom().getSecretKeyRef())
                .satisfies(ref -> {
                    assertThat(ref.getName()).isEqualTo("amqp-trust");
                    assertThat(ref.getKey()).isEqualTo("password");
                });
        assertThat(container.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("broker-trust-store");
            assertThat(m.getMountPath()).isEqualTo("/etc/hookgate-tls/broker");
        });
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("broker-trust-store");
            assertThat(v.getSecret().getSecretName()).isEqualTo("amqp-trust");
        });
        Map<String, Object> jvm = new HashMap<>(sets);
        jvm.put("image.flavor", "jvm");
        Container onJvm = container(jvm);
        assertThat(onJvm.getArgs()).isEmpty();
        assertThat(env(onJvm, "JAVA_TOOL_OPTIONS")).isEqualTo("-Djavax.net.ssl.trustStore=/etc/hookgate-tls/broker/"
                + "truststore.p12 -Djavax.net.ssl.trustStoreType=PKCS12 "
                + "-Djavax.net.ssl.trustStorePassword=$(AMQP_TRUST_STORE_PASSWORD)");
        // $(VAR) expands only variables defined earlier in the list.
        List<String> order = onJvm.getEnv().stream().map(EnvVar::getName).toList();
        assertThat(order.indexOf("JAVA_TOOL_OPTIONS")).isGreaterThan(order.indexOf("AMQP_TRUST_STORE_PASSWORD"));
        // Without TLS the trust store is moot.
        Map<String, Object> plain = new HashMap<>(sets);
        plain.put("broker.tls.enabled", false);
        assertThat(container(plain).getArgs()).containsExactly("-Xmx256m");
    }

    // ---- schema

    static Stream<Path> badValues() throws IOException {
        try (Stream<Path> files = Files.list(Chart.VALUES.resolve("bad"))) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void schemaRejectsBadValues(Path values) throws IOException {
        // Each file breaks one rule, named on its "# expect:" line; the error must be about that rule.
        String expected = Files.readAllLines(values).stream().filter(l -> l.startsWith("# expect: ")).findFirst()
                .orElseThrow(() -> new AssertionError(values + " has no '# expect:' line")).substring(10);
        assertThatThrownBy(() -> Chart.template(values, Map.of()))
                .as(values.getFileName().toString())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(expected);
    }

    @Test
    void schemaRejectsABadValueGivenWithSet() {
        assertThatThrownBy(() -> Chart.template(null, Map.of("image.pullPolicy", "Sometimes")))
                .hasMessageContaining("pullPolicy");
    }

    // ---- scaling and availability

    @Test
    void autoscalerOwnsTheReplicaCountWhenEnabled() {
        HorizontalPodAutoscaler hpa = Manifests.one(full, HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("hookgate");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
        assertThat(hpa.getSpec().getMetrics()).singleElement()
                .satisfies(m -> assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(60));
        assertThat(Manifests.one(full, Deployment.class).getSpec().getReplicas()).isNull();
        assertThat(Manifests.one(defaults, Deployment.class).getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void disruptionBudgetOnlyWhenItCannotBlockADrain() {
        assertThat(Manifests.one(full, PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
        assertThat(Manifests.one(defaults, PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(Manifests.all(Chart.render(null, Map.of("replicaCount", 1)), PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void podsSpreadOverZonesAndNodes() {
        PodSpec pod = Manifests.one(full, Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getTopologySpreadConstraints()).extracting("topologyKey")
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(pod.getTopologySpreadConstraints()).allSatisfy(c -> {
            assertThat(c.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
            assertThat(c.getLabelSelector().getMatchLabels())
                    .isEqualTo(Manifests.one(full, Deployment.class).getSpec().getSelector().getMatchLabels());
        });
    }

    // ---- network policy

    /** The container port (number) each ingress rule opens, whatever the rule names it by. */
    static Set<Integer> ruleContainerPorts(NetworkPolicyIngressRule rule, Container container) {
        return rule.getPorts().stream().map(p -> p.getPort().getStrVal() != null
                ? containerPort(container, p.getPort().getStrVal()) : p.getPort().getIntVal())
                .collect(Collectors.toSet());
    }

    static boolean admitsNamespace(NetworkPolicyIngressRule rule, String namespace) {
        return rule.getFrom() == null || rule.getFrom().isEmpty() || rule.getFrom().stream().anyMatch(peer ->
                peer.getIpBlock() != null || peer.getNamespaceSelector() != null
                        && (peer.getNamespaceSelector().getMatchLabels() == null
                                || namespace.equals(peer.getNamespaceSelector().getMatchLabels()
                                        .get("kubernetes.io/metadata.name"))));
    }

    @Test
    void networkPolicyOpensEachPortToItsNamespaceOnly() {
        for (List<HasMetadata> objects : List.of(defaults, full)) {
            NetworkPolicy policy = Manifests.one(objects, NetworkPolicy.class);
            Deployment deployment = Manifests.one(objects, Deployment.class);
            Container container = Manifests.hookgateContainer(deployment);
            // It selects exactly the Deployment's pods.
            Map<String, String> selector = policy.getSpec().getPodSelector().getMatchLabels();
            assertThat(selector).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
            assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
            String ingressNamespace = objects == full ? "ingress-system" : "ingress-nginx";
            String monitoringNamespace = objects == full ? "observability" : "monitoring";
            // The ingress controller's namespace reaches the public port, never the management (admin) port.
            Set<Integer> fromIngress = policy.getSpec().getIngress().stream()
                    .filter(r -> admitsNamespace(r, ingressNamespace))
                    .flatMap(r -> ruleContainerPorts(r, container).stream()).collect(Collectors.toSet());
            assertThat(fromIngress).containsExactly(8080);
            Set<Integer> fromMonitoring = policy.getSpec().getIngress().stream()
                    .filter(r -> admitsNamespace(r, monitoringNamespace))
                    .flatMap(r -> ruleContainerPorts(r, container).stream()).collect(Collectors.toSet());
            assertThat(fromMonitoring).containsExactly(9000);
            // The named ports are the container's real ports.
            Map<Integer, NetworkPolicyIngressRule> byPort = policy.getSpec().getIngress().stream().collect(
                    Collectors.toMap(r -> containerPort(container, r.getPorts().get(0).getPort().getStrVal()), r -> r));
            assertThat(byPort).containsOnlyKeys(8080, 9000);
            byPort.values().forEach(rule -> {
                assertThat(rule.getPorts()).hasSize(1);
                assertThat(rule.getPorts().get(0).getProtocol()).isEqualTo("TCP");
                assertThat(rule.getFrom()).isNotEmpty();
            });
            assertThat(byPort.get(8080).getFrom()).hasSize(1);
            assertThat(byPort.get(8080).getFrom().get(0).getNamespaceSelector().getMatchLabels())
                    .containsExactly(Map.entry("kubernetes.io/metadata.name", ingressNamespace));
            assertThat(byPort.get(9000).getFrom().get(0).getNamespaceSelector().getMatchLabels())
                    .containsExactly(Map.entry("kubernetes.io/metadata.name", monitoringNamespace));
        }
        NetworkPolicy custom = Manifests.one(full, NetworkPolicy.class);
        assertThat(custom.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
                .containsExactly(Map.entry("app.kubernetes.io/name", "ingress-nginx"));
    }

    @Test
    void moreManagementPeersReachTheManagementPortOnly() {
        List<HasMetadata> objects = Chart.render(null, Map.of(
                "networkPolicy.managementFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name", "oncall",
                "networkPolicy.managementFrom[0].podSelector.matchLabels.app", "console"));
        NetworkPolicy policy = Manifests.one(objects, NetworkPolicy.class);
        Container container = Manifests.hookgateContainer(Manifests.one(objects, Deployment.class));
        Set<Integer> fromOncall = policy.getSpec().getIngress().stream().filter(r -> admitsNamespace(r, "oncall"))
                .flatMap(r -> ruleContainerPorts(r, container).stream()).collect(Collectors.toSet());
        assertThat(fromOncall).containsExactly(9000);
        assertThat(policy.getSpec().getIngress().stream().filter(r -> admitsNamespace(r, "oncall")).findFirst()
                .orElseThrow().getFrom()).anySatisfy(peer -> assertThat(peer.getPodSelector()).isNotNull()
                        .extracting("matchLabels").isEqualTo(Map.of("app", "console")));
        assertThat(Manifests.all(Chart.render(null, Map.of("networkPolicy.enabled", false)), NetworkPolicy.class))
                .isEmpty();
    }

    static Map<Integer, List<NetworkPolicyEgressRule>> egressByPort(NetworkPolicy policy) {
        Map<Integer, List<NetworkPolicyEgressRule>> byPort = new HashMap<>();
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            assertThat(rule.getPorts()).as("an egress rule without ports opens everything").isNotEmpty();
            rule.getPorts().forEach(p -> byPort.computeIfAbsent(p.getPort().getIntVal(), k -> new ArrayList<>()).add(rule));
        }
        return byPort;
    }

    @Test
    void egressIsDnsThePostgresqlAndBrokerPortsAndHttpsOnlyWhenASourceReconciles() {
        // Defaults: no source reconciles, the broker speaks AMQPS.
        NetworkPolicy byDefault = Manifests.one(defaults, NetworkPolicy.class);
        Map<Integer, List<NetworkPolicyEgressRule>> ports = egressByPort(byDefault);
        assertThat(ports).containsOnlyKeys(53, 5432, 5671);
        NetworkPolicyEgressRule dns = ports.get(53).get(0);
        assertThat(dns.getPorts()).extracting("protocol").containsExactlyInAnyOrder("UDP", "TCP");
        assertThat(dns.getTo()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsExactly(Map.entry("kubernetes.io/metadata.name", "kube-system"));
            assertThat(peer.getPodSelector().getMatchLabels()).containsExactly(Map.entry("k8s-app", "kube-dns"));
        });
        // Full values: github and stripe reconcile, so their APIs (443) are reachable; so are the routes' HTTP
        // destinations (https: 443, and http on 8080).
        assertThat(egressByPort(Manifests.one(full, NetworkPolicy.class))).containsOnlyKeys(53, 5432, 5671, 443, 8080);
        // Plain AMQP without broker TLS; the database narrowed to its pods; one more rule of the operator's.
        Map<String, Object> sets = new HashMap<>();
        sets.put("broker.tls.enabled", false);
        sets.put("networkPolicy.egress.database.to[0].podSelector.matchLabels.cnpg\\.io/cluster", "hookgate-db");
        sets.put("networkPolicy.egress.extra[0].ports[0].port", 4317);
        NetworkPolicy custom = Manifests.one(Chart.render(null, sets), NetworkPolicy.class);
        Map<Integer, List<NetworkPolicyEgressRule>> customPorts = egressByPort(custom);
        assertThat(customPorts).containsOnlyKeys(53, 5432, 5672, 4317);
        assertThat(customPorts.get(5432).get(0).getTo()).singleElement().satisfies(peer -> assertThat(
                peer.getPodSelector().getMatchLabels()).containsExactly(Map.entry("cnpg.io/cluster", "hookgate-db")));
        // Egress left open on request.
        NetworkPolicy open = Manifests.one(Chart.render(null, Map.of("networkPolicy.egress.enabled", false)),
                NetworkPolicy.class);
        assertThat(open.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(open.getSpec().getEgress()).isNullOrEmpty();
    }

    // ---- monitoring

    @Test
    void serviceMonitorScrapesTheManagementPort() {
        ServiceMonitor monitor = Manifests.one(full, ServiceMonitor.class);
        Service service = Manifests.one(full, Service.class);
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(monitor.getSpec().getSelector().getMatchLabels()).isEqualTo(service.getSpec().getSelector());
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPort()).isEqualTo("management");
            assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
            assertThat(endpoint.getInterval()).isEqualTo("15s");
        });
    }

    @Test
    void prometheusRuleAlertsOnRejectionsBacklogLagAndReadiness() {
        PrometheusRule rule = Manifests.one(full, PrometheusRule.class);
        List<Rule> rules = rule.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream()).toList();
        assertThat(rules).extracting(Rule::getAlert).containsExactlyInAnyOrder("HookgateRejectionSpike",
                "HookgatePendingBacklogGrowing", "HookgatePublishLagHigh", "HookgatePodsNotReady",
                "HookgatePartitionsRunningOut", "HookgateRetentionBlocked",
                // one per reconciling source (github, stripe)
                "HookgateReconcileFailing", "HookgateReconcileFailing", "HookgateReconcileFoundMissing",
                "HookgateRouteCircuitOpen", "HookgateRouteBacklogGrowing", "HookgateRouteDeliveriesFailing",
                "HookgateEventsUnrouted");
        Map<String, String> exprs = rules.stream()
                .collect(Collectors.toMap(Rule::getAlert, r -> r.getExpr().getStrVal(), (a, b) -> a + "\n" + b));
        assertThat(Promql.metrics(exprs.get("HookgateRejectionSpike")))
                .containsExactly("hookgate_webhooks_received_total", "hookgate_webhooks_rejected_total");
        assertThat(exprs.get("HookgateRejectionSpike")).contains("> 0.3").contains("> 0.1");
        assertThat(Promql.metrics(exprs.get("HookgatePendingBacklogGrowing"))).containsExactly("hookgate_events_pending");
        assertThat(Promql.metrics(exprs.get("HookgatePartitionsRunningOut")))
                .containsExactly("hookgate_storage_partitions_ahead_seconds");
        assertThat(exprs.get("HookgatePartitionsRunningOut")).contains("< 86400");
        assertThat(Promql.metrics(exprs.get("HookgateRetentionBlocked")))
                .containsExactly("hookgate_storage_partitions_kept_pending");
        assertThat(exprs.get("HookgatePendingBacklogGrowing")).contains("> 500").contains("deriv(");
        assertThat(Promql.metrics(exprs.get("HookgatePublishLagHigh"))).containsExactly("hookgate_publish_lag_seconds_bucket");
        assertThat(exprs.get("HookgatePublishLagHigh")).contains("> 30");
        assertThat(Promql.metrics(exprs.get("HookgatePodsNotReady")))
                .containsExactly("kube_deployment_status_replicas_unavailable");
        assertThat(exprs.get("HookgatePodsNotReady")).contains("deployment=\"hookgate\"");
        for (Rule r : rules) {
            assertThat(r.getExpr().getStrVal()).as(r.getAlert()).doesNotContain("{{");
            assertThat(Promql.balanced(r.getExpr().getStrVal())).as(r.getAlert() + ": " + r.getExpr().getStrVal())
                    .isTrue();
            Set<String> queried = new HashSet<>(Promql.metrics(r.getExpr().getStrVal()));
            queried.removeAll(Promql.KUBE_STATE_METRICS);
            assertThat(Promql.HOOKGATE_SERIES).as(r.getAlert()).containsAll(queried);
            if (r.getExpr().getStrVal().contains("hookgate_")) {
                assertThat(r.getExpr().getStrVal()).as(r.getAlert()).contains("job=\"hookgate\", namespace=\"hookgate\"");
            }
            assertThat(r.getLabels()).containsKey("severity");
            assertThat(r.getAnnotations()).containsKeys("summary", "description");
            assertThat(r.getAnnotations().get("summary")).as(r.getAlert()).contains("{{ $value");
        }
    }

    // ---- reconciliation

    static Map<String, Rule> reconcileFailingBySource(List<HasMetadata> objects) {
        return Manifests.one(objects, PrometheusRule.class).getSpec().getGroups().stream()
                .flatMap(g -> g.getRules().stream()).filter(r -> "HookgateReconcileFailing".equals(r.getAlert()))
                .collect(Collectors.toMap(r -> {
                    Matcher m = Pattern.compile("source=\"([^\"]+)\"")
                            .matcher(r.getExpr().getStrVal());
                    assertThat(m.find()).as(r.getExpr().getStrVal()).isTrue();
                    return m.group(1);
                }, r -> r));
    }

    @Test
    void reconcileTokensComeFromSecretsNeverFromTheConfigMap() throws IOException {
        Container container = Manifests.hookgateContainer(Manifests.one(full, Deployment.class));
        Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        // A Secret of yours is referenced as given...
        assertThat(env.get("HOOKGATE_SOURCE_GITHUB_RECONCILE_TOKEN").getValueFrom().getSecretKeyRef()).satisfies(ref -> {
            assertThat(ref.getName()).isEqualTo("github-api-token");
            assertThat(ref.getKey()).isEqualTo("token");
        });
        // ...an inline value lands in the chart's Secret, under <source>.reconcile-token.
        assertThat(env.get("HOOKGATE_SOURCE_STRIPE_RECONCILE_TOKEN").getValueFrom().getSecretKeyRef()).satisfies(ref -> {
            assertThat(ref.getName()).isEqualTo("hookgate-sources");
            assertThat(ref.getKey()).isEqualTo("stripe.reconcile-token");
        });
        Secret sources = Manifests.named(full, Secret.class, n -> n.equals("hookgate-sources")).orElseThrow();
        assertThat(decode(sources)).containsEntry("stripe.reconcile-token", "rk_test_MARKER_stripe_reconcile_key");
        // The properties file only references them.
        Properties file = sourcesFile(full);
        assertThat(file).containsEntry("hookgate.sources.github.reconcile.token", "${HOOKGATE_SOURCE_GITHUB_RECONCILE_TOKEN}")
                .containsEntry("hookgate.sources.stripe.reconcile.token", "${HOOKGATE_SOURCE_STRIPE_RECONCILE_TOKEN}");
        ConfigMap config = Manifests.named(full, ConfigMap.class, n -> n.equals("hookgate")).orElseThrow();
        assertThat(config.getData().get("hookgate.properties")).doesNotContain("rk_test_MARKER");
        // A token given by an existing Secret alone creates no chart Secret.
        List<HasMetadata> existingOnly = Chart.render(null, Map.of("sources.stripe.scheme", "stripe",
                "sources.stripe.secret.existingSecret", "stripe-webhook", "sources.stripe.secret.key", "secret",
                "sources.stripe.reconcile.enabled", true,
                "sources.stripe.reconcile.token.existingSecret", "stripe-api-key",
                "sources.stripe.reconcile.token.key", "key"));
        assertThat(Manifests.named(existingOnly, Secret.class, n -> n.endsWith("-sources"))).isEmpty();
    }

    @Test
    void reconcileKeysReachTheContainer() throws IOException {
        Properties file = sourcesFile(full);
        assertThat(file).containsEntry("hookgate.sources.github.reconcile.enabled", "true")
                .containsEntry("hookgate.sources.github.reconcile.github-hook", "repos/acme/widgets/hooks/123456")
                .containsEntry("hookgate.sources.github.reconcile.interval", "30m")
                .containsEntry("hookgate.sources.github.reconcile.lookback", "2d")
                .containsEntry("hookgate.sources.github.reconcile.api-url", "https://github.example.com/api/v3")
                .containsEntry("hookgate.sources.stripe.reconcile.enabled", "true")
                .containsEntry("hookgate.sources.stripe.reconcile.interval", "2h")
                .containsEntry("hookgate.sources.stripe.reconcile.lookback", "7d")
                .doesNotContainKey("hookgate.sources.stripe.reconcile.github-hook")
                .doesNotContainKey("hookgate.sources.stripe.reconcile.api-url")
                .containsEntry("hookgate.reconcile.check-interval", "2m");
        // Switched off (gitlab), the block renders nothing: no key, no env var.
        assertThat(file.stringPropertyNames()).noneMatch(k -> k.startsWith("hookgate.sources.gitlab.reconcile."));
        Container container = Manifests.hookgateContainer(Manifests.one(full, Deployment.class));
        Set<String> env = container.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
        assertThat(env).doesNotContain("HOOKGATE_SOURCE_GITLAB_RECONCILE_TOKEN");
        // Every ${VAR} the properties file references is an env var of the container (else hookgate cannot boot).
        Matcher refs = Pattern.compile("\\$\\{([A-Z0-9_]+)}")
                .matcher(String.join("\n", file.values().stream().map(Object::toString).toList()));
        Set<String> referenced = new HashSet<>();
        while (refs.find()) {
            referenced.add(refs.group(1));
        }
        assertThat(referenced).contains("HOOKGATE_SOURCE_GITHUB_RECONCILE_TOKEN", "HOOKGATE_SOURCE_STRIPE_RECONCILE_TOKEN");
        assertThat(env).containsAll(referenced);
        // Without reconcile blocks nothing about reconciliation is rendered.
        assertThat(sourcesFile(defaults).stringPropertyNames()).noneMatch(k -> k.contains("reconcile"));
    }

    @Test
    void reconcileAlertsWatchEachReconcilingSourceOverItsOwnInterval() {
        Map<String, Rule> failing = reconcileFailingBySource(full);
        assertThat(failing).containsOnlyKeys("github", "stripe");
        // Three intervals each: github every 30m, stripe every 2h.
        assertThat(failing.get("github").getExpr().getStrVal()).contains("[90m]").contains("< 5400").contains("> 5400")
                .doesNotContain("source=\"stripe\"");
        assertThat(failing.get("stripe").getExpr().getStrVal()).contains("[6h]").contains("< 21600").contains("> 21600");
        failing.values().forEach(rule -> {
            String expr = rule.getExpr().getStrVal();
            assertThat(Promql.metrics(expr)).containsExactly("hookgate_reconcile_last_success_timestamp_seconds",
                    "hookgate_reconcile_runs_total");
            assertThat(expr).contains("outcome=\"failed\"").contains("outcome=\"succeeded\"").contains(">= 2")
                    .contains("job=\"hookgate\", namespace=\"hookgate\"");
            assertThat(rule.getFor()).isEqualTo("15m");
            assertThat(rule.getLabels()).containsEntry("severity", "critical");
            assertThat(rule.getAnnotations().get("summary")).contains("{{ $labels.source }}");
            assertThat(rule.getAnnotations().get("description")).contains("/admin/reconciliations")
                    .contains("Catching what was missed");
        });
        Rule found = Manifests.one(full, PrometheusRule.class).getSpec().getGroups().stream()
                .flatMap(g -> g.getRules().stream()).filter(r -> "HookgateReconcileFoundMissing".equals(r.getAlert()))
                .findFirst().orElseThrow();
        assertThat(Promql.metrics(found.getExpr().getStrVal())).containsExactly("hookgate_reconcile_missing_events_total");
        assertThat(found.getExpr().getStrVal()).contains("increase(").contains("[2h]").contains("> 0");
        assertThat(found.getFor()).as("a found batch fires at once").isNull();
        assertThat(found.getAnnotations().get("description")).contains("Catching what was missed");

        // Defaults: interval 1h → 3h. With scheduled runs off, only failed runs can fire it: a last success that
        // ages is then expected.
        Map<String, Object> stripe = Map.of("prometheusRule.enabled", true, "sources.stripe.scheme", "stripe",
                "sources.stripe.secret.value", "whsec_x", "sources.stripe.reconcile.enabled", true,
                "sources.stripe.reconcile.token.value", "rk_test_x");
        String scheduled = reconcileFailingBySource(Chart.render(null, stripe)).get("stripe").getExpr().getStrVal();
        assertThat(scheduled).contains("[3h]").contains("> 10800").contains("or on (namespace, source)");
        Map<String, Object> manualOnly = new HashMap<>(stripe);
        manualOnly.put("config.hookgate\\.reconcile\\.check-interval", "off");
        String manual = reconcileFailingBySource(Chart.render(null, manualOnly)).get("stripe").getExpr().getStrVal();
        assertThat(manual).contains("[3h]").doesNotContain("> 10800").doesNotContain(" or ");
        assertThat(Promql.balanced(manual)).isTrue();
        // No reconciling source, no reconcile alerts.
        List<Rule> plain = Manifests.one(Chart.render(null, Map.of("prometheusRule.enabled", true)), PrometheusRule.class)
                .getSpec().getGroups().stream().flatMap(g -> g.getRules().stream()).toList();
        assertThat(plain).extracting(Rule::getAlert).noneMatch(a -> a.startsWith("HookgateReconcile"))
                // The storage alerts do not depend on reconciliation (they once sat inside its block).
                .contains("HookgatePartitionsRunningOut", "HookgateRetentionBlocked");
    }

    // ---- routes

    @Test
    void routesAreWrittenToThePropertiesFileWithKebabCaseKeys() throws IOException {
        Properties file = sourcesFile(full);
        assertThat(file).containsEntry("hookgate.routes.billing.source", "stripe")
                // A list is comma-joined, a YAML filter written as compact JSON (keys sorted), a string as given.
                .containsEntry("hookgate.routes.billing.types", "invoice.*,customer.subscription.*")
                .containsEntry("hookgate.routes.billing.filter",
                        "{\"body\":{\"data\":{\"object\":{\"amount_due\":{\"$gte\":100},\"currency\":{\"$in\":[\"eur\",\"usd\"]}}}}}")
                .containsEntry("hookgate.routes.billing.destination", "https://billing.example.com/hooks/stripe")
                .containsEntry("hookgate.routes.billing.timeout", "5s")
                .containsEntry("hookgate.routes.billing.rate-limit", "12.5")
                .containsEntry("hookgate.routes.billing.concurrency", "8")
                .containsEntry("hookgate.routes.billing.retry.attempts", "8")
                .containsEntry("hookgate.routes.billing.retry.backoff-initial", "2s")
                .containsEntry("hookgate.routes.billing.retry.backoff-max", "30m")
                .containsEntry("hookgate.routes.billing.retry.max-age", "1d")
                .containsEntry("hookgate.routes.billing.retry.max-retry-after", "10m")
                .containsEntry("hookgate.routes.billing.circuit.failures", "10")
                .containsEntry("hookgate.routes.billing.circuit.open-for", "1m")
                .containsEntry("hookgate.routes.billing.headers.X-Tenant", "acme")
                .containsEntry("hookgate.routes.crm.types", "customer.*")
                .containsEntry("hookgate.routes.crm.filter", "{\"headers\": {\"stripe-account\": {\"$exist\": false}}}")
                .containsEntry("hookgate.routes.crm.destination", "http://crm.crm.svc.cluster.local:8080/webhooks")
                .containsEntry("hookgate.routes.audit-github.source", "github")
                .containsEntry("hookgate.routes.audit-github.destination", "amqp:audit.github")
                .containsEntry("hookgate.delivery.poll-interval", "500ms")
                .containsEntry("hookgate.delivery.batch-size", "200");
        // Keys left out are left to hookgate's defaults.
        assertThat(file.stringPropertyNames()).filteredOn(k -> k.startsWith("hookgate.routes.audit-github."))
                .containsExactlyInAnyOrder("hookgate.routes.audit-github.source",
                        "hookgate.routes.audit-github.destination");
        assertThat(file.stringPropertyNames()).noneMatch(k -> k.startsWith("hookgate.routes.crm.retry."))
                .noneMatch(k -> k.matches("hookgate\\.routes\\..*[A-Z].*") && !k.contains(".headers."));
        // No routes, no route keys.
        assertThat(sourcesFile(defaults).stringPropertyNames()).noneMatch(k -> k.startsWith("hookgate.routes."));
    }

    @Test
    void routeSecretsComeFromSecretKeyRefsNeverFromTheConfigMap() throws IOException {
        Properties file = sourcesFile(full);
        assertThat(file).containsEntry("hookgate.routes.billing.signing-secret", "${HOOKGATE_ROUTE_BILLING_SIGNING_SECRET}")
                .containsEntry("hookgate.routes.billing.headers.Authorization", "${HOOKGATE_ROUTE_BILLING_HEADER_AUTHORIZATION}")
                .containsEntry("hookgate.routes.crm.signing-secret", "${HOOKGATE_ROUTE_CRM_SIGNING_SECRET}")
                .containsEntry("hookgate.routes.crm.headers.X-Api-Key", "${HOOKGATE_ROUTE_CRM_HEADER_X_API_KEY}")
                .doesNotContainKey("hookgate.routes.audit-github.signing-secret");
        Container container = Manifests.hookgateContainer(Manifests.one(full, Deployment.class));
        Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        // Inline values are in the chart's Secret, under route.<name>....
        Map<String, String[]> refs = Map.of(
                "HOOKGATE_ROUTE_BILLING_SIGNING_SECRET", new String[] { "hookgate-sources", "route.billing.signing-secret" },
                "HOOKGATE_ROUTE_BILLING_HEADER_AUTHORIZATION", new String[] { "hookgate-sources", "route.billing.header.Authorization" },
                // Secrets of yours are referenced as given.
                "HOOKGATE_ROUTE_CRM_SIGNING_SECRET", new String[] { "crm-signing", "whsec" },
                "HOOKGATE_ROUTE_CRM_HEADER_X_API_KEY", new String[] { "crm-api", "api-key" });
        refs.forEach((name, ref) -> {
            assertThat(env).as(name).containsKey(name);
            assertThat(env.get(name).getValue()).as(name).isNull();
            assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName()).as(name).isEqualTo(ref[0]);
            assertThat(env.get(name).getValueFrom().getSecretKeyRef().getKey()).as(name).isEqualTo(ref[1]);
        });
        assertThat(env.keySet()).filteredOn(n -> n.startsWith("HOOKGATE_ROUTE_"))
                .containsExactlyInAnyOrderElementsOf(refs.keySet());
        // Every ${VAR} the properties file references is an env var of the container.
        Matcher vars = Pattern.compile("\\$\\{([A-Z0-9_]+)}")
                .matcher(String.join("\n", file.values().stream().map(Object::toString).toList()));
        while (vars.find()) {
            assertThat(env).containsKey(vars.group(1));
        }
        // The ConfigMap holds no secret value, and a changed route secret rolls the pods (the sources Secret's checksum).
        ConfigMap config = Manifests.named(full, ConfigMap.class, n -> n.equals("hookgate")).orElseThrow();
        assertThat(config.getData().get("hookgate.properties")).doesNotContain("MARKER").doesNotContain("whsec_")
                .doesNotContain("Bearer");
        String before = Manifests.one(full, Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations()
                .get("checksum/sources-secret");
        Map<String, Object> rotated = Map.of("routes.billing.signingSecret.value", "whsec_MARKER_rotated");
        String after = Manifests.one(Chart.render(Chart.FULL, rotated), Deployment.class).getSpec().getTemplate()
                .getMetadata().getAnnotations().get("checksum/sources-secret");
        assertThat(after).isNotEqualTo(before);
        // Routes whose secrets are all in Secrets of yours create no chart Secret.
        List<HasMetadata> existingOnly = Chart.render(null, Map.of("sources.github.scheme", "github",
                "sources.github.secret.existingSecret", "github-webhook", "sources.github.secret.key", "secret",
                "routes.ci.source", "github", "routes.ci.destination", "https://ci.example.com/hooks",
                "routes.ci.signingSecret.existingSecret", "ci-signing", "routes.ci.signingSecret.key", "secret"));
        assertThat(Manifests.named(existingOnly, Secret.class, n -> n.endsWith("-sources"))).isEmpty();
    }

    @Test
    void aRouteOfAnUnknownSourceOrWithAHeaderGivenTwiceDoesNotRender() {
        assertThatThrownBy(() -> Chart.template(null, Map.of("routes.billing.source", "stripe",
                "routes.billing.destination", "amqp:billing")))
                .hasMessageContaining("routes.billing.source: no source \"stripe\" in sources");
        assertThatThrownBy(() -> Chart.template(null, Map.of("sources.github.scheme", "github",
                "sources.github.secret.value", "x", "routes.ci.source", "github",
                "routes.ci.destination", "https://ci.example.com/hooks", "routes.ci.headers.Authorization", "x",
                "routes.ci.secretHeaders.Authorization.existingSecret", "ci", "routes.ci.secretHeaders.Authorization.key", "k")))
                .hasMessageContaining("routes.ci: header Authorization is in both headers and secretHeaders");
    }

    @Test
    void routesOpenEgressToTheirHttpDestinationsOnly() {
        Map<String, Object> sets = new HashMap<>();
        sets.put("sources.github.scheme", "github");
        sets.put("sources.github.secret.value", "x");
        sets.put("routes.audit.source", "github");
        sets.put("routes.audit.destination", "amqp:audit.github");
        // AMQP routes go through the broker: no rule of their own.
        assertThat(egressByPort(Manifests.one(Chart.render(null, sets), NetworkPolicy.class)))
                .containsOnlyKeys(53, 5432, 5671);
        sets.put("routes.ci.source", "github");
        sets.put("routes.ci.destination", "https://ci.example.com/hooks");
        sets.put("routes.deploy.source", "github");
        sets.put("routes.deploy.destination", "http://deployer.tools.svc:9090/hooks");
        sets.put("routes.chat.source", "github");
        sets.put("routes.chat.destination", "https://chat.example.com:8443/hooks");
        Map<Integer, List<NetworkPolicyEgressRule>> ports = egressByPort(
                Manifests.one(Chart.render(null, sets), NetworkPolicy.class));
        assertThat(ports).containsOnlyKeys(53, 5432, 5671, 443, 9090, 8443);
        assertThat(ports.get(9090).get(0).getTo()).as("any address by default").isNullOrEmpty();
        // Narrowed to in-cluster peers and given ports.
        sets.put("networkPolicy.egress.routes.ports[0]", 8080);
        sets.put("networkPolicy.egress.routes.to[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name", "tools");
        Map<Integer, List<NetworkPolicyEgressRule>> narrowed = egressByPort(
                Manifests.one(Chart.render(null, sets), NetworkPolicy.class));
        assertThat(narrowed).containsOnlyKeys(53, 5432, 5671, 8080);
        assertThat(narrowed.get(8080).get(0).getTo()).singleElement().satisfies(peer -> assertThat(
                peer.getNamespaceSelector().getMatchLabels()).containsExactly(Map.entry("kubernetes.io/metadata.name", "tools")));
    }

    static Map<String, Rule> rulesByAlert(List<HasMetadata> objects) {
        return Manifests.one(objects, PrometheusRule.class).getSpec().getGroups().stream()
                .flatMap(g -> g.getRules().stream())
                .collect(Collectors.toMap(Rule::getAlert, r -> r, (a, b) -> a));
    }

    @Test
    void routeAlertsRenderWithTheirThresholdsAndTheOnCallCalls() {
        Map<String, Rule> rules = rulesByAlert(full);
        Rule circuit = rules.get("HookgateRouteCircuitOpen");
        assertThat(Promql.metrics(circuit.getExpr().getStrVal())).containsExactly("hookgate_route_circuit_state");
        assertThat(circuit.getExpr().getStrVal()).contains("== 2").contains("max_over_time(").contains("by (namespace, route)");
        assertThat(circuit.getFor()).isEqualTo("10m");
        assertThat(circuit.getLabels()).containsEntry("severity", "critical");
        Rule backlog = rules.get("HookgateRouteBacklogGrowing");
        assertThat(Promql.metrics(backlog.getExpr().getStrVal())).containsExactly("hookgate_route_backlog");
        assertThat(backlog.getExpr().getStrVal()).contains("> 250").contains("deriv(").contains("route!=\"default\"");
        assertThat(backlog.getFor()).isEqualTo("20m");
        assertThat(backlog.getLabels()).containsEntry("severity", "warning");
        Rule failing = rules.get("HookgateRouteDeliveriesFailing");
        assertThat(Promql.metrics(failing.getExpr().getStrVal())).containsExactly("hookgate_route_deliveries_total");
        assertThat(failing.getExpr().getStrVal()).contains("outcome=\"failed\"").contains("increase(").contains("[30m]")
                .contains("> 0");
        assertThat(failing.getFor()).as("a delivery that gave up fires at once").isNull();
        assertThat(failing.getLabels()).containsEntry("severity", "critical");
        assertThat(failing.getAnnotations().get("description"))
                .contains("GET /admin/events?route={{ $labels.route }}&status=FAILED")
                .contains("POST /admin/replays {\"route\": \"{{ $labels.route }}\", \"status\": \"FAILED\"");
        Rule unrouted = rules.get("HookgateEventsUnrouted");
        assertThat(Promql.metrics(unrouted.getExpr().getStrVal())).containsExactly("hookgate_events_unrouted_total");
        assertThat(unrouted.getExpr().getStrVal()).contains("[2h]").contains("by (namespace, source)");
        assertThat(unrouted.getLabels()).containsEntry("severity", "info");
        for (Rule rule : List.of(circuit, backlog, failing, unrouted)) {
            assertThat(rule.getAnnotations().get("description")).as(rule.getAlert()).contains("GET /admin/routes")
                    .contains("Runbook: README, \"Routes\"").doesNotContain("\n").doesNotContain("  ");
        }
        assertThat(circuit.getAnnotations().get("description")).contains("/admin/events?route={{ $labels.route }}");

        // Defaults: thresholds of values.yaml; the unrouted alert is off (routes that take some types only leave the
        // rest unrouted on purpose).
        Map<String, Object> sets = new HashMap<>(Map.of("prometheusRule.enabled", true, "sources.github.scheme", "github",
                "sources.github.secret.value", "x", "routes.ci.source", "github",
                "routes.ci.destination", "https://ci.example.com/hooks"));
        Map<String, Rule> byDefault = rulesByAlert(Chart.render(null, sets));
        assertThat(byDefault).containsKeys("HookgateRouteCircuitOpen", "HookgateRouteBacklogGrowing",
                "HookgateRouteDeliveriesFailing").doesNotContainKey("HookgateEventsUnrouted");
        assertThat(byDefault.get("HookgateRouteBacklogGrowing").getExpr().getStrVal()).contains("> 1000");
        assertThat(byDefault.get("HookgateRouteBacklogGrowing").getFor()).isEqualTo("15m");
        assertThat(byDefault.get("HookgateRouteCircuitOpen").getFor()).isEqualTo("5m");
        assertThat(byDefault.get("HookgateRouteCircuitOpen").getLabels()).containsEntry("severity", "warning");
        assertThat(byDefault.get("HookgateRouteDeliveriesFailing").getExpr().getStrVal()).contains("[15m]");
        assertThat(byDefault.get("HookgateRouteDeliveriesFailing").getLabels()).containsEntry("severity", "critical");
    }

    @Test
    void routeAlertsCanBeSwitchedOffOneByOneAndAreLeftOutWithoutRoutes() {
        Map<String, Object> off = new HashMap<>();
        off.put("prometheusRule.routeCircuitOpen.enabled", false);
        off.put("prometheusRule.routeBacklog.enabled", false);
        assertThat(rulesByAlert(Chart.render(Chart.FULL, off))).doesNotContainKeys("HookgateRouteCircuitOpen",
                "HookgateRouteBacklogGrowing").containsKeys("HookgateRouteDeliveriesFailing", "HookgateEventsUnrouted",
                        "HookgatePendingBacklogGrowing");
        off.put("prometheusRule.routeDeliveriesFailing.enabled", false);
        off.put("prometheusRule.eventsUnrouted.enabled", false);
        assertThat(rulesByAlert(Chart.render(Chart.FULL, off)).keySet()).noneMatch(a -> a.startsWith("HookgateRoute"))
                .doesNotContain("HookgateEventsUnrouted").contains("HookgatePendingBacklogGrowing");
        // Without routes there is nothing to watch.
        assertThat(rulesByAlert(Chart.render(null, Map.of("prometheusRule.enabled", true, "prometheusRule.eventsUnrouted.enabled", true))).keySet())
                .noneMatch(a -> a.startsWith("HookgateRoute")).doesNotContain("HookgateEventsUnrouted");
    }

    @Test
    void alertRulesPassPromtool() throws Exception {
        Path promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(promtool != null, "promtool is not installed (Debian/Ubuntu: apt-get install prometheus)");
        Path dir = Files.createTempDirectory("hookgate-rules");
        KubernetesSerialization yaml = new KubernetesSerialization();
        // Every expression parses and every annotation template renders.
        PrometheusRule rule = Manifests.one(Chart.full(), PrometheusRule.class);
        Files.writeString(dir.resolve("all.yaml"), yaml.asYaml(rule.getSpec()));
        promtool(promtool, dir, "check", "rules", "all.yaml");
        // The reconcile alerts fire when failing, stalled or finding missed events, and stay quiet after a success.
        rule.getSpec().getGroups().forEach(g -> g.getRules()
                .forEach(r -> r.setAnnotations(Map.of("summary", r.getAnnotations().get("summary")))));
        Files.writeString(dir.resolve("rules.yaml"), yaml.asYaml(rule.getSpec()));
        // So do the route alerts: open circuit, growing backlog, deliveries that gave up, unrouted events.
        for (String tests : List.of("reconcile-alerts.promtool.yaml", "route-alerts.promtool.yaml")) {
            Files.copy(Chart.VALUES.resolve(tests), dir.resolve(tests));
            promtool(promtool, dir, "test", "rules", tests);
        }
    }

    static void promtool(Path promtool, Path dir, String... args) throws Exception {
        List<String> command = Stream.concat(Stream.of(promtool.toString()), Stream.of(args)).toList();
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }

    @Test
    void grafanaDashboardQueriesOnlyRealMetrics() throws IOException {
        ConfigMap dashboard = Manifests.named(full, ConfigMap.class, n -> n.endsWith("-dashboard")).orElseThrow();
        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("observability");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("hookgate.json"));
        assertThat(json.path("uid").asText()).isEqualTo("hookgate");
        Set<String> used = new HashSet<>();
        for (JsonNode panel : json.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                // A row only groups the panels below it.
                continue;
            }
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                used.addAll(Promql.metrics(target.path("expr").asText()));
            }
        }
        assertThat(Promql.HOOKGATE_SERIES).containsAll(used);
        assertThat(used).contains("hookgate_webhooks_received_total", "hookgate_webhooks_rejected_total",
                "hookgate_events_pending", "hookgate_publish_lag_seconds_bucket", "hookgate_ingest_duration_seconds_bucket",
                "hookgate_publish_total", "hookgate_route_deliveries_total", "hookgate_route_backlog",
                "hookgate_route_circuit_state", "hookgate_route_delivery_lag_seconds_bucket",
                "hookgate_route_attempt_seconds_bucket");
    }

    // ---- NOTES.txt

    @Test
    void notesExplainWebhookUrlsPortForwardAndReplay() {
        String notes = Chart.installOutput(Chart.FULL);
        assertThat(notes).contains(
                "https://hooks.example.com/webhooks/github",
                "https://hooks.example.com/webhooks/stripe",
                "https://hooks.example.com/webhooks/partner-hmac",
                "kubectl -n hookgate port-forward deploy/hookgate 9000:9000",
                "kubectl -n hookgate get secret hookgate-admin -o jsonpath='{.data.token}'",
                "$HG/admin/events?status=PENDING",
                "-X POST -H \"Authorization: Bearer $TOKEN\" \"$HG/admin/events/$EVENT_ID/replay\"",
                "$HG/admin/replays",
                "\"dryRun\":true",
                "$HG/admin/sources/$SOURCE/reconcile",
                "$HG/admin/reconciliations?source=$SOURCE",
                "billing: stripe (invoice.*,customer.subscription.*), filtered → https://billing.example.com/hooks/stripe, signed",
                "audit-github: github → amqp:audit.github",
                "the routes' HTTP destinations (ports 443, 8080)",
                "$HG/admin/routes",
                "$HG/admin/events?route=$ROUTE&status=FAILED",
                "{\"route\":\"'$ROUTE'\",\"status\":\"FAILED\",\"dryRun\":true}");
        secretMarkers().forEach(marker -> assertThat(notes).doesNotContain(marker));
        assertThat(Chart.installOutput(null)).contains("No sources are configured yet")
                .contains("The chart generated this token at install").doesNotContain("/reconcile")
                .doesNotContain("ROUTES").doesNotContain("/admin/routes");
    }

    // ---- helpers

    static int containerPort(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    static Properties sourcesFile(List<HasMetadata> objects) throws IOException {
        Deployment deployment = Manifests.one(objects, Deployment.class);
        String configMap = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getConfigMap() != null).findFirst().orElseThrow().getConfigMap().getName();
        ConfigMap map = Manifests.named(objects, ConfigMap.class, configMap::equals).orElseThrow();
        Properties properties = new Properties();
        properties.load(new StringReader(map.getData().get("hookgate.properties")));
        return properties;
    }

    static Map<String, String> decode(Secret secret) {
        return secret.getData().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)));
    }

    static Set<String> secretMarkers() {
        Set<String> markers = new HashSet<>();
        fullValues.path("sources").forEach(source -> {
            String value = source.path("secret").path("value").asText("");
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    markers.add(part);
                }
            }
            String token = source.path("reconcile").path("token").path("value").asText("");
            if (!token.isBlank()) {
                markers.add(token);
            }
        });
        fullValues.path("routes").forEach(route -> {
            String signing = route.path("signingSecret").path("value").asText("");
            if (!signing.isBlank()) {
                markers.add(signing);
            }
            route.path("secretHeaders").forEach(header -> {
                if (!header.path("value").asText("").isBlank()) {
                    markers.add(header.path("value").asText());
                }
            });
        });
        markers.add(fullValues.path("admin").path("token").asText());
        return markers;
    }


}
