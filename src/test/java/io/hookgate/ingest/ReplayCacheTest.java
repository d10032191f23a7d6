package io.hookgate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ReplayCacheTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final AtomicLong now = new AtomicLong();

    private ReplayCache cache(int capacity) {
        return new ReplayCache(capacity, WINDOW, now::get);
    }

    private static byte[] mac(int n) {
        byte[] mac = new byte[32];
        mac[0] = (byte) n;
        mac[31] = (byte) (n >> 8);
        return mac;
    }

    @Test
    void theFirstRequestClaimsAndAReplayGetsItsEvent() {
        ReplayCache cache = cache(10);
        CompletableFuture<UUID> first = new CompletableFuture<>();
        assertThat(cache.claim(mac(1), first)).isNull();
        CompletableFuture<UUID> replay = cache.claim(mac(1).clone(), new CompletableFuture<>());
        assertThat(replay).isSameAs(first);
        UUID id = UUID.randomUUID();
        first.complete(id);
        assertThat(replay.join()).isEqualTo(id);
        assertThat(cache.claim(mac(2), new CompletableFuture<>())).as("another signature").isNull();
    }

    @Test
    void aSignatureIsForgottenOnceUnseenForTheWindow() {
        ReplayCache cache = cache(10);
        CompletableFuture<UUID> first = new CompletableFuture<>();
        cache.claim(mac(1), first);
        now.addAndGet(WINDOW.toNanos() - 1);
        assertThat(cache.claim(mac(1), new CompletableFuture<>())).as("still within the window").isSameAs(first);
        // Seen again just now: the window starts over.
        now.addAndGet(WINDOW.toNanos() - 1);
        assertThat(cache.claim(mac(1), new CompletableFuture<>())).isSameAs(first);
        now.addAndGet(WINDOW.toNanos());
        assertThat(cache.claim(mac(1), new CompletableFuture<>())).as("a whole window unseen").isNull();
    }

    @Test
    void holdsAtMostItsCapacityAndDropsTheLeastRecentlySeen() {
        ReplayCache cache = cache(3);
        CompletableFuture<UUID> one = new CompletableFuture<>();
        cache.claim(mac(1), one);
        cache.claim(mac(2), new CompletableFuture<>());
        cache.claim(mac(3), new CompletableFuture<>());
        cache.claim(mac(1), new CompletableFuture<>());
        cache.claim(mac(4), new CompletableFuture<>());
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.claim(mac(1), new CompletableFuture<>())).as("seen recently, kept").isSameAs(one);
        assertThat(cache.claim(mac(2), new CompletableFuture<>())).as("the least recently seen went").isNull();
        for (int i = 10; i < 1000; i++) {
            cache.claim(mac(i), new CompletableFuture<>());
        }
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void aFailedClaimIsForgottenButOnlyByItsOwner() {
        ReplayCache cache = cache(10);
        CompletableFuture<UUID> first = new CompletableFuture<>();
        cache.claim(mac(1), first);
        cache.forget(mac(1), new CompletableFuture<>());
        assertThat(cache.claim(mac(1), new CompletableFuture<>())).as("not the owner: kept").isSameAs(first);
        cache.forget(mac(1), first);
        CompletableFuture<UUID> retry = new CompletableFuture<>();
        assertThat(cache.claim(mac(1), retry)).as("the provider's retry claims it again").isNull();
    }
}
