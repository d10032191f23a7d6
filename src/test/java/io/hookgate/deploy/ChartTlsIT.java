package io.hookgate.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hookgate.embedded.EmbeddedDatabase;
import io.hookgate.embedded.Ports;
import io.hookgate.support.Sign;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The chart's TLS wiring boots the real application against a PostgreSQL and an AMQP broker that speak TLS with
 * certificates of a private CA: database.tls.mode=verify-full with the CA (the reactive pool and Flyway's JDBC
 * connection both check the server) and broker.tls with a trust store. The broker's acceptor takes TLS only, so a
 * ready instance that publishes proves AMQPS; PostgreSQL's pg_stat_ssl shows hookgate's connections encrypted.
 * Needs openssl and keytool (skipped without them). Runs the jar (the JVM flavor, whose JAVA_TOOL_OPTIONS carries
 * the trust store), or the native binary (-Dnative.image.path) with the container's args.
 */
class ChartTlsIT {

    static final String GITHUB_SECRET = "chart-tls-it-github-secret";
    static final String ADMIN_TOKEN = "chart-tls-it-admin-token-0123456789";
    static final String STORE_PASSWORD = "chart-tls-it";

    static Path dir;
    static EmbeddedPostgres postgres;
    static EmbeddedActiveMQ broker;
    static Process process;
    static int httpPort;
    static int managementPort;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(onPath("openssl") && onPath("keytool"), "openssl and keytool are needed for the certificates");
        dir = Files.createTempDirectory("hookgate-chart-tls-it");
        Path tls = Files.createDirectories(dir.resolve("tls"));
        // A private CA and a server certificate for localhost, used by both servers.
        run(tls, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=hookgate-test-ca",
                "-keyout", "ca.key", "-out", "ca.crt");
        run(tls, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key",
                "-out", "server.csr");
        Files.writeString(tls.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        run(tls, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
        Files.setPosixFilePermissions(tls.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
        run(tls, "openssl", "pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-out", "server.p12",
                "-passout", "pass:" + STORE_PASSWORD);
        run(tls, "keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);

        int pgPort = Ports.free();
        postgres = EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(dir.resolve("postgres"))
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", tls.resolve("server.crt").toString())
                .setServerConfig("ssl_key_file", tls.resolve("server.key").toString())
                .start();
        // The migrator's job (hookgate carries no Flyway); the TLS under test is hookgate's reactive pool's.
        EmbeddedDatabase.migrate("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres",
                "postgres");
        int amqpPort = Ports.free();
        broker = new EmbeddedActiveMQ();
        broker.setConfiguration(brokerConfiguration(amqpPort, tls.resolve("server.p12")));
        broker.start();
        assertThat(broker.getActiveMQServer().getRemotingService().getAcceptor("amqps").isStarted()).isTrue();

        Path native_ = Path.of(System.getProperty("native.image.path", "target/none"));
        boolean nativeBinary = Files.isExecutable(native_);
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, """
                image:
                  flavor: %s
                sources:
                  github:
                    scheme: github
                    secret: {existingSecret: github-webhook, key: secret}
                database:
                  existingSecret: pg
                  tls:
                    mode: verify-full
                    ca: {secretName: pg-ca}
                broker:
                  existingSecret: amqp
                  tls:
                    trustStore: {secretName: amqp-trust, passwordKey: password}
                admin:
                  token: %s
                """.formatted(nativeBinary ? "native" : "jvm", ADMIN_TOKEN));
        List<HasMetadata> objects = Chart.render(values, Map.of());

        // verify-full checks the name the Secret gives, localhost, against the certificate.
        Map<String, Map<String, String>> secrets = new HashMap<>();
        secrets.put("pg", Map.of("host", "localhost", "port", Integer.toString(pgPort), "dbname", "postgres",
                "username", "postgres", "password", "postgres"));
        secrets.put("amqp", Map.of("host", "127.0.0.1", "port", Integer.toString(amqpPort)));
        secrets.put("amqp-trust", Map.of("password", STORE_PASSWORD));
        secrets.put("github-webhook", Map.of("secret", GITHUB_SECRET));
        for (Secret secret : Manifests.all(objects, Secret.class)) {
            secrets.put(secret.getMetadata().getName(), HelmChartTest.decode(secret));
        }
        Deployment deployment = Manifests.one(objects, Deployment.class);
        Container container = Manifests.hookgateContainer(deployment);

        // The volumes, "mounted" under the temporary directory: the ConfigMap, the CA (database-ca, from the
        // Secret pg-ca), the trust store (broker-trust-store, from the Secret amqp-trust).
        Path mount = Files.createDirectories(dir.resolve("etc-hookgate"));
        ConfigMap config = Manifests.named(objects, ConfigMap.class, n -> n.equals("hookgate")).orElseThrow();
        for (Map.Entry<String, String> file : config.getData().entrySet()) {
            Files.writeString(mount.resolve(file.getKey()), file.getValue());
        }
        Path tlsMount = dir.resolve("etc-hookgate-tls");
        Files.createDirectories(tlsMount.resolve("database"));
        Files.createDirectories(tlsMount.resolve("broker"));
        Files.copy(tls.resolve("ca.crt"), tlsMount.resolve("database/ca.crt"));
        Files.copy(tls.resolve("trust.p12"), tlsMount.resolve("broker/truststore.p12"));
        assertThat(container.getVolumeMounts()).extracting("mountPath")
                .contains("/etc/hookgate", "/etc/hookgate-tls/database", "/etc/hookgate-tls/broker");

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
                env.put(var.getName(), relocate(ChartConfigIT.expand(var.getValue(), env), mount, tlsMount));
            }
        }
        httpPort = Ports.free();
        managementPort = Ports.free();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");

        List<String> command = new ArrayList<>(ChartConfigIT.command());
        if (nativeBinary) {
            container.getArgs().forEach(arg -> command.add(relocate(ChartConfigIT.expand(arg, env), mount, tlsMount)));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("hookgate.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("HOOKGATE_")
                || k.startsWith("JAVA_TOOL_OPTIONS"));
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
        if (broker != null) {
            broker.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void hookgateTalksTlsToPostgresqlAndPublishesOverAmqps() throws Exception {
        byte[] body = ("{\"zen\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        String id = given().port(httpPort).contentType("application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(GITHUB_SECRET, body))
                .body(body).post("/webhooks/github").then().statusCode(202).body("duplicate", equalTo(false))
                .extract().path("id");
        // Accepted by the TLS-only broker acceptor.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String status = null;
        while (System.nanoTime() < deadline && !"PUBLISHED".equals(status)) {
            status = given().port(managementPort).header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .get("/admin/events/" + id).then().statusCode(200).extract().path("status");
            Thread.sleep(200);
        }
        assertThat(status).as("hookgate log:\n" + log()).isEqualTo("PUBLISHED");
        // Every client connection but this query's own is encrypted.
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                ResultSet rs = c.createStatement().executeQuery("""
                        select count(*), count(*) filter (where s.ssl)
                        from pg_stat_activity a join pg_stat_ssl s using (pid)
                        where a.backend_type = 'client backend' and a.pid <> pg_backend_pid()""")) {
            rs.next();
            assertThat(rs.getInt(1)).as("hookgate's connections").isPositive();
            assertThat(rs.getInt(2)).as("of them encrypted").isEqualTo(rs.getInt(1));
        }
    }

    static Configuration brokerConfiguration(int port, Path keyStore) throws Exception {
        Configuration config = new ConfigurationImpl().setName("hookgate-tls-it").setSecurityEnabled(false)
                .setPersistenceEnabled(false).setGracefulShutdownEnabled(false);
        config.addAcceptorConfiguration("amqps", "tcp://127.0.0.1:" + port + "?protocols=AMQP;sslEnabled=true;"
                + "keyStorePath=" + keyStore + ";keyStorePassword=" + STORE_PASSWORD + ";keyStoreType=PKCS12");
        config.addAddressSetting("#", new AddressSettings().setAutoCreateAddresses(true).setAutoCreateQueues(true)
                .setDefaultAddressRoutingType(RoutingType.ANYCAST).setDefaultQueueRoutingType(RoutingType.ANYCAST));
        return config;
    }

    /** The pod's mount paths, moved to where this test "mounted" them. */
    static String relocate(String value, Path mount, Path tlsMount) {
        return value.replace("/etc/hookgate-tls/", tlsMount + "/").replace("/etc/hookgate/", mount + "/");
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

    static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    static void run(Path workDir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }
}
