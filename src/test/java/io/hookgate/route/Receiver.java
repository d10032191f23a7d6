package io.hookgate.route;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.hookgate.embedded.Ports;

/**
 * A real HTTP receiver on loopback for route tests: records every request it gets (arrival, headers, exact body)
 * and answers as the test says ({@link #answer}). {@link #stop} and {@link #start} take it off the network and
 * back on the same port, so that hookgate sees connections refused meanwhile.
 */
public final class Receiver {

    /** What to answer: a status, headers, a body, and how long to wait first. */
    public record Answer(int status, Map<String, String> headers, String body, long delayMillis) {
        public static Answer ok() {
            return new Answer(200, Map.of(), "ok", 0);
        }

        public static Answer status(int status) {
            return new Answer(status, Map.of(), "status " + status, 0);
        }
    }

    /** One request as it arrived. */
    public record Request(Instant at, Map<String, List<String>> headers, byte[] body, int number) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile Function<Request, Answer> answer = r -> Answer.ok();
    private HttpServer server;
    private ExecutorService threads;

    public Receiver() {
        this.port = Ports.free();
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    public synchronized Receiver start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        } catch (IOException e) {
            throw new IllegalStateException("receiver could not bind 127.0.0.1:" + port, e);
        }
        threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** Off the network: connections are refused until {@link #start}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            server = null;
        }
    }

    public void answer(Function<Request, Answer> answer) {
        this.answer = answer;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Request request = new Request(Instant.now(), Map.copyOf(exchange.getRequestHeaders()), body, count.incrementAndGet());
        requests.add(request);
        Answer a = answer.apply(request);
        if (a.delayMillis() > 0) {
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
        }
        a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] out = a.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        } catch (IOException gone) {
            // hookgate gave up on this request (its timeout): nothing to answer.
        }
    }
}
