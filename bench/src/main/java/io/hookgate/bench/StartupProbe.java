package io.hookgate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Measures start-to-ready without disturbing the start: bench/compare.sh starts this probe first, waits for its
 * {@code probing} line, notes the time, and only then starts the application. The probe polls the readiness URL
 * every {@code --interval} (10 ms) from an already warm JVM, which costs far less CPU than a curl every 10 ms would
 * on a 2-core machine, and prints the wall-clock time of the first answer with the expected status:
 * {@code READY_EPOCH_US=<microseconds since the epoch>}.
 *
 * <p>Exit status: 0 ready, 2 not ready within {@code --timeout}, 1 usage error.
 */
public final class StartupProbe {

    private static final Set<String> KEYS = Set.of("url", "method", "expect-status", "interval", "timeout");

    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> m = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0 || !KEYS.contains(arg.substring(2, eq))) {
                System.err.println("usage: StartupProbe --url=http://127.0.0.1:9000/q/health/ready [--method=GET|POST]"
                        + " [--expect-status=200] [--interval=10ms] [--timeout=180s]");
                System.exit(1);
            }
            m.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        URI url = URI.create(m.getOrDefault("url", "http://127.0.0.1:9000/q/health/ready"));
        String host = url.getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            System.err.println("--url must point at 127.0.0.1");
            System.exit(1);
        }
        boolean post = m.getOrDefault("method", "GET").equalsIgnoreCase("POST");
        int expect = Integer.parseInt(m.getOrDefault("expect-status", "200"));
        long interval = Options.duration(m.getOrDefault("interval", "10ms")).toMillis();
        long timeout = Options.duration(m.getOrDefault("timeout", "180s")).toNanos();

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/json");
        HttpRequest request = (post ? b.POST(HttpRequest.BodyPublishers.ofString("{}")) : b.GET()).build();

        attempt(client, request); // warms the HTTP client's classes before the application starts
        System.out.println("probing " + url);
        System.out.flush();
        long deadline = System.nanoTime() + timeout;
        while (System.nanoTime() < deadline) {
            if (attempt(client, request) == expect) {
                Instant now = Instant.now();
                System.out.println("READY_EPOCH_US=" + (now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000));
                System.exit(0);
            }
            Thread.sleep(interval);
        }
        System.out.println("NOT_READY");
        System.exit(2);
    }

    private static int attempt(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
