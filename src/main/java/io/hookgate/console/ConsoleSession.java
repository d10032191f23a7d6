package io.hookgate.console;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.hookgate.admin.BearerAuth;

/**
 * The console's sign-in, without server-side state, so that any replica behind a port-forward accepts it: the
 * session cookie is an issue time and an HMAC of it keyed by the admin token, and the CSRF token of a session is
 * another HMAC of that session. Rotating the admin token signs every console user out. The token is compared in
 * constant time (digests of equal length).
 */
final class ConsoleSession {

    static final String COOKIE = "hookgate_console";
    static final Duration LIFETIME = Duration.ofHours(12);

    private final byte[] key;
    private final BearerAuth auth;

    ConsoleSession(Optional<String> adminToken) {
        String token = adminToken.map(String::strip).filter(t -> !t.isEmpty()).orElse(null);
        this.key = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.auth = new BearerAuth(adminToken);
    }

    /** True when the token given at sign-in is the admin token (the admin API's check). None configured: nothing passes. */
    boolean tokenMatches(String given) {
        return given != null && auth.allows("Bearer " + given);
    }

    /** A new session value for the cookie. */
    String issue(long nowSeconds) {
        String issued = Long.toString(nowSeconds);
        return issued + "." + mac("session:" + issued);
    }

    /** True for a session this token issued less than LIFETIME ago. */
    boolean valid(String session, long nowSeconds) {
        if (key == null || session == null) {
            return false;
        }
        int dot = session.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long issued;
        try {
            issued = Long.parseLong(session.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (issued > nowSeconds + 60 || nowSeconds - issued > LIFETIME.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(mac("session:" + issued).getBytes(StandardCharsets.US_ASCII),
                session.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    /** The CSRF token every state-changing form of this session carries. */
    String csrf(String session) {
        return mac("csrf:" + session);
    }

    boolean csrfMatches(String session, String given) {
        return given != null && session != null && MessageDigest.isEqual(
                csrf(session).getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
