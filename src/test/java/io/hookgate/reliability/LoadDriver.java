package io.hookgate.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.hookgate.support.Sign;

/**
 * Sends unique, signed github webhooks from a few threads until stopped, and remembers every answer:
 * which deliveries got a 2xx (and the event id), and how many got each status.
 */
final class LoadDriver implements AutoCloseable {

    private final List<String> targets;
    private final ExecutorService threads;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** delivery id -> event id, for every 2xx. */
    final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    final Set<String> sentDeliveries = ConcurrentHashMap.newKeySet();
    final AtomicInteger ioErrors = new AtomicInteger();

    LoadDriver(List<String> targets, int concurrency) {
        this.targets = targets;
        // concurrency 0: no background load, the caller drives send() itself.
        this.threads = Executors.newFixedThreadPool(Math.max(1, concurrency));
        for (int i = 0; i < concurrency; i++) {
            int worker = i;
            threads.submit(() -> loop(worker));
        }
    }

    /** Sprays the same delivery at every target at once: for the multi-instance dedup check. */
    static String deliveryId() {
        return UUID.randomUUID().toString();
    }

    private void loop(int worker) {
        int n = 0;
        while (running.get()) {
            String delivery = deliveryId();
            String target = targets.get((worker + n++) % targets.size());
            send(target, delivery);
        }
    }

    void send(String target, String delivery) {
        byte[] body = Sign.utf8("{\"delivery\":\"" + delivery + "\"}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(target + "/webhooks/github"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", Sign.github(HookgateProcess.SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        sentDeliveries.add(delivery);
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            if (response.statusCode() / 100 == 2) {
                String id = response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                acknowledged.put(delivery, id);
            }
        } catch (java.io.IOException e) {
            ioErrors.incrementAndGet(); // e.g. the instance was SIGKILLed mid-request: not acknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int count(int status) {
        AtomicInteger c = statuses.get(status);
        return c == null ? 0 : c.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(30, TimeUnit.SECONDS);
    }
}
