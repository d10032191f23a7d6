package io.hookgate.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.WebhookRequest;

/**
 * Standard Webhooks (and Svix, which sends the same headers prefixed {@code svix-}): {@code webhook-signature} is a
 * space-separated list of {@code v1,<base64 HMAC-SHA256(id + "." + ts + "." + body)>}. Other versions (e.g. the
 * asymmetric {@code v1a}) are ignored; more than ten v1 entries are refused as malformed. The key is the base64 part
 * of the {@code whsec_<base64>} secret, decoded.
 */
public final class StandardWebhooksVerifier implements Verifier {

    private static final String SECRET_PREFIX = "whsec_";

    private final List<byte[]> keys;
    private final Duration tolerance;
    private final Clock clock;

    /** @throws IllegalArgumentException when a secret is not base64; the message never contains the secret */
    public StandardWebhooksVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        List<String> checked = Signatures.requireSecrets(secrets);
        List<byte[]> decoded = new ArrayList<>();
        for (int i = 0; i < checked.size(); i++) {
            decoded.add(decodeSecret(checked.get(i), i + 1));
        }
        this.keys = List.copyOf(decoded);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    private static byte[] decodeSecret(String secret, int position) {
        String base64 = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            byte[] key = Base64.getDecoder().decode(base64);
            if (key.length > 0) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // Dropped on purpose: the JDK message quotes the offending character of the secret.
        }
        throw new IllegalArgumentException("secret #" + position + " is not valid base64 (expected whsec_<base64>)");
    }

    @Override
    public Verification verify(WebhookRequest request) throws RejectedWebhookException {
        // Svix-branded senders use svix-*; pick the family by which signature header is present.
        String family = request.headers().first("webhook-signature") == null
                && request.headers().first("svix-signature") != null ? "svix-" : "webhook-";
        String id = Signatures.requiredHeader(request, family + "id");
        String timestamp = Signatures.requiredHeader(request, family + "timestamp");
        String signatures = Signatures.requiredHeader(request, family + "signature");
        long seconds = Signatures.unixSeconds(timestamp, family + "timestamp");

        List<byte[]> candidates = new ArrayList<>();
        for (String entry : signatures.split(" +")) {
            int comma = entry.indexOf(',');
            if (comma <= 0) {
                throw Signatures.malformed(family + "signature entries must be <version>,<signature>");
            }
            if (entry.substring(0, comma).equals("v1")) {
                Signatures.requireCandidateRoom(candidates, family + "signature");
                candidates.add(Signatures.decodeMac(entry.substring(comma + 1), SignatureEncoding.BASE64,
                        HmacAlgorithm.SHA256, family + "signature v1"));
            }
        }
        if (candidates.isEmpty()) {
            throw Signatures.malformed(family + "signature has no v1 signature");
        }
        byte[] prefix = Signatures.utf8(id + "." + timestamp + ".");
        if (!Signatures.anyCandidateMatches(HmacAlgorithm.SHA256, keys, candidates, prefix, request.body())) {
            throw Signatures.mismatch(family + "signature");
        }
        // After the MAC, so a stale rejection is never a forgery: see SlackVerifier.
        Signatures.requireFresh(seconds, clock, tolerance);
        return Verification.signedId(id);
    }
}
