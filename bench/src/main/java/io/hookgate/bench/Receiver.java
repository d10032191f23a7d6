package io.hookgate.bench;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The destination of bench/routes.sh's HTTP routes: answers every POST with an empty 200 at once (the body is not
 * read into memory) and counts the requests and the distinct webhook-id values, so the script sees how many
 * deliveries arrived and how many were repeats. {@code GET /stats} answers one line
 * {@code requests=N distinct=M first_ms=T last_ms=T} (epoch ms of the first and last POST, 0 before any);
 * {@code GET /reset} zeroes everything. A process of its own, so its CPU is never counted as hookgate's.
 * <p>
 * One event loop: all the counting happens on it, so plain fields suffice. Listens on 127.0.0.1 only.
 */
public final class Receiver {

    private long requests;
    private long firstMs;
    private long lastMs;
    private final Set<String> ids = new HashSet<>();

    public static void main(String[] args) {
        int port = 18090;
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else {
                System.err.println("usage: Receiver [--port=18090]");
                System.exit(1);
            }
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        Receiver receiver = new Receiver();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                .setTcpNoDelay(true));
        server.requestHandler(req -> {
            if (req.method() == HttpMethod.POST) {
                receiver.count(req.getHeader("webhook-id"));
                // Answer at once; the body is dropped as it streams in.
                req.handler(chunk -> {
                });
                req.endHandler(v -> req.response().setStatusCode(200).end());
            } else if (req.path().equals("/stats")) {
                req.response().putHeader("Content-Type", "text/plain").end(receiver.stats() + "\n");
            } else if (req.path().equals("/reset")) {
                receiver.reset();
                req.response().end("reset\n");
            } else {
                req.response().setStatusCode(404).end();
            }
        });
        int listening = port;
        server.listen().onSuccess(s -> System.out.println("receiver listening on 127.0.0.1:" + listening))
                .onFailure(f -> {
                    System.err.println("receiver: cannot listen on 127.0.0.1:" + listening + ": " + f.getMessage());
                    System.exit(1);
                });
    }

    private void count(String webhookId) {
        long now = System.currentTimeMillis();
        if (requests++ == 0) {
            firstMs = now;
        }
        lastMs = now;
        ids.add(webhookId == null ? "" : webhookId);
    }

    private String stats() {
        return String.format(Locale.ROOT, "requests=%d distinct=%d first_ms=%d last_ms=%d", requests, ids.size(),
                firstMs, lastMs);
    }

    private void reset() {
        requests = 0;
        firstMs = 0;
        lastMs = 0;
        ids.clear();
    }
}
