package io.hookgate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Attack traffic for bench/attack.sh: connections that each repeat one attack of the "Hostile internet" issue
 * against hookgate's public port, on raw sockets (an attacker does not use a polite client), until --duration has
 * passed. Prints one line per attack kind with the outcomes it saw (HTTP status, or how the connection ended).
 *
 * <ul>
 * <li>{@code headers-only}: headers that announce a 1 MB body to the GitHub source, then nothing until hookgate
 * closes the connection (its body timeout) or 60 s pass.</li>
 * <li>{@code stripe-candidates}: a 1 MB JSON body to the Stripe source with a {@code Stripe-Signature} of a current
 * timestamp and 200 forged {@code v1=} values.</li>
 * <li>{@code unknown-source}: a small body to {@code /webhooks/<random name>}.</li>
 * <li>{@code encoded-path}: a 3 MB body to {@code /%77ebhooks/<github source>} (was a 500 past the size limit).</li>
 * </ul>
 *
 * Options: --port (8080), --connections (64, shared evenly by the kinds), --duration (60s), --github-source
 * (github-demo), --stripe-source (stripe-demo), --kinds (all four, comma-separated).
 */
public final class AttackGenerator {

    private static final byte[] ONE_MB_JSON = json(1024 * 1024);
    private static final byte[] THREE_MB = filled(3 * 1024 * 1024);

    private final int port;
    private final String githubSource;
    private final String stripeSource;
    private final long deadline;
    private final Map<String, Map<String, LongAdder>> outcomes = new ConcurrentHashMap<>();

    private AttackGenerator(int port, String githubSource, String stripeSource, long deadline) {
        this.port = port;
        this.githubSource = githubSource;
        this.stripeSource = stripeSource;
        this.deadline = deadline;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new TreeMap<>();
        for (String a : args) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            o.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        int port = Integer.parseInt(o.getOrDefault("port", "8080"));
        int connections = Integer.parseInt(o.getOrDefault("connections", "64"));
        long durationMs = parseMs(o.getOrDefault("duration", "60s"));
        List<String> kinds = List.of(o.getOrDefault("kinds", "headers-only,stripe-candidates,unknown-source,encoded-path")
                .split(","));
        AttackGenerator gen = new AttackGenerator(port, o.getOrDefault("github-source", "github-demo"),
                o.getOrDefault("stripe-source", "stripe-demo"), System.currentTimeMillis() + durationMs);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            String kind = kinds.get(i % kinds.size());
            threads.add(Thread.ofPlatform().daemon().name("attack-" + kind + "-" + i).start(() -> gen.loop(kind)));
        }
        for (Thread t : threads) {
            t.join(durationMs + 70_000);
        }
        gen.print(connections, durationMs);
        System.exit(0);
    }

    private void loop(String kind) {
        while (System.currentTimeMillis() < deadline) {
            String outcome;
            try {
                outcome = switch (kind) {
                    case "headers-only" -> headersOnly();
                    case "stripe-candidates" -> send("/webhooks/" + stripeSource, stripeHeaders(), ONE_MB_JSON);
                    case "unknown-source" -> send("/webhooks/atk-" + Long.toHexString(ThreadLocalRandom.current().nextLong()),
                            "Content-Type: application/json\r\n", "{\"x\":1}".getBytes(StandardCharsets.US_ASCII));
                    case "encoded-path" -> send("/%77ebhooks/" + githubSource,
                            "Content-Type: application/json\r\nX-GitHub-Event: push\r\n", THREE_MB);
                    default -> throw new IllegalArgumentException("unknown attack " + kind);
                };
            } catch (SocketTimeoutException e) {
                outcome = "timeout";
            } catch (IOException e) {
                outcome = "closed";
                pause(20); // a refused or reset connection: do not spin
            }
            outcomes.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(outcome, k -> new LongAdder())
                    .increment();
        }
    }

    /** Headers announcing 1 MB, then silence: the answer hookgate gives, or how it ended the connection. */
    private String headersOnly() throws IOException {
        try (Socket s = connect(60_000)) {
            s.getOutputStream().write(("POST /webhooks/" + githubSource + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nX-GitHub-Event: push\r\nX-Hub-Signature-256: sha256=00\r\n"
                    + "Content-Length: 1048576\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return status(s.getInputStream());
        }
    }

    private String send(String target, String headers, byte[] body) throws IOException {
        try (Socket s = connect(30_000)) {
            OutputStream out = s.getOutputStream();
            out.write(("POST " + target + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "Content-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                for (int off = 0; off < body.length; off += 65536) {
                    out.write(body, off, Math.min(65536, body.length - off));
                }
                out.flush();
            } catch (IOException refusedMidBody) {
                // hookgate may answer (413) and close before the whole body was sent: read what it said.
            }
            return status(s.getInputStream());
        }
    }

    private Socket connect(int readTimeoutMs) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(readTimeoutMs);
        return s;
    }

    private static String status(InputStream in) throws IOException {
        byte[] head = new byte[12];
        int n = 0;
        while (n < head.length) {
            int r = in.read(head, n, head.length - n);
            if (r < 0) {
                return n == 0 ? "closed" : "truncated";
            }
            n += r;
        }
        String line = new String(head, StandardCharsets.US_ASCII);
        return line.startsWith("HTTP/1.1 ") ? line.substring(9, 12) : "garbage";
    }

    private static String stripeHeaders() {
        StringBuilder sig = new StringBuilder("t=").append(System.currentTimeMillis() / 1000);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 200; i++) {
            sig.append(",v1=").append(String.format(Locale.ROOT, "%016x%016x%016x%016x", r.nextLong(), r.nextLong(),
                    r.nextLong(), r.nextLong()));
        }
        return "Content-Type: application/json\r\nStripe-Signature: " + sig + "\r\n";
    }

    private void print(int connections, long durationMs) {
        System.out.printf(Locale.ROOT, "attack: %d connections for %.0f s%n", connections, durationMs / 1000.0);
        outcomes.forEach((kind, byOutcome) -> {
            long total = byOutcome.values().stream().mapToLong(LongAdder::sum).sum();
            StringBuilder line = new StringBuilder();
            new TreeMap<>(byOutcome).forEach((k, v) -> line.append(' ').append(k).append('=').append(v.sum()));
            System.out.printf(Locale.ROOT, "ATTACK kind=%s requests=%d%s%n", kind, total, line);
        });
    }

    private static byte[] json(int size) {
        byte[] b = filled(size);
        b[0] = '"';
        b[size - 1] = '"';
        return b;
    }

    private static byte[] filled(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'a');
        return b;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long parseMs(String v) {
        if (v.endsWith("ms")) {
            return Long.parseLong(v.substring(0, v.length() - 2));
        }
        if (v.endsWith("s")) {
            return Long.parseLong(v.substring(0, v.length() - 1)) * 1000;
        }
        if (v.endsWith("m")) {
            return Long.parseLong(v.substring(0, v.length() - 1)) * 60_000;
        }
        return Long.parseLong(v) * 1000;
    }
}
