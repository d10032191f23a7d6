package io.hookgate.bench;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Command-line options, all {@code --key=value}. Unknown keys are an error, so a typo never runs the wrong test. */
record Options(
        URI url,
        String source,
        String scheme,
        String secret,
        int concurrency,
        Duration duration,
        Duration warmup,
        Double rate,
        int bodySize,
        String jdbc,
        String dbUser,
        String dbPassword,
        URI amqp,
        String amqpAddress,
        boolean amqpDurable,
        Duration drainTimeout,
        Duration brokerIdle,
        Duration requestTimeout,
        int eventLoops,
        boolean progress,
        List<Duration> windows,
        Map<String, Long> cpuOf) {

    private static final Set<String> KEYS = Set.of("url", "source", "scheme", "secret", "concurrency", "duration",
            "warmup", "rate", "body-size", "jdbc", "db-user", "db-password", "amqp", "amqp-address", "amqp-durable", "drain-timeout",
            "broker-idle", "request-timeout", "event-loops", "progress", "windows", "cpu-of");

    static final String USAGE = """
            usage: LoadGenerator [--key=value ...]
              --url=http://localhost:8080        hookgate public base URL (must be loopback)
              --source=github-demo               source name, POST {url}/webhooks/{source}
              --scheme=github|stripe             signature scheme (default: from the source name, else github)
              --secret=...                       signing secret (default: the local profile's demo secret)
              --concurrency=64                   max requests in flight
              --duration=30s --warmup=5s         measured phase and warm-up phase (ms, s, m; plain number = s)
              --rate=N                           fixed N requests/s, latency from the intended send time
                                                 (coordinated-omission corrected); absent = max throughput
              --body-size=512                    JSON body size in bytes
              --jdbc=jdbc:postgresql://127.0.0.1:15432/postgres --db-user=postgres --db-password=postgres
                                                 (--jdbc=none: do not check the database)
              --amqp=amqp://127.0.0.1:16672      broker to count the run's messages on (consumes them;
                                                 amqp://guest:guest@127.0.0.1:5672 for RabbitMQ);
                                                 --amqp=none: do not check the broker
              --amqp-address=webhooks.{source}   queue the source publishes to
              --amqp-durable=true                attach with a durable source, as to hookgate's durable queue;
                                                 false for a queue declared non-durable (SmallRye's AMQP connector)
              --drain-timeout=30s                how long to wait for PENDING rows to be PUBLISHED afterwards
              --broker-idle=2s                   the broker check ends when no message came for this long
                                                 (RabbitMQ's AMQP 1.0 plugin pauses for seconds on a large queue)
              --request-timeout=30s              per-request timeout: no byte of the answer for this long (an error)
              --event-loops=1                    event loops (threads) of the generator's HTTP client
              --progress=false                   true: one line per second of the measured phase (answers, p99,
                                                 max), to see when a latency tail happened
              --cpu-of=app:PID,pg:PID,...        report these processes' CPU (with their children) per accepted
                                                 event over the measured phase: RESULT gets cpu_<name>_ms_per_event
              --windows=20s,80s                  also report the latencies of the measured phase split at these
                                                 offsets (answers by arrival time): window 1 is [0, 20 s), window 2
                                                 [20 s, 80 s), window 3 the rest; RESULT gets w<N>_p99_ms and more
            """;

    static Options parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (!arg.startsWith("--") || arg.indexOf('=') < 0) {
                throw new IllegalArgumentException("expected --key=value, got: " + arg);
            }
            String key = arg.substring(2, arg.indexOf('='));
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
            m.put(key, arg.substring(arg.indexOf('=') + 1));
        }
        String source = m.getOrDefault("source", "github-demo");
        String scheme = m.getOrDefault("scheme", source.startsWith("stripe") ? "stripe" : "github")
                .toLowerCase(Locale.ROOT);
        if (!scheme.equals("github") && !scheme.equals("stripe")) {
            throw new IllegalArgumentException("--scheme must be github or stripe");
        }
        String secret = m.getOrDefault("secret", scheme.equals("stripe") ? "whsec_local_stripe_secret" : "local-github-secret");
        URI url = URI.create(stripSlash(m.getOrDefault("url", "http://localhost:8080")));
        requireLoopback(url.getHost(), "--url");
        String jdbc = m.getOrDefault("jdbc", "jdbc:postgresql://127.0.0.1:15432/postgres");
        if (jdbc.equals("none")) {
            jdbc = null;
        } else {
            requireLoopback(URI.create(jdbc.substring("jdbc:".length())).getHost(), "--jdbc");
        }
        String amqpUri = m.getOrDefault("amqp", "amqp://127.0.0.1:16672");
        URI amqp = null;
        if (!amqpUri.equals("none")) {
            amqp = URI.create(amqpUri);
            requireLoopback(amqp.getHost(), "--amqp");
            if (amqp.getPort() < 0) {
                throw new IllegalArgumentException("--amqp needs a port, e.g. amqp://127.0.0.1:16672");
            }
        }
        int concurrency = Integer.parseInt(m.getOrDefault("concurrency", "64"));
        int bodySize = Integer.parseInt(m.getOrDefault("body-size", "512"));
        int eventLoops = Integer.parseInt(m.getOrDefault("event-loops", "1"));
        Double rate = m.containsKey("rate") && !m.get("rate").isBlank() ? Double.valueOf(m.get("rate")) : null;
        if (concurrency < 1 || eventLoops < 1 || bodySize < 0 || (rate != null && rate <= 0)) {
            throw new IllegalArgumentException("--concurrency, --event-loops and --rate must be positive, --body-size >= 0");
        }
        return new Options(url, source, scheme, secret, concurrency,
                duration(m.getOrDefault("duration", "30s")), duration(m.getOrDefault("warmup", "5s")), rate, bodySize,
                jdbc, m.getOrDefault("db-user", "postgres"), m.getOrDefault("db-password", "postgres"),
                amqp, m.getOrDefault("amqp-address", "webhooks." + source),
                Boolean.parseBoolean(m.getOrDefault("amqp-durable", "true")),
                duration(m.getOrDefault("drain-timeout", "30s")), duration(m.getOrDefault("broker-idle", "2s")),
                duration(m.getOrDefault("request-timeout", "30s")),
                eventLoops, Boolean.parseBoolean(m.getOrDefault("progress", "false")), windows(m.getOrDefault("windows", "")),
                cpuOf(m.getOrDefault("cpu-of", "")));
    }

    /** The harness must never generate traffic to anything but this machine. */
    private static void requireLoopback(String host, String option) {
        if (host == null || !(host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")
                || host.equals("::1"))) {
            throw new IllegalArgumentException(option + " must point at localhost/127.0.0.1, got host " + host);
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static Map<String, Long> cpuOf(String s) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                int colon = part.indexOf(':');
                if (colon < 1) {
                    throw new IllegalArgumentException("--cpu-of takes name:pid pairs, got " + part);
                }
                pids.put(part.substring(0, colon).strip(), Long.parseLong(part.substring(colon + 1).strip()));
            }
        }
        return pids;
    }

    private static List<Duration> windows(String s) {
        List<Duration> bounds = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                Duration d = duration(part);
                if (!bounds.isEmpty() && d.compareTo(bounds.get(bounds.size() - 1)) <= 0) {
                    throw new IllegalArgumentException("--windows must be increasing offsets, got " + s);
                }
                bounds.add(d);
            }
        }
        return List.copyOf(bounds);
    }

    static Duration duration(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    }

    String mode() {
        return rate == null ? "max" : "rate";
    }
}
