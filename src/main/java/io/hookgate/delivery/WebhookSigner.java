package io.hookgate.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs what hookgate forwards the Standard Webhooks way, so that the receiver verifies it with any Standard Webhooks
 * (or Svix) library: {@code webhook-signature: v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>},
 * the key being the base64 part of the {@code whsec_} secret, decoded.
 */
public final class WebhookSigner {

    private static final String PREFIX = "whsec_";

    private final SecretKeySpec key;

    private WebhookSigner(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** Checks and decodes a whsec_ secret; an error names the key and never the secret. */
    public static WebhookSigner of(String secret, String configKey) {
        String s = secret == null ? "" : secret.strip();
        if (!s.startsWith(PREFIX)) {
            throw new IllegalArgumentException(configKey + ": expected whsec_<base64> (a Standard Webhooks secret)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(s.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configKey + ": the part after whsec_ is not valid base64");
        }
        if (key.length < 16) {
            throw new IllegalArgumentException(configKey + ": the key is " + key.length
                    + " bytes; Standard Webhooks secrets are 24 to 64 bytes (at least 16 here)");
        }
        return new WebhookSigner(key);
    }

    /** The webhook-signature header value for this id, unix-seconds timestamp and body. */
    public String sign(String webhookId, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[whsec_***]";
    }
}
