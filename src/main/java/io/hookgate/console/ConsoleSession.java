package io.hookgate.console;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.hookgate.admin.BearerAuth;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The console's sign-ins, kept in the console_sessions table so that every replica behind a port-forward accepts a
 * session and signing out ends it everywhere: a copied cookie stops working at once. The cookie holds 256 random
 * bits; the table holds only an HMAC of them keyed by the admin token, so a database reader cannot rebuild a cookie,
 * and rotating the admin token signs every console user out. The CSRF token of a session is another HMAC of it. The
 * token is compared in constant time (digests of equal length).
 */
final class ConsoleSession {

    static final String COOKIE = "hookgate_console";
    static final Duration LIFETIME = Duration.ofHours(12);

    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final byte[] key;
    private final BearerAuth auth;
    private final Pool pool;
    // Not static: a SecureRandom in a static field is built into the native image's heap with a fixed seed (the
    // native build refuses it); this object is created at run time.
    private final SecureRandom random = new SecureRandom();

    ConsoleSession(Optional<String> adminToken, Pool pool) {
        String token = adminToken.map(String::strip).filter(t -> !t.isEmpty()).orElse(null);
        this.key = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.auth = new BearerAuth(adminToken);
        this.pool = pool;
    }

    /** True when the token given at sign-in is the admin token (the admin API's check). None configured: nothing passes. */
    boolean tokenMatches(String given) {
        return given != null && auth.allows("Bearer " + given);
    }

    /** Stores a new session and returns the cookie's value; sessions that expired are deleted on the way. */
    Uni<String> issue() {
        byte[] random = new byte[32];
        this.random.nextBytes(random);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return pool.preparedQuery("DELETE FROM console_sessions WHERE expires_at < now()").execute()
                .onItem().transformToUni(x -> pool.preparedQuery("INSERT INTO console_sessions (id, created_at, expires_at) "
                        + "VALUES ($1, now(), now() + make_interval(secs => $2))")
                        .execute(Tuple.of(id(value), (double) LIFETIME.toSeconds())))
                .replaceWith(value);
    }

    /** True for a stored session that has not expired nor been signed out. */
    Uni<Boolean> valid(String session) {
        if (key == null || session == null || !VALUE.matcher(session).matches()) {
            return Uni.createFrom().item(false);
        }
        return pool.preparedQuery("SELECT 1 FROM console_sessions WHERE id = $1 AND expires_at > now()")
                .execute(Tuple.of(id(session))).map(rows -> rows.size() > 0);
    }

    /** Ends the session on every replica. */
    Uni<Void> revoke(String session) {
        if (key == null || session == null || !VALUE.matcher(session).matches()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("DELETE FROM console_sessions WHERE id = $1").execute(Tuple.of(id(session)))
                .replaceWithVoid();
    }

    /** The CSRF token every state-changing form of this session carries. */
    String csrf(String session) {
        return mac("csrf:" + session);
    }

    boolean csrfMatches(String session, String given) {
        return given != null && session != null && key != null && MessageDigest.isEqual(
                csrf(session).getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    /** What the table keys a session by. */
    private String id(String session) {
        return mac("session:" + session);
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
