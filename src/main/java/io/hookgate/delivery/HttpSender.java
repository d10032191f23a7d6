package io.hookgate.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.hookgate.request.StorableText;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * One POST of a stored event to a route's URL: the exact stored bytes, the original content type, webhook-id (the
 * event id, for the receiver's deduplication), webhook-timestamp, the Standard Webhooks signature when the route has
 * a signing secret, and the route's extra headers. The Vert.x core HTTP client, not the WebClient: it reads the
 * answer as a stream, so only its first bytes are kept however large it is; the whole attempt (connect, send, answer)
 * is bounded by the route's timeout. Redirects are not followed (a 3xx is a failure, retried).
 */
final class HttpSender {

    private final Vertx vertx;
    private final HttpClient client;
    private final URI url;
    private final long timeoutMillis;
    private final int excerptBytes;
    private final Map<String, String> extraHeaders;
    private final WebhookSigner signer;

    HttpSender(Vertx vertx, URI url, Duration timeout, int poolSize, int excerptBytes, Map<String, String> extraHeaders,
            WebhookSigner signer) {
        this.vertx = vertx;
        this.url = url;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.excerptBytes = excerptBytes;
        this.extraHeaders = Map.copyOf(extraHeaders);
        this.signer = signer;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setMaxPoolSize(poolSize)
                .setKeepAlive(true)
                .setTrustAll(false)
                .setVerifyHost(true));
    }

    /** Never fails: every outcome, a refused connection or a timeout too, is an {@link Attempt}. */
    Future<Attempt> send(DeliveryJob job) {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        Promise<Attempt> done = Promise.promise();
        int[] status = {0};
        Buffer excerpt = Buffer.buffer();
        HttpClientRequest[] sent = {null};
        long timer = vertx.setTimer(timeoutMillis, t -> {
            // An answer whose status came but whose body did not end in time still counts by its status. Completed
            // before the reset, which would otherwise complete it first with a "stream reset".
            done.tryComplete(attempt(startedAt, start, status[0], excerpt,
                    status[0] == 0 ? "timed out after " + timeoutMillis + " ms" : null, null));
            if (sent[0] != null) {
                sent[0].reset();
            }
        });
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString())
                .setFollowRedirects(false);
        client.request(options).onComplete(requested -> {
            if (requested.failed()) {
                done.tryComplete(attempt(startedAt, start, 0, excerpt, describe(requested.cause()), null));
                return;
            }
            HttpClientRequest request = requested.result();
            sent[0] = request;
            headers(request, job);
            request.send(Buffer.buffer(job.payload())).onComplete(answered -> {
                if (answered.failed()) {
                    done.tryComplete(attempt(startedAt, start, 0, excerpt, describe(answered.cause()), null));
                    return;
                }
                HttpClientResponse response = answered.result();
                status[0] = response.statusCode();
                Duration retryAfter = RetryAfter.parse(response.getHeader("Retry-After"), Instant.now());
                response.handler(chunk -> {
                    int room = excerptBytes - excerpt.length();
                    if (room > 0) {
                        excerpt.appendBuffer(chunk.length() <= room ? chunk : chunk.slice(0, room));
                    }
                });
                response.exceptionHandler(e -> done.tryComplete(attempt(startedAt, start, status[0], excerpt, null, retryAfter)));
                response.endHandler(v -> done.tryComplete(attempt(startedAt, start, status[0], excerpt, null, retryAfter)));
            });
        });
        return done.future().onComplete(x -> vertx.cancelTimer(timer));
    }

    private void headers(HttpClientRequest request, DeliveryJob job) {
        if (job.contentType() != null) {
            request.putHeader("Content-Type", job.contentType());
        }
        request.putHeader("User-Agent", "hookgate");
        String id = job.eventId().toString();
        long timestamp = Instant.now().getEpochSecond();
        request.putHeader("webhook-id", id);
        request.putHeader("webhook-timestamp", Long.toString(timestamp));
        if (signer != null) {
            request.putHeader("webhook-signature", signer.sign(id, timestamp, job.payload()));
        }
        extraHeaders.forEach(request::putHeader);
    }

    private static Attempt attempt(Instant startedAt, long start, int status, Buffer excerpt, String error,
            Duration retryAfter) {
        String response = excerpt.length() == 0 ? null
                : StorableText.of(new String(excerpt.getBytes(), StandardCharsets.UTF_8));
        return new Attempt(startedAt, status, Duration.ofNanos(System.nanoTime() - start), response, error, retryAfter);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    void close() {
        client.close();
    }
}
