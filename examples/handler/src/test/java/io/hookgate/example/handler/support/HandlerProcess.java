package io.hookgate.example.handler.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** This example's packaged handler (target/quarkus-app/quarkus-run.jar) as an OS process. */
public final class HandlerProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final int httpPort = Ports.free();
    private final JavaProcess process;

    public HandlerProcess(String name, TestPostgres.Database database, BrokerUnderTest broker, Path logDirectory) {
        this(name, database, broker, Map.of(), logDirectory);
    }

    public HandlerProcess(String name, TestPostgres.Database database, BrokerUnderTest broker,
            Map<String, String> extraConfig, Path logDirectory) {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run `package` first (failsafe runs after it)");
        }
        Map<String, String> config = new HashMap<>(database.quarkusConfig());
        config.putAll(broker.handlerConfig());
        config.put("quarkus.http.port", String.valueOf(httpPort));
        config.put("quarkus.http.host", "127.0.0.1");
        config.putAll(extraConfig);
        process = new JavaProcess(name, JAR, config, logDirectory);
    }

    public HandlerProcess start() throws Exception {
        process.start().awaitOk(url("/q/health/ready"), Duration.ofSeconds(60));
        return this;
    }

    public void kill() throws InterruptedException {
        process.kill();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** handler_events_total{outcome=...} of this process (a restarted process counts from 0). */
    public double events(String outcome) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/q/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^handler_events_total\\{[^}]*outcome=\"" + Pattern.quote(outcome)
                + "\"[^}]*\\} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    public Path log() {
        return process.log();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
