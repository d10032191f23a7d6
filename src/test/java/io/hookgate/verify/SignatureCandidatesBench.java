package io.hookgate.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.RequestHeaders;
import io.hookgate.request.WebhookRequest;

/**
 * Not a test: how long the Stripe verifier takes to reject a forged 1 MB request carrying 1, 10 and 200 {@code v1=}
 * candidates (median of several runs after a warm-up, in-process, no HTTP). Run it after test-compile:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.hookgate.verify.SignatureCandidatesBench}.
 */
public final class SignatureCandidatesBench {

    private static final int BODY_BYTES = 1 << 20;
    private static final int[] CANDIDATES = { 1, 10, 200 };

    private SignatureCandidatesBench() {
    }

    public static void main(String[] args) {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Clock clock = Clock.systemUTC();
        StripeVerifier verifier = new StripeVerifier(List.of("whsec_bench_secret"), Duration.ofMinutes(5), clock);
        byte[] body = new byte[BODY_BYTES];
        Random random = new Random(42);
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + random.nextInt(26));
        }
        System.out.printf("Stripe, forged request, %d byte body, %d samples per row, JDK %s, %d cpus%n",
                BODY_BYTES, samples, Runtime.version(), Runtime.getRuntime().availableProcessors());
        for (int candidates : CANDIDATES) {
            WebhookRequest request = forged(body, candidates, clock, random);
            String reason = null;
            for (int i = 0; i < 3; i++) {
                reason = rejectNanos(verifier, request).reason;
            }
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                nanos[i] = rejectNanos(verifier, request).nanos;
            }
            Arrays.sort(nanos);
            System.out.printf("%4d candidates: median %8.3f ms (min %8.3f, max %8.3f), rejected as %s%n", candidates,
                    nanos[samples / 2] / 1e6, nanos[0] / 1e6, nanos[samples - 1] / 1e6, reason);
        }
    }

    private record Outcome(long nanos, String reason) {
    }

    private static Outcome rejectNanos(Verifier verifier, WebhookRequest request) {
        long start = System.nanoTime();
        try {
            verifier.verify(request);
        } catch (RejectedWebhookException e) {
            return new Outcome(System.nanoTime() - start, e.reason().code());
        }
        throw new IllegalStateException("a forged request was accepted");
    }

    private static WebhookRequest forged(byte[] body, int candidates, Clock clock, Random random) {
        StringBuilder header = new StringBuilder("t=").append(clock.instant().getEpochSecond());
        byte[] mac = new byte[32];
        for (int i = 0; i < candidates; i++) {
            random.nextBytes(mac);
            header.append(",v1=").append(HexFormat.of().formatHex(mac));
        }
        return new WebhookRequest("stripe", body, RequestHeaders.of("Stripe-Signature", header.toString(),
                "Content-Type", "application/json"), null, "203.0.113.9", clock.instant());
    }
}
