package io.hookgate.verify;

import io.hookgate.request.WebhookRequest;

/** Accepts every request. Only for sources configured with scheme {@code none}; the factory logs a warning for it. */
public final class NoneVerifier implements Verifier {

    @Override
    public void verify(WebhookRequest request) {
        // Deliberately empty: the operator chose an unauthenticated source.
    }
}
