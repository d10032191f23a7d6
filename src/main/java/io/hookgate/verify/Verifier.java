package io.hookgate.verify;

import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.WebhookRequest;

/**
 * Checks one source's signature scheme against the raw bytes. One implementation per scheme; each is
 * built for one source with its secrets bound, and compares in constant time.
 */
public interface Verifier {

    /** Returns what the signature vouches for when the request is authentic; otherwise says why not. */
    Verification verify(WebhookRequest request) throws RejectedWebhookException;
}
