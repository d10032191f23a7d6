package io.hookgate.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Group commit: concurrent callers queue items, and one writer call commits many of them in one statement (one
 * round trip, one WAL flush). A batch leaves when it is full, when the previous batch left at least a linger ago,
 * or when its oldest item has waited a linger. So after a quiet spell a lone item leaves at once, and under load
 * batches leave about once per linger: a commit per several items instead of one per item. At most
 * {@code maxQueued} items, and at most {@code maxQueuedBytes} of them by the weigher's count, wait. An item whose
 * caller stopped waiting (its timeout answered 503) before a batch took it is dropped: it frees its place and its
 * bytes at once and is never written.
 * <p>
 * How many batches may be in flight follows the measured commit latency (Little's law): with a linger, about
 * {@code latency / linger + 1} of them, between 2 and {@code maxInFlight}, so that batches keep leaving once per
 * linger whether a commit takes 1 ms (a local disk) or 10 ms (a database across a network). A fixed slot count
 * either made requests wait for a slot while the database idled (too few for the round trip) or split the load
 * into many small commits (too many). Without a linger, {@code maxInFlight} is the limit.
 *
 * @param <T> what callers submit
 * @param <R> what each caller gets back once its item is committed
 */
public final class GroupCommit<T, R> {

    /** The limits; a linger of zero sends every batch as soon as a slot is free. */
    public record Settings(String name, int maxBatch, int maxInFlight, Duration linger, int maxQueued,
            long maxQueuedBytes) {

        /** Bounded by count only. */
        public Settings(String name, int maxBatch, int maxInFlight, Duration linger, int maxQueued) {
            this(name, maxBatch, maxInFlight, linger, maxQueued, Long.MAX_VALUE);
        }
    }

    /** Told of every batch once it is written (or failed): its size and how long the writer took. */
    @FunctionalInterface
    public interface BatchObserver {
        void written(int size, long nanos);
    }

    /**
     * Writes one batch and completes its items. A failed Uni fails every item it left incomplete; an item left
     * incomplete by a successful Uni fails too, so no caller waits forever.
     */
    @FunctionalInterface
    public interface Writer<T, R> {
        Uni<Void> write(List<Item<T, R>> batch);
    }

    /** One queued value and the caller waiting for it. */
    public static final class Item<T, R> {
        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int ABANDONED = 2;

        /** Cleared when the item is abandoned, so that a dropped payload is not held until a batch skips it. */
        private volatile T value;
        private final long weight;
        private final long queuedAt = System.nanoTime();
        private final CompletableFuture<R> result = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        private Item(T value, long weight) {
            this.value = value;
            this.weight = weight;
        }

        public T value() {
            return value;
        }

        public void complete(R answer) {
            result.complete(answer);
        }

        public void fail(Throwable failure) {
            result.completeExceptionally(failure);
        }
    }

    private final Vertx vertx;
    private final Settings settings;
    private final Writer<T, R> writer;
    private final BatchObserver observer;
    private final long lingerNanos;
    /** The in-flight limit never goes below this: 2, so that a lone item need not wait behind a whole batch. */
    private final int minInFlight;
    /** Moving average of the writer's latency, the input of the in-flight limit; racy updates are fine. */
    private volatile long latencyNanos;
    private volatile int inFlightLimit;
    private final ConcurrentLinkedQueue<Item<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final ToLongFunction<T> weigher;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong abandoned = new AtomicLong();
    /** Set while a linger timer is pending: one is enough, it calls drain(). */
    private final AtomicBoolean lingerTimer = new AtomicBoolean();
    private volatile long lastDispatch = System.nanoTime() - Duration.ofDays(1).toNanos();

    /** @param observer told the size and latency of every batch (metrics) */
    public GroupCommit(Vertx vertx, Settings settings, Writer<T, R> writer, BatchObserver observer) {
        this(vertx, settings, value -> 0, writer, observer);
    }

    /** @param weigher the bytes an item holds while it waits, counted against {@code maxQueuedBytes} */
    public GroupCommit(Vertx vertx, Settings settings, ToLongFunction<T> weigher, Writer<T, R> writer,
            BatchObserver observer) {
        this.weigher = weigher;
        if (settings.maxBatch() < 1 || settings.maxInFlight() < 1 || settings.maxQueued() < 1) {
            throw new IllegalArgumentException(settings.name() + ": batch, in-flight and queue limits must be at least 1");
        }
        this.vertx = vertx;
        this.settings = settings;
        this.writer = writer;
        this.observer = observer;
        this.lingerNanos = settings.linger().toNanos();
        this.minInFlight = Math.min(2, settings.maxInFlight());
        this.inFlightLimit = lingerNanos > 0 ? minInFlight : settings.maxInFlight();
    }

    /**
     * Completes once the writer committed the item; fails with RejectedExecutionException when the queue is full (by
     * count or bytes). Cancelling the returned Uni before a batch took the item drops it.
     */
    public Uni<R> submit(T value) {
        long weight = weigher.applyAsLong(value);
        if (queued.get() >= settings.maxQueued()) {
            return Uni.createFrom().failure(new RejectedExecutionException(settings.name() + " queue full"));
        }
        if (queuedBytes.addAndGet(weight) > settings.maxQueuedBytes() && weight > 0) {
            queuedBytes.addAndGet(-weight);
            return Uni.createFrom().failure(new RejectedExecutionException(settings.name() + " queue bytes full"));
        }
        Item<T, R> item = new Item<>(value, weight);
        queued.incrementAndGet();
        queue.add(item);
        drain();
        return Uni.createFrom().completionStage(item.result).onCancellation().invoke(() -> abandon(item));
    }

    private void abandon(Item<T, R> item) {
        if (item.state.compareAndSet(Item.QUEUED, Item.ABANDONED)) {
            item.value = null;
            queued.decrementAndGet();
            queuedBytes.addAndGet(-item.weight);
            abandoned.incrementAndGet();
        }
    }

    /** Bytes (by the weigher) of the items waiting for a batch. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** Items dropped since the start because their caller stopped waiting before a batch took them. */
    public long abandoned() {
        return abandoned.get();
    }

    /** Items waiting for a batch. */
    public int queued() {
        return queued.get();
    }

    /** Batches being written now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** How many batches may be in flight now (follows the commit latency when there is a linger). */
    public int inFlightLimit() {
        return inFlightLimit;
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int slots = inFlight.get();
            if (slots >= inFlightLimit) {
                return; // a finishing batch calls drain() again
            }
            if (lingering()) {
                return; // the linger timer calls drain() again
            }
            if (!inFlight.compareAndSet(slots, slots + 1)) {
                continue;
            }
            lastDispatch = System.nanoTime();
            List<Item<T, R>> batch = new ArrayList<>();
            Item<T, R> next;
            while (batch.size() < settings.maxBatch() && (next = queue.poll()) != null) {
                if (next.state.compareAndSet(Item.QUEUED, Item.TAKEN)) { // an abandoned one was uncounted already
                    queued.decrementAndGet();
                    queuedBytes.addAndGet(-next.weight);
                    batch.add(next);
                }
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            long started = System.nanoTime();
            Uni<Void> written;
            try {
                written = writer.write(batch);
            } catch (RuntimeException e) {
                written = Uni.createFrom().failure(e);
            }
            written.subscribe().with(
                    ignored -> finish(batch, null, started),
                    failure -> {
                        Log.warnf("%s batch of %d failed: %s", settings.name(), batch.size(), failure.toString());
                        finish(batch, failure, started);
                    });
        }
    }

    /**
     * True when the next batch should wait: it is not full, the last batch left less than a linger ago, and its
     * oldest item has not waited a linger yet.
     */
    private boolean lingering() {
        Item<T, R> oldest = queue.peek();
        if (lingerNanos <= 0 || oldest == null || queued.get() >= settings.maxBatch()) {
            return false;
        }
        long left = Math.min(lastDispatch, oldest.queuedAt) + lingerNanos - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        if (lingerTimer.compareAndSet(false, true)) {
            vertx.setTimer((left + 999_999) / 1_000_000, id -> { // ms timer: round up, so at least 1
                lingerTimer.set(false);
                drain();
            });
        }
        return true;
    }

    private void finish(List<Item<T, R>> batch, Throwable failure, long started) {
        long took = System.nanoTime() - started;
        observer.written(batch.size(), took);
        adapt(took);
        for (Item<T, R> item : batch) {
            if (!item.result.isDone()) {
                item.fail(failure != null ? failure
                        : new IllegalStateException(settings.name() + " writer left an item incomplete"));
            }
        }
        inFlight.decrementAndGet();
        drain();
    }

    /** One more latency sample: the average moves an eighth of the way, and the limit follows it. */
    private void adapt(long took) {
        if (lingerNanos <= 0) {
            return;
        }
        long avg = latencyNanos == 0 ? took : latencyNanos + (took - latencyNanos) / 8;
        latencyNanos = avg;
        long wanted = (avg + lingerNanos - 1) / lingerNanos + 1;
        inFlightLimit = (int) Math.max(minInFlight, Math.min(settings.maxInFlight(), wanted));
    }
}
