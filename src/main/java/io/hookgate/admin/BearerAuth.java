package io.hookgate.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** Checks "Authorization: Bearer <token>" in constant time. With no token configured, nothing passes. */
public final class BearerAuth {

    private final byte[] expectedDigest;

    public BearerAuth(Optional<String> token) {
        this.expectedDigest = token.filter(t -> !t.isBlank()).map(t -> sha256(t.strip())).orElse(null);
    }

    public boolean allows(String authorization) {
        if (expectedDigest == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Digests have a fixed length, so the comparison time says nothing about the token's length either.
        return MessageDigest.isEqual(expectedDigest, sha256(authorization.substring(7).strip()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
