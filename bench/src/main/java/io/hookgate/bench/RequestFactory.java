package io.hookgate.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Builds one unique, correctly signed webhook per call. The event id (the dedup key hookgate stores) is
 * {@code <run id>-<phase>-<seq>}, so the run's rows can be counted afterwards with {@code dedup_key LIKE 'run-...-%'}.
 * Called on the generator's event loops, so it must stay cheap and never block.
 */
final class RequestFactory {

    private static final HexFormat HEX = HexFormat.of();
    // Pre-encoded (AsciiString) names and constant values: Netty writes them without encoding them again.
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence STRIPE_SIGNATURE = HttpHeaders.createOptimized("Stripe-Signature");
    private static final CharSequence GITHUB_DELIVERY = HttpHeaders.createOptimized("X-GitHub-Delivery");
    private static final CharSequence GITHUB_EVENT = HttpHeaders.createOptimized("X-GitHub-Event");
    private static final CharSequence BENCH = HttpHeaders.createOptimized("bench");
    private static final CharSequence GITHUB_SIGNATURE = HttpHeaders.createOptimized("X-Hub-Signature-256");

    /** One request: target, headers and timeouts, and its body. */
    record Webhook(RequestOptions options, Buffer body) {
    }

    private final URI endpoint;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String path;
    private final String scheme;
    private final byte[] secret;
    private final int bodySize;
    private final long timeoutMillis;
    // Mac is not thread-safe and costly to init: one per thread (event loop), initialised once.
    private final ThreadLocal<Mac> mac;

    RequestFactory(Options options) {
        this.endpoint = URI.create(options.url() + "/webhooks/" + options.source());
        this.ssl = "https".equalsIgnoreCase(endpoint.getScheme());
        String h = endpoint.getHost();
        // URI keeps IPv6 literals in brackets; the client wants the bare address.
        this.host = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
        this.port = endpoint.getPort() >= 0 ? endpoint.getPort() : ssl ? 443 : 80;
        this.path = endpoint.getRawPath();
        this.scheme = options.scheme();
        this.secret = options.secret().getBytes(StandardCharsets.UTF_8);
        this.bodySize = options.bodySize();
        this.timeoutMillis = options.requestTimeout().toMillis();
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    URI endpoint() {
        return endpoint;
    }

    Webhook build(String eventId, long seq) {
        MultiMap headers = HttpHeaders.headers().add(CONTENT_TYPE, APPLICATION_JSON);
        byte[] body;
        if (scheme.equals("stripe")) {
            long ts = System.currentTimeMillis() / 1000;
            body = body("{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"bench.event\",\"created\":" + ts
                    + ",\"seq\":" + seq + ",\"data\":{\"pad\":\"", "\"}}");
            String signed = HEX.formatHex(hmac((ts + ".").getBytes(StandardCharsets.US_ASCII), body));
            headers.add(STRIPE_SIGNATURE, "t=" + ts + ",v1=" + signed);
        } else {
            body = body("{\"action\":\"bench\",\"delivery\":\"" + eventId + "\",\"seq\":" + seq + ",\"pad\":\"", "\"}");
            headers.add(GITHUB_DELIVERY, eventId)
                    .add(GITHUB_EVENT, BENCH)
                    .add(GITHUB_SIGNATURE, "sha256=" + HEX.formatHex(hmac(null, body)));
        }
        // Idle timeout: no byte of the answer for that long fails the request (one timer per request). No lease
        // timeout: a lane never has more requests than connections, and connecting is bounded by the client's 5 s.
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(host)
                .setPort(port)
                .setSsl(ssl)
                .setURI(path)
                .setHeaders(headers)
                .setIdleTimeout(timeoutMillis);
        return new Webhook(options, Buffer.buffer(body));
    }

    /** A JSON document of exactly body-size bytes (or the minimum, when body-size is smaller than the envelope). */
    private byte[] body(String head, String tail) {
        int pad = Math.max(0, bodySize - head.length() - tail.length());
        // Straight into one array: no padded intermediate strings per request.
        byte[] b = new byte[head.length() + pad + tail.length()];
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, b, 0, h.length);
        Arrays.fill(b, h.length, h.length + pad, (byte) 'x');
        byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, h.length + pad, t.length);
        return b;
    }

    private byte[] hmac(byte[] prefix, byte[] body) {
        Mac m = mac.get();
        if (prefix != null) {
            m.update(prefix);
        }
        return m.doFinal(body);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(secret, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
