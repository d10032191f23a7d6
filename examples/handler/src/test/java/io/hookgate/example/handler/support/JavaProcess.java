package io.hookgate.example.handler.support;

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
import java.util.concurrent.TimeUnit;

/** A packaged Quarkus application ({@code quarkus-run.jar}) as an OS process of its own, so it can be SIGKILLed. */
public final class JavaProcess implements AutoCloseable {

    private final String name;
    private final List<String> command = new ArrayList<>();
    private final Path log;
    private Process process;

    public JavaProcess(String name, Path jar, Map<String, String> systemProperties, Path logDirectory) {
        this.name = name;
        this.log = logDirectory.resolve(name + ".log");
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
    }

    /** Starts the process, appending its output to the log (a restart keeps the earlier run's lines). */
    public JavaProcess start() throws IOException {
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        // A test JVM that dies or is stopped takes its processes along, rather than leaving them attached to a broker.
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, name + "-stop"));
        return this;
    }

    /** Waits for an HTTP 200 from the URL, failing at once if the process exits. */
    public JavaProcess awaitOk(String url, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + ": no 200 from " + url + " within " + timeout + "; see " + log);
    }

    /** SIGKILL: no shutdown hook, no ack of what is in flight, like an OOM kill or a lost node. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
