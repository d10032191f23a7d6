package io.hookgate.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.WebhookRequest;

/**
 * Stripe: {@code Stripe-Signature: t=<ts>,v1=<hex>[,v1=<hex>][,v0=...]} where each v1 is
 * HMAC-SHA256(ts + "." + body) keyed with the whole secret string ({@code whsec_...} included). Several v1 entries
 * appear while Stripe rolls a secret; any match passes, and more than ten are refused as malformed. Other schemes
 * (v0) are ignored.
 */
public final class StripeVerifier implements Verifier {

    static final String HEADER = "Stripe-Signature";

    private final List<byte[]> keys;
    private final Duration tolerance;
    private final Clock clock;

    public StripeVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        this.keys = Signatures.utf8Keys(secrets);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    @Override
    public Verification verify(WebhookRequest request) throws RejectedWebhookException {
        String timestamp = null;
        List<byte[]> candidates = new ArrayList<>();
        for (String item : Signatures.requiredHeader(request, HEADER).split(",")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw Signatures.malformed(HEADER + " must be a list of key=value pairs");
            }
            String key = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            if (key.equals("t")) {
                if (timestamp != null) {
                    throw Signatures.malformed(HEADER + " has more than one t=");
                }
                timestamp = value;
            } else if (key.equals("v1")) {
                Signatures.requireCandidateRoom(candidates, HEADER);
                candidates.add(Signatures.decodeMac(value, SignatureEncoding.HEX, HmacAlgorithm.SHA256, HEADER + " v1"));
            }
        }
        if (timestamp == null) {
            throw Signatures.malformed(HEADER + " has no t=");
        }
        if (candidates.isEmpty()) {
            throw Signatures.malformed(HEADER + " has no v1= signature");
        }
        long seconds = Signatures.unixSeconds(timestamp, HEADER + " t");
        byte[] prefix = Signatures.utf8(timestamp + ".");
        if (!Signatures.anyCandidateMatches(HmacAlgorithm.SHA256, keys, candidates, prefix, request.body())) {
            throw Signatures.mismatch(HEADER);
        }
        // After the MAC, so a stale rejection is never a forgery: see SlackVerifier.
        Signatures.requireFresh(seconds, clock, tolerance);
        return Verification.AUTHENTIC;
    }
}
