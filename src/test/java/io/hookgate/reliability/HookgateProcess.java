package io.hookgate.reliability;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.hookgate.embedded.Ports;

/** hookgate as a real OS process, from the packaged jar or native executable, so it can be SIGKILLed and restarted. */
public final class HookgateProcess implements AutoCloseable {

    static final String SECRET = "reliability-secret";

    private final String name;
    private final Map<String, String> config;
    private final int httpPort = Ports.free();
    private final int managementPort = Ports.free();
    private final Path log;
    private Process process;

    HookgateProcess(String name, Map<String, String> config, Path logDir) {
        this.name = name;
        this.config = config;
        this.log = logDir.resolve(name + ".log");
    }

    HookgateProcess start() throws Exception {
        launch();
        awaitReady(Duration.ofSeconds(60));
        return this;
    }

    /** Starts the process without waiting for anything: for a test that watches the start itself. */
    HookgateProcess launch() throws Exception {
        List<String> command = new ArrayList<>();
        Path nativeRunner = nativeRunner();
        command.add(nativeRunner != null ? nativeRunner.toString()
                : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort);
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-Dhookgate.admin.token=reliability-admin-token-0123456789abcdef");
        command.add("-Dhookgate.sources.github.scheme=github");
        command.add("-Dhookgate.sources.github.secrets=" + SECRET);
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        if (nativeRunner == null) {
            command.add("-jar");
            command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    /**
     * The native executable when the build made one (`-Dnative`), as @QuarkusIntegrationTest decides: from the
     * artifact record Quarkus writes in target/. Null for the fast-jar.
     */
    public static Path nativeRunner() throws IOException {
        Path record = Path.of("target", "quarkus-artifact.properties");
        if (!Files.exists(record)) {
            return null;
        }
        Properties artifact = new Properties();
        try (var in = Files.newInputStream(record)) {
            artifact.load(in);
        }
        return "native".equals(artifact.getProperty("type")) ? Path.of("target", artifact.getProperty("path")) : null;
    }

    /** Ready means both PostgreSQL and the broker answer; while one is down, use awaitLive. */
    void awaitReady(Duration timeout) throws Exception {
        awaitStatus("/q/health/ready", timeout);
    }

    void awaitLive(Duration timeout) throws Exception {
        awaitStatus("/q/health/live", timeout);
    }

    /** The status of a management GET, or -1 when no answer came within the timeout (a failed kubelet probe). */
    int status(String path, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            return client.send(HttpRequest.newBuilder(URI.create(managementUrl() + path)).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.net.http.HttpTimeoutException noAnswer) {
            return -1;
        }
    }

    private void awaitStatus(String path, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not " + path + " within " + timeout + "; see " + log);
    }

    /** SIGKILL: no shutdown hooks, no flushing, exactly like an OOM kill or a node loss. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The management interface: health, metrics and /admin (token "reliability-admin-token-0123456789abcdef"). */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    File logFile() {
        return log.toFile();
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
