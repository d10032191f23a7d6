package io.hookgate.verify;

/**
 * What a verifier vouches for once a request is authentic, beyond "authentic".
 *
 * @param signedId the event id the signature covered (Standard Webhooks: the id header of the family that was
 *        verified), or null when the scheme signs none; it is the dedup key unless the source overrides the id
 * @param replayKey for schemes that sign neither a timestamp nor an id (GitHub, Shopify, Twilio): the verified MAC,
 *        which an exact replay repeats whatever id header it carries; otherwise null
 */
public record Verification(String signedId, byte[] replayKey) {

    /** Authentic, and nothing more is known. */
    public static final Verification AUTHENTIC = new Verification(null, null);

    static Verification signedId(String id) {
        return new Verification(id, null);
    }

    static Verification replayable(byte[] mac) {
        return new Verification(null, mac.clone());
    }
}
