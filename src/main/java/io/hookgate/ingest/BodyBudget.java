package io.hookgate.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
import io.hookgate.source.ConfiguredSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What all webhook requests of this instance may hold at once: a number of requests and a number of body bytes,
 * counted as the bytes arrive. Without it, 300 connections that announced a 1 MB body and sent nothing took the whole
 * 256 MiB heap (OutOfMemoryError), and a correctly signed delivery got no answer.
 */
@ApplicationScoped
public class BodyBudget {

    private final long maxBytes;
    private final long maxBytesPerSource;
    private final Map<String, AtomicLong> perSource = new ConcurrentHashMap<>();
    private final int maxRequests;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();
    private final MeterRegistry registry;

    public BodyBudget(HookgateConfig config, MeterRegistry registry) {
        this.maxBytes = config.ingest().maxInflightBodyBytes().asLongValue();
        this.maxBytesPerSource = config.ingest().maxInflightBodyBytesPerSource().asLongValue();
        this.maxRequests = config.ingest().maxInflightRequests();
        this.registry = registry;
        Gauge.builder("hookgate.ingest.inflight.body", bytes, AtomicLong::get).baseUnit("bytes")
                .description("Webhook body bytes held by requests in flight").register(registry);
        Gauge.builder("hookgate.ingest.inflight.requests", requests, AtomicInteger::get)
                .description("Webhook requests between their headers and their answer").register(registry);
    }

    /** One more request in flight, or false when there are too many already. */
    boolean enter() {
        if (requests.incrementAndGet() > maxRequests) {
            requests.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Takes n more bytes from the budget of all sources and from the source's share of it; returns null, or (taking
     * nothing) why not. The share keeps a flood of large bodies on one source from spending the whole budget and
     * starving every other source's deliveries (bench/attack.sh, stripe-candidates).
     */
    String reserve(ConfiguredSource source, long n) {
        AtomicLong mine = perSource.computeIfAbsent(source.name(), k -> new AtomicLong());
        long share = Math.max(maxBytesPerSource, source.maxBodyBytes());
        if (mine.addAndGet(n) > share) {
            mine.addAndGet(-n);
            return "webhook bodies in flight for source " + source.name() + " would exceed " + share + " bytes";
        }
        if (bytes.addAndGet(n) > maxBytes) {
            bytes.addAndGet(-n);
            mine.addAndGet(-n);
            return "webhook bodies in flight would exceed " + maxBytes + " bytes";
        }
        return null;
    }

    /** The request answered: its bytes and its place go back. */
    void leave(ConfiguredSource source, long reservedBytes) {
        if (reservedBytes > 0) {
            perSource.get(source.name()).addAndGet(-reservedBytes);
            bytes.addAndGet(-reservedBytes);
        }
        requests.decrementAndGet();
    }

    /** A client that closed its connection before its body ended: not a rejection (nobody hears the answer). */
    void aborted(String source) {
        Counter.builder("hookgate.ingest.aborted").tag("source", source)
                .description("Webhook requests whose connection closed before the body ended").register(registry)
                .increment();
    }

}
