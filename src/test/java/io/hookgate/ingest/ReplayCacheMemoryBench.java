package io.hookgate.ingest;

import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Not a test: the heap one replay-cache entry holds, measured by filling a cache to its default size (20,000) with
 * 32-byte MACs (HMAC-SHA256) whose events are stored, as the ingest path leaves them. Run with
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.hookgate.ingest.ReplayCacheMemoryBench}.
 */
public final class ReplayCacheMemoryBench {

    private ReplayCacheMemoryBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Random random = new Random(7);
        byte[][] macs = new byte[entries][32];
        for (byte[] mac : macs) {
            random.nextBytes(mac);
        }
        long before = used();
        ReplayCache cache = new ReplayCache(entries, Duration.ofMinutes(5), System::nanoTime);
        for (byte[] mac : macs) {
            CompletableFuture<UUID> claim = new CompletableFuture<>();
            cache.claim(mac, claim);
            claim.complete(UUID.randomUUID());
        }
        long after = used();
        System.out.printf("%d entries: %.1f MiB, %d bytes per entry (JDK %s, %s)%n", cache.size(),
                (after - before) / 1048576.0, (after - before) / entries, Runtime.version(),
                System.getProperty("java.vm.name"));
    }

    private static long used() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
