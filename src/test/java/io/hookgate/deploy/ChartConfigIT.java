package io.hookgate.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hookgate.embedded.Ports;
import io.hookgate.route.Receiver;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;

/**
 * The chart's wiring boots the real application: the Deployment's env (secretKeyRefs resolved from Secrets, $(VAR)
 * expanded the way the kubelet does) and its mounted properties file are handed to the packaged artifact (the jar,
 * or the native binary with -Dnative), which must start, reach PostgreSQL and the broker through the composed
 * DB_URL and AMQP_* settings, configure the chart's sources and routes, accept webhooks signed with their secrets
 * and deliver them to a route's HTTP destination, signed and with its Secret-backed header.
 */
class ChartConfigIT {

    static final String GITHUB_SECRET = "chart-it-github-secret";
    static final String STRIPE_SECRET = "whsec_chart_it_stripe";
    static final String ADMIN_TOKEN = "chart-it-admin-token-0123456789abcdef";
    static final String BILLING_SIGNING_SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("chart-it-billing-signing-key-32b".getBytes(StandardCharsets.UTF_8));
    static final String BILLING_TOKEN = "Bearer chart-it-billing-token";
    /** The HTTP destination of the chart's billing route. */
    static final Receiver BILLING = new Receiver();
    static final Pattern VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    static Process process;
    static Path dir;
    static int httpPort;
    static int managementPort;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> servers = new EmbeddedServersResource().start();
        URI db = URI.create(servers.get("quarkus.datasource.reactive.url"));
        dir = Files.createTempDirectory("hookgate-chart-it");
        BILLING.start();
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, """
                publicBaseUrl: https://hooks.example.com
                sources:
                  github:
                    scheme: github
                    secret: {existingSecret: github-webhook, key: secret}
                    maxBodySize: 64K
                  stripe:
                    scheme: stripe
                    secret: {value: %s}
                    tolerance: 2m
                  open-test:
                    scheme: none
                # Stripe's paid invoices in euros to billing, over HTTP, signed, with a token from a Secret.
                routes:
                  billing:
                    source: stripe
                    types: ["invoice.*"]
                    filter:
                      body: {data: {object: {currency: eur}}}
                    destination: %s
                    signingSecret: {value: %s}
                    headers: {X-Tenant: acme}
                    secretHeaders:
                      Authorization: {existingSecret: billing-api, key: authorization}
                    retry: {attempts: 3, backoffInitial: 1s}
                  audit:
                    source: stripe
                    destination: amqp:audit.stripe
                # The embedded PostgreSQL and broker speak no TLS: the chart's explicit opt-out.
                database:
                  existingSecret: pg
                  tls: {enabled: false}
                broker:
                  existingSecret: amqp
                  tls: {enabled: false}
                  addressPrefix: "chart."
                admin:
                  token: %s
                config:
                  hookgate.ingest.batch-size: "64"
                  hookgate.delivery.poll-interval: 500ms
                """.formatted(STRIPE_SECRET, BILLING.url(), BILLING_SIGNING_SECRET, ADMIN_TOKEN));
        List<HasMetadata> objects = Chart.render(values, Map.of());

        // The cluster's Secrets: the user's, and the ones the chart renders.
        Map<String, Map<String, String>> secrets = new HashMap<>();
        secrets.put("pg", Map.of("host", db.getHost(), "port", Integer.toString(db.getPort()),
                "dbname", db.getPath().substring(1), "username", servers.get("quarkus.datasource.username"),
                "password", servers.get("quarkus.datasource.password")));
        // An anonymous broker: no username/password keys (the chart marks them optional).
        secrets.put("amqp", Map.of("host", servers.get("amqp-host"), "port", servers.get("amqp-port")));
        secrets.put("github-webhook", Map.of("secret", GITHUB_SECRET));
        secrets.put("billing-api", Map.of("authorization", BILLING_TOKEN));
        for (Secret secret : Manifests.all(objects, Secret.class)) {
            secrets.put(secret.getMetadata().getName(), HelmChartTest.decode(secret));
        }

        Deployment deployment = Manifests.one(objects, Deployment.class);
        Container container = Manifests.hookgateContainer(deployment);
        // The ConfigMap volume, "mounted" in a temporary directory.
        Path mount = Files.createDirectories(dir.resolve("etc-hookgate"));
        ConfigMap config = Manifests.named(objects, ConfigMap.class, n -> n.equals("hookgate")).orElseThrow();
        config.getData().forEach((file, content) -> write(mount.resolve(file), content));

        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValueFrom() != null) {
                SecretKeySelector ref = var.getValueFrom().getSecretKeyRef();
                String value = secrets.getOrDefault(ref.getName(), Map.of()).get(ref.getKey());
                if (value == null) {
                    assertThat(ref.getOptional()).as(var.getName() + " from a missing secret key").isTrue();
                    continue;
                }
                env.put(var.getName(), value);
            } else {
                env.put(var.getName(), expand(var.getValue(), env));
            }
        }
        String mounted = env.get("QUARKUS_CONFIG_LOCATIONS");
        assertThat(mounted).startsWith("/etc/hookgate/");
        env.put("QUARKUS_CONFIG_LOCATIONS", mount.resolve(mounted.substring("/etc/hookgate/".length())).toString());
        // The pod's own network namespace, emulated with free loopback ports.
        httpPort = Ports.free();
        managementPort = Ports.free();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");

        ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("hookgate.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("HOOKGATE_"));
        builder.environment().putAll(env);
        process = builder.start();
        awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
        BILLING.stop();
    }

    @Test
    void sourcesComeFromTheMountedFileWithTheirSecretsFromEnv() {
        given().port(managementPort).header("Authorization", "Bearer " + ADMIN_TOKEN).get("/admin/sources")
                .then().statusCode(200)
                .body("items.find { it.name == 'github' }.scheme", equalTo("github"))
                .body("items.find { it.name == 'github' }.secrets", equalTo(1))
                .body("items.find { it.name == 'github' }.maxBodySize", equalTo(64 * 1024))
                .body("items.find { it.name == 'github' }.address", equalTo("chart.webhooks.github"))
                .body("items.find { it.name == 'github' }.publicUrl", equalTo("https://hooks.example.com/webhooks/github"))
                .body("items.find { it.name == 'stripe' }.scheme", equalTo("stripe"))
                .body("items.find { it.name == 'stripe' }.tolerance", equalTo("PT2M"))
                .body("items.find { it.name == 'open-test' }.scheme", equalTo("none"));
    }

    @Test
    void adminApiTakesOnlyTheChartsToken() {
        given().port(managementPort).header("Authorization", "Bearer wrong-token").get("/admin/sources")
                .then().statusCode(401);
    }

    @Test
    void webhooksSignedWithTheSecretsAreAcceptedAndStored() {
        byte[] body = ("{\"zen\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        given().port(httpPort).contentType("application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(GITHUB_SECRET, body))
                .body(body).post("/webhooks/github").then().statusCode(202).body("duplicate", equalTo(false));
        given().port(httpPort).contentType("application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github("not-the-secret", body))
                .body(body).post("/webhooks/github").then().statusCode(401);

        byte[] event = ("{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"invoice.paid\"}")
                .getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        given().port(httpPort).contentType("application/json")
                .header("Stripe-Signature", Sign.stripe(STRIPE_SECRET, now, event))
                .body(event).post("/webhooks/stripe").then().statusCode(202);
    }

    @Test
    void routesComeFromTheMountedFileWithTheirSecretsFromEnv() throws Exception {
        String id = "evt_" + UUID.randomUUID();
        byte[] paid = ("{\"id\":\"" + id + "\",\"type\":\"invoice.paid\",\"data\":{\"object\":{\"currency\":\"eur\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        given().port(httpPort).contentType("application/json")
                .header("Stripe-Signature", Sign.stripe(STRIPE_SECRET, now, paid))
                .body(paid).post("/webhooks/stripe").then().statusCode(202);
        // The euro invoice reaches billing (the filter the chart writes as JSON is accepted at boot; what it matches is
        // RouteFilter's tests' business), signed with the route's secret, with the plain and the Secret-backed header.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (BILLING.requests().stream().noneMatch(r -> new String(r.body(), StandardCharsets.UTF_8).contains(id))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<Receiver.Request> received = BILLING.requests().stream()
                .filter(r -> new String(r.body(), StandardCharsets.UTF_8).contains(id)).toList();
        assertThat(received).as("billing's requests; hookgate's log:%n%s", log()).isNotEmpty();
        Receiver.Request request = received.get(0);
        assertThat(request.header("Authorization")).isEqualTo(BILLING_TOKEN);
        assertThat(request.header("X-Tenant")).isEqualTo("acme");
        Map<String, List<String>> headers = new HashMap<>();
        request.headers().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        new Webhook(BILLING_SIGNING_SECRET).verify(new String(request.body(), StandardCharsets.UTF_8), headers);
        // The secrets never show in the log.
        assertThat(log()).doesNotContain(BILLING_TOKEN).doesNotContain(BILLING_SIGNING_SECRET);
    }

    @Test
    void probesAnswerOnTheManagementPort() {
        for (String path : Manifests.PROBE_PATHS.values()) {
            given().port(managementPort).get(path).then().statusCode(200);
        }
    }

    static List<String> command() {
        Path binary = Path.of(System.getProperty("native.image.path", "target/none"));
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(binary)) {
            command.add(binary.toAbsolutePath().toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
            command.add("-jar");
            command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString());
        }
        return command;
    }

    /** The kubelet's $(VAR) expansion: variables defined earlier in the list; unknown references stay as they are. */
    static String expand(String value, Map<String, String> defined) {
        Matcher m = VAR.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = defined.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }

    static void awaitReady(Duration timeout) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("hookgate exited " + process.exitValue() + ":\n" + log());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("hookgate not ready within " + timeout + ":\n" + log());
    }

    static String log() throws java.io.IOException {
        return Files.readString(dir.resolve("hookgate.log"));
    }

    static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
