package io.hookgate.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.hookgate.batch.GroupCommit.Item;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;

/** The batcher alone, with a writer that the test holds open or lets go: batching, limits, failures. */
class GroupCommitTest {

    private static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void close() {
        VERTX.close();
    }

    /** Records each batch and holds it until the test releases it. */
    static final class HeldWriter implements GroupCommit.Writer<Integer, String> {
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        final List<UniEmitter<? super Void>> pending = new CopyOnWriteArrayList<>();
        final List<List<Item<Integer, String>>> items = new CopyOnWriteArrayList<>();

        @Override
        public Uni<Void> write(List<Item<Integer, String>> batch) {
            batches.add(batch.stream().map(Item::value).toList());
            items.add(batch);
            return Uni.createFrom().emitter(pending::add);
        }

        void releaseAll() {
            List<UniEmitter<? super Void>> open = new ArrayList<>(pending);
            pending.clear();
            for (int i = 0; i < open.size(); i++) {
                List<Item<Integer, String>> batch = items.remove(0);
                batch.forEach(item -> item.complete("ok " + item.value()));
                open.get(i).complete(null);
            }
        }
    }

    private static GroupCommit.Settings settings(int maxBatch, int maxInFlight, Duration linger, int maxQueued) {
        return new GroupCommit.Settings("test", maxBatch, maxInFlight, linger, maxQueued);
    }

