package io.hookgate.verify;

import static io.hookgate.request.RejectionReason.MALFORMED_SIGNATURE;
import static io.hookgate.request.RejectionReason.MISSING_SIGNATURE;
import static io.hookgate.request.RejectionReason.STALE_TIMESTAMP;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.RejectionReason;
import io.hookgate.request.WebhookRequest;

/** Shared steps of the verifiers. Rejection details name headers, never secrets or expected values. */
final class Signatures {

    /** The most signatures one header may list (Stripe v1=, Standard Webhooks v1,). */
    static final int MAX_CANDIDATES = 10;

    private Signatures() {
    }

    /** The header's value, stripped; a missing or blank header is a missing signature. */
    static String requiredHeader(WebhookRequest request, String name) throws RejectedWebhookException {
        String value = request.headers().first(name);
        if (value == null || value.isBlank()) {
            throw new RejectedWebhookException(MISSING_SIGNATURE, name + " header is missing");
        }
        return value.strip();
    }

    /** Decodes a MAC and checks its size, so a truncated value is reported as malformed rather than as a mismatch. */
    static byte[] decodeMac(String text, SignatureEncoding encoding, HmacAlgorithm algorithm, String what)
            throws RejectedWebhookException {
        byte[] bytes = encoding.decodeOrNull(text);
        if (bytes == null || bytes.length != algorithm.length()) {
            throw malformed(what + " is not a " + encoding.name().toLowerCase(Locale.ROOT) + " " + algorithm.name() + " MAC");
        }
        return bytes;
    }

    /** Unix seconds, digits only: signs, spaces and fractions are malformed. */
    static long unixSeconds(String text, String what) throws RejectedWebhookException {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed(what + " is not a unix timestamp");
        }
        return Long.parseLong(text);
    }

    /** Rejects timestamps more than the tolerance away from now, in either direction (replays and skewed clocks). */
    static void requireFresh(long epochSeconds, Clock clock, Duration tolerance) throws RejectedWebhookException {
        long now = clock.instant().getEpochSecond();
        long window = tolerance.toSeconds();
        if (epochSeconds < now - window || epochSeconds > now + window) {
            throw new RejectedWebhookException(STALE_TIMESTAMP,
                    "timestamp is more than " + window + "s away from the gateway's clock");
        }
    }

    /**
     * True when the provided MAC matches the one computed with any of the keys (rotation). Every key is tried,
     * and each comparison is constant time, so the timing says nothing about which key or byte differed.
     */
    static boolean anyKeyMatches(HmacAlgorithm algorithm, List<byte[]> keys, byte[] provided, byte[]... content) {
        return anyCandidateMatches(algorithm, keys, List.of(provided), content);
    }

    /**
     * True when any candidate (a header listing several signatures) matches the MAC computed with any of the keys.
     * The content is MACed once per key, however many candidates there are, and every pair is compared in constant
     * time. Callers cap the candidates with {@link #requireCandidateRoom} while they parse them.
     */
    static boolean anyCandidateMatches(HmacAlgorithm algorithm, List<byte[]> keys, List<byte[]> candidates,
            byte[]... content) {
        boolean match = false;
        for (byte[] key : keys) {
            byte[] expected = algorithm.mac(key, content);
            for (byte[] candidate : candidates) {
                match |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return match;
    }

    /**
     * Providers send one signature per active secret, two while they roll one: more than {@link #MAX_CANDIDATES} is
     * not a real provider, and is refused as soon as the eleventh is seen, before any MAC is computed.
     */
    static void requireCandidateRoom(List<byte[]> candidates, String what) throws RejectedWebhookException {
        if (candidates.size() >= MAX_CANDIDATES) {
            throw malformed(what + " has more than " + MAX_CANDIDATES + " signatures");
        }
    }

    static RejectedWebhookException malformed(String detail) {
        return new RejectedWebhookException(MALFORMED_SIGNATURE, detail);
    }

    static RejectedWebhookException mismatch(String what) {
        return new RejectedWebhookException(RejectionReason.BAD_SIGNATURE, what + " does not match");
    }

    static List<byte[]> utf8Keys(List<String> secrets) {
        return requireSecrets(secrets).stream().map(Signatures::utf8).toList();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** Verifiers are built once at startup: an empty secret list or an empty secret is a configuration error. */
    static List<String> requireSecrets(List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is required");
        }
        for (int i = 0; i < secrets.size(); i++) {
            if (secrets.get(i) == null || secrets.get(i).isEmpty()) {
                throw new IllegalArgumentException("secret #" + (i + 1) + " is empty");
            }
        }
        return List.copyOf(secrets);
    }
}
