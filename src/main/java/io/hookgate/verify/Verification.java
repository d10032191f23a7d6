package io.hookgate.verify;

/**
 * What a verifier vouches for once a request is authentic, beyond "authentic".
 *
 * @param signedId the event id the signature covered (Standard Webhooks: the id header of the family that was
 *        verified), or null when the scheme signs none; it is the dedup key unless the source overrides the id
 */
public record Verification(String signedId) {

    /** Authentic, and nothing more is known. */
    public static final Verification AUTHENTIC = new Verification(null);
}
