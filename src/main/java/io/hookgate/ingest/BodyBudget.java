package io.hookgate.ingest;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
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
    private final int maxRequests;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();
    private final MeterRegistry registry;

    public BodyBudget(HookgateConfig config, MeterRegistry registry) {
        this.maxBytes = config.ingest().maxInflightBodyBytes().asLongValue();
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

    /** Takes n more bytes from the budget, or false (taking nothing) when it would be spent. */
    boolean reserve(long n) {
        if (bytes.addAndGet(n) > maxBytes) {
            bytes.addAndGet(-n);
            return false;
        }
        return true;
    }

    /** The request answered: its bytes and its place go back. */
    void leave(long reservedBytes) {
        bytes.addAndGet(-reservedBytes);
        requests.decrementAndGet();
    }

    /** A client that closed its connection before its body ended: not a rejection (nobody hears the answer). */
    void aborted(String source) {
        Counter.builder("hookgate.ingest.aborted").tag("source", source)
                .description("Webhook requests whose connection closed before the body ended").register(registry)
                .increment();
    }

    long maxBytes() {
        return maxBytes;
    }
}
