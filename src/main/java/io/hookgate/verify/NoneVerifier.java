package io.hookgate.verify;

import io.hookgate.request.WebhookRequest;

/** Accepts every request. Only for sources configured with scheme {@code none}; the factory logs a warning for it. */
public final class NoneVerifier implements Verifier {

    @Override
    public Verification verify(WebhookRequest request) {
        // Nothing to check: the operator chose an unauthenticated source.
        return Verification.AUTHENTIC;
    }
}