    @Test
    void aLoneItemLeavesAtOnceAndGetsItsAnswer() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer, String> commit = new GroupCommit<>(VERTX, settings(10, 1, Duration.ofSeconds(5), 100),
                writer, (size, nanos) -> {
                });
        var answer = commit.submit(7).subscribeAsCompletionStage();
        assertThat(writer.batches).containsExactly(List.of(7)); // no linger after a quiet spell
        writer.releaseAll();
        assertThat(answer.join()).isEqualTo("ok 7");
    }

    @Test
    void itemsThatArriveWhileABatchIsInFlightShareTheNextOneUpToMaxBatch() {
        HeldWriter writer = new HeldWriter();
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, String> commit = new GroupCommit<>(VERTX, settings(3, 1, Duration.ZERO, 100), writer,
                (size, nanos) -> sizes.add(size));
        var answers = new ArrayList<java.util.concurrent.CompletableFuture<String>>();
        for (int i = 0; i < 6; i++) {
            answers.add(commit.submit(i).subscribeAsCompletionStage());
        }
        assertThat(writer.batches).containsExactly(List.of(0)); // one in flight: the rest wait
        assertThat(commit.queued()).isEqualTo(5);
        writer.releaseAll();
        assertThat(writer.batches).containsExactly(List.of(0), List.of(1, 2, 3));
        writer.releaseAll();
        writer.releaseAll();
        assertThat(writer.batches).containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5));
        assertThat(sizes).containsExactly(1, 3, 2);
        assertThat(answers).allSatisfy(a -> assertThat(a.join()).startsWith("ok "));
        assertThat(commit.queued()).isZero();
        assertThat(commit.inFlight()).isZero();
    }

    @Test
    void neverMoreBatchesInFlightThanAllowed() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer, String> commit = new GroupCommit<>(VERTX, settings(1, 2, Duration.ZERO, 100), writer,
                (size, nanos) -> {
                });
        for (int i = 0; i < 5; i++) {
            commit.submit(i).subscribeAsCompletionStage();
        }
        assertThat(writer.pending).hasSize(2);
        assertThat(commit.inFlight()).isEqualTo(2);
        assertThat(commit.queued()).isEqualTo(3);
    }

    @Test
    void aFullQueueRefusesAtOnce() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer, String> commit = new GroupCommit<>(VERTX, settings(1, 1, Duration.ZERO, 2), writer,
                (size, nanos) -> {
                });
        commit.submit(1).subscribeAsCompletionStage(); // in flight
        commit.submit(2).subscribeAsCompletionStage(); // queued
        commit.submit(3).subscribeAsCompletionStage(); // queued: the queue is full now
        assertThatThrownBy(() -> commit.submit(4).await().atMost(Duration.ofSeconds(1)))
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("test queue full");
    }

    @Test
    void aFailedWriteFailsEveryItemOfItsBatchAndTheNextBatchStillRuns() {
        AtomicInteger calls = new AtomicInteger();
        GroupCommit<Integer, String> commit = new GroupCommit<>(VERTX, settings(10, 1, Duration.ZERO, 100),
                batch -> {
                    if (calls.incrementAndGet() == 1) {
                        return Uni.createFrom().failure(new IllegalStateException("database down"));
                    }
                    batch.forEach(item -> item.complete("ok"));
                    return Uni.createFrom().voidItem();
                }, (size, nanos) -> {
                });
        var failed = commit.submit(1).subscribeAsCompletionStage();
        assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class).hasMessageContaining("database down");
        assertThat(commit.submit(2).await().atMost(Duration.ofSeconds(1))).isEqualTo("ok");
    }

    @Test
    void anItemTheWriterForgotFailsInsteadOfWaitingForever() {
        GroupCommit<Integer, String> commit = new GroupCommit<>(VERTX, settings(10, 1, Duration.ZERO, 100),
                batch -> Uni.createFrom().voidItem(), (size, nanos) -> {
                });
        assertThatThrownBy(() -> commit.submit(1).await().atMost(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("left an item incomplete");
    }

    @Test
    void underLoadABatchThatIsNotFullWaitsALingerAfterThePreviousOne() throws Exception {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer, String> commit = new GroupCommit<>(VERTX, settings(100, 4, Duration.ofMillis(300), 1000),
                writer, (size, nanos) -> {
                });
        long start = System.nanoTime();
        commit.submit(1).subscribeAsCompletionStage(); // leaves at once
        commit.submit(2).subscribeAsCompletionStage(); // slots are free, but the last batch left just now
        commit.submit(3).subscribeAsCompletionStage();
        assertThat(writer.batches).containsExactly(List.of(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (writer.batches.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(writer.batches).containsExactly(List.of(1), List.of(2, 3));
        assertThat(waitedMillis).isGreaterThanOrEqualTo(290);
    }

    @Test
    void aFullBatchDoesNotLinger() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer, String> commit = new GroupCommit<>(VERTX, settings(2, 4, Duration.ofSeconds(30), 1000),
                writer, (size, nanos) -> {
                });
        commit.submit(1).subscribeAsCompletionStage();
        commit.submit(2).subscribeAsCompletionStage(); // lingers: one item, last batch just left
        commit.submit(3).subscribeAsCompletionStage(); // now two are queued: full, leaves
        assertThat(writer.batches).containsExactly(List.of(1), List.of(2, 3));
    }

    /** Completes every batch after a fixed delay, like a database whose commit takes that long; counts overlap. */
    static final class SlowWriter implements GroupCommit.Writer<Integer, String> {
        final long delayMillis;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();

        SlowWriter(long delayMillis) {
            this.delayMillis = delayMillis;
        }

        @Override
        public Uni<Void> write(List<Item<Integer, String>> batch) {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return Uni.createFrom().emitter(done -> VERTX.setTimer(delayMillis, id -> {
                inFlight.decrementAndGet();
                batch.forEach(item -> item.complete("ok"));
                done.complete(null);
            }));
        }
    }

    /** Submits one item per millisecond for the given time, then waits for every answer. */
    private static void steadyLoad(GroupCommit<Integer, String> commit, long millis) throws Exception {
        List<java.util.concurrent.CompletableFuture<String>> answers = new CopyOnWriteArrayList<>();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        int i = 0;
        while (System.nanoTime() < end) {
            answers.add(commit.submit(i++).subscribeAsCompletionStage());
            Thread.sleep(1);
        }
        for (var answer : answers) {
            answer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withALingerTheInFlightLimitFollowsTheCommitLatency() throws Exception {
        // 40 ms commits, 5 ms linger: about 40 / 5 + 1 = 9 batches in flight keep one leaving per linger.
        SlowWriter slow = new SlowWriter(40);
        GroupCommit<Integer, String> commit = new GroupCommit<>(VERTX, settings(1000, 16, Duration.ofMillis(5), 100_000),
                slow, (size, nanos) -> {
                });
        assertThat(commit.inFlightLimit()).isEqualTo(2);
        steadyLoad(commit, 600);
        assertThat(commit.inFlightLimit()).isBetween(8, 16);
        assertThat(slow.mostInFlight.get()).isGreaterThan(4);

        // Fast commits bring it back down to the floor of 2.
        SlowWriter fast = new SlowWriter(1);
        GroupCommit<Integer, String> quick = new GroupCommit<>(VERTX, settings(1000, 16, Duration.ofMillis(5), 100_000),
                fast, (size, nanos) -> {
                });
        steadyLoad(quick, 300);
        assertThat(quick.inFlightLimit()).isBetween(2, 3);
    }

    @Test
    void theInFlightLimitNeverPassesTheMaximum() throws Exception {
        SlowWriter slow = new SlowWriter(40);
        GroupCommit<Integer, String> commit = new GroupCommit<>(VERTX, settings(1000, 3, Duration.ofMillis(5), 100_000),
                slow, (size, nanos) -> {
                });
        steadyLoad(commit, 400);
        assertThat(commit.inFlightLimit()).isEqualTo(3);
        assertThat(slow.mostInFlight.get()).isEqualTo(3);
    }

    @Test
    void withoutALingerTheMaximumIsTheLimit() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer, String> commit = new GroupCommit<>(VERTX, settings(1, 3, Duration.ZERO, 100), writer,
                (size, nanos) -> {
                });
        for (int i = 1; i <= 5; i++) {
            commit.submit(i).subscribeAsCompletionStage();
        }
        assertThat(commit.inFlightLimit()).isEqualTo(3);
        assertThat(writer.batches).containsExactly(List.of(1), List.of(2), List.of(3));
        writer.releaseAll();
    }

    @Test
    void theQueueIsBoundedByBytesAsWellAsByCount() {
        HeldWriter writer = new HeldWriter();
        // One slot, held: everything after the first item waits. Items weigh their value in bytes; 100 may wait.
        GroupCommit<Integer, String> commit = new GroupCommit<>(VERTX,
                new GroupCommit.Settings("test", 10, 1, Duration.ZERO, 1000, 100), value -> value, writer,
                (size, nanos) -> {
                });
        commit.submit(1).subscribeAsCompletionStage();
        var first = commit.submit(60).subscribeAsCompletionStage();
        var tooMuch = commit.submit(50).subscribeAsCompletionStage();
        var fits = commit.submit(40).subscribeAsCompletionStage();
        assertThat(commit.queuedBytes()).isEqualTo(100);
        assertThatThrownBy(tooMuch::join).hasCauseInstanceOf(RejectedExecutionException.class);
        writer.releaseAll(); // the held batch of [1]; [60, 40] leave next
        writer.releaseAll();
        assertThat(first.join()).isEqualTo("ok 60");
        assertThat(fits.join()).isEqualTo("ok 40");
        assertThat(commit.queuedBytes()).isZero();
    }

    @Test
    void anItemWhoseCallerStoppedWaitingIsDroppedAndFreesItsPlace() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer, String> commit = new GroupCommit<>(VERTX,
                new GroupCommit.Settings("test", 10, 1, Duration.ZERO, 2, 1000), value -> value, writer,
                (size, nanos) -> {
                });
        commit.submit(1).subscribeAsCompletionStage(); // in flight, held
        var timedOut = commit.submit(500).ifNoItem().after(Duration.ofMillis(50)).fail()
                .subscribeAsCompletionStage();
        var waiting = commit.submit(2).subscribeAsCompletionStage();
        assertThat(commit.queued()).isEqualTo(2);
        assertThatThrownBy(timedOut::join).isInstanceOf(CompletionException.class);
        assertThat(commit.queued()).isEqualTo(1);
        assertThat(commit.queuedBytes()).isEqualTo(2);
        assertThat(commit.abandoned()).isEqualTo(1);
        var another = commit.submit(3).subscribeAsCompletionStage(); // the dropped item's place is free again
        writer.releaseAll();
        assertThat(writer.batches.get(1)).containsExactly(2, 3); // 500 is never written
        writer.releaseAll();
        assertThat(waiting.join()).isEqualTo("ok 2");
        assertThat(another.join()).isEqualTo("ok 3");
    }
}
