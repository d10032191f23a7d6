package io.hookgate.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds one unique, correctly signed webhook per call. The event id (the dedup key hookgate stores) is
 * {@code <run id>-<phase>-<seq>}, so the run's rows can be counted afterwards with {@code dedup_key LIKE 'run-...-%'}.
 */
final class RequestFactory {

    private static final HexFormat HEX = HexFormat.of();

    private final URI endpoint;
    private final String scheme;
    private final byte[] secret;
    private final int bodySize;
    private final Duration timeout;
    private final ThreadLocal<Mac> mac;

    RequestFactory(Options options) {
        this.endpoint = URI.create(options.url() + "/webhooks/" + options.source());
        this.scheme = options.scheme();
        this.secret = options.secret().getBytes(StandardCharsets.UTF_8);
        this.bodySize = options.bodySize();
        this.timeout = options.requestTimeout();
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    URI endpoint() {
        return endpoint;
    }

    HttpRequest build(String eventId, long seq) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json");
        byte[] body;
        if (scheme.equals("stripe")) {
            long ts = System.currentTimeMillis() / 1000;
            body = body("{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"bench.event\",\"created\":" + ts
                    + ",\"seq\":" + seq + ",\"data\":{\"pad\":\"", "\"}}");
            String signed = HEX.formatHex(hmac((ts + ".").getBytes(StandardCharsets.US_ASCII), body));
            b.header("Stripe-Signature", "t=" + ts + ",v1=" + signed);
        } else {
            body = body("{\"action\":\"bench\",\"delivery\":\"" + eventId + "\",\"seq\":" + seq + ",\"pad\":\"", "\"}");
            b.header("X-GitHub-Delivery", eventId)
                    .header("X-GitHub-Event", "bench")
                    .header("X-Hub-Signature-256", "sha256=" + HEX.formatHex(hmac(null, body)));
        }
        return b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** A JSON document of exactly body-size bytes (or the minimum, when body-size is smaller than the envelope). */
    private byte[] body(String head, String tail) {
        int pad = Math.max(0, bodySize - head.length() - tail.length());
        return (head + "x".repeat(pad) + tail).getBytes(StandardCharsets.US_ASCII);
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
