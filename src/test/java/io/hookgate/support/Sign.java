package io.hookgate.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs test webhooks the way each provider does, straight from the JDK. */
public final class Sign {

    private Sign() {
    }

    public static byte[] mac(String algorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String github(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(mac("HmacSHA256", utf8(secret), body));
    }

    public static String stripe(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1="
                + HexFormat.of().formatHex(mac("HmacSHA256", utf8(secret), utf8(timestamp + "."), body));
    }

    public static String slack(String secret, long timestamp, byte[] body) {
        return "v0=" + HexFormat.of().formatHex(mac("HmacSHA256", utf8(secret), utf8("v0:" + timestamp + ":"), body));
    }

    public static String shopify(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(mac("HmacSHA256", utf8(secret), body));
    }

    public static String standardWebhooks(String whsecSecret, String id, long timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
        return "v1," + Base64.getEncoder().encodeToString(mac("HmacSHA256", key, utf8(id + "." + timestamp + "."), body));
    }

    /** Twilio form webhooks: url + sorted name/value pairs, HMAC-SHA1, base64. */
    public static String twilio(String token, String url, java.util.SortedMap<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        params.forEach((k, v) -> data.append(k).append(v));
        return Base64.getEncoder().encodeToString(mac("HmacSHA1", utf8(token), utf8(data.toString())));
    }

    public static String hmacSha512Base64(String secret, byte[]... parts) {
        return Base64.getEncoder().encodeToString(mac("HmacSHA512", utf8(secret), parts));
    }
}
