package io.hookgate.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The recent signatures of one source whose scheme signs neither a timestamp nor an id (GitHub, Shopify, Twilio), each
 * with the event it stored. A captured request replayed with a fresh id header carries the same signature, so it is
 * answered as the duplicate of that event instead of being stored and published again. Bounded: at most
 * {@code capacity} signatures (the oldest go first), each forgotten once it has not been seen for the source's
 * tolerance. In memory and per instance, so it narrows replays to one per window per replica; it is no substitute for
 * a signed timestamp.
 */
final class ReplayCache {

    private record Entry(CompletableFuture<UUID> event, long seenAt) {
    }

    private final int capacity;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    // Access order: a replay seen again moves to the end, so the head is always the entry that expires first.
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    ReplayCache(int capacity, Duration window, LongSupplier nanoTime) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Claims the signature for the caller's request, or finds the request that claimed it first.
     *
     * @param mine completed by the caller with the stored event's id, or failed (then {@link #forget} it)
     * @return null when the caller claimed the signature and must store the event; otherwise the first request's
     *         event id, once it is stored
     */
    synchronized CompletableFuture<UUID> claim(byte[] signature, CompletableFuture<UUID> mine) {
        long now = nanoTime.getAsLong();
        expire(now);
        String key = key(signature);
        Entry earlier = entries.get(key);
        if (earlier != null) {
            entries.put(key, new Entry(earlier.event(), now));
            return earlier.event();
        }
        entries.put(key, new Entry(mine, now));
        if (entries.size() > capacity) {
            Iterator<String> eldest = entries.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return null;
    }

    /** Drops a claim whose event could not be stored, so that the provider's retry is not answered from it. */
    synchronized void forget(byte[] signature, CompletableFuture<UUID> mine) {
        String key = key(signature);
        Entry entry = entries.get(key);
        if (entry != null && entry.event() == mine) {
            entries.remove(key);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private void expire(long now) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext() && now - it.next().getValue().seenAt() >= windowNanos) {
            it.remove();
        }
    }

    /** One Latin-1 char per byte: a compact string, compared by content. */
    private static String key(byte[] signature) {
        return new String(signature, StandardCharsets.ISO_8859_1);
    }
}
