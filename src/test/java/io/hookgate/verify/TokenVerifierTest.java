package io.hookgate.verify;

import static io.hookgate.request.RejectionReason.BAD_SIGNATURE;
import static io.hookgate.request.RejectionReason.MALFORMED_SIGNATURE;
import static io.hookgate.request.RejectionReason.MISSING_SIGNATURE;
import static io.hookgate.verify.TestSupport.assertAccepted;
import static io.hookgate.verify.TestSupport.assertRejected;
import static io.hookgate.verify.TestSupport.request;

import java.util.List;

import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final String TOKEN = "glpat-shared-token";

    @Test
    void acceptsTheTokenAndRejectsOthers() {
        Verifier v = new TokenVerifier(List.of(TOKEN), "X-Gitlab-Token", "");
        assertAccepted(v, request("{}", "X-Gitlab-Token", TOKEN));
        assertRejected(v, request("{}", "X-Gitlab-Token", TOKEN + "x"), BAD_SIGNATURE, TOKEN);
        assertRejected(v, request("{}", "X-Gitlab-Token", TOKEN.substring(1)), BAD_SIGNATURE, TOKEN);
        assertRejected(v, request("{}"), MISSING_SIGNATURE);
    }

    @Test
    void requiresTheConfiguredPrefix() {
        Verifier v = new TokenVerifier(List.of(TOKEN), "Authorization", "Bearer ");
        assertAccepted(v, request("{}", "Authorization", "Bearer " + TOKEN));
        assertRejected(v, request("{}", "Authorization", "Basic " + TOKEN), MALFORMED_SIGNATURE, TOKEN);
        assertRejected(v, request("{}", "Authorization", TOKEN), MALFORMED_SIGNATURE, TOKEN);
    }

    @Test
    void acceptsTheSecondTokenDuringRotation() {
        Verifier v = new TokenVerifier(List.of("new-token", TOKEN), "X-Gitlab-Token", null);
        assertAccepted(v, request("{}", "X-Gitlab-Token", TOKEN));
        assertAccepted(v, request("{}", "X-Gitlab-Token", "new-token"));
    }

    @Test
    void noneAcceptsAnything() {
        assertAccepted(new NoneVerifier(), request("anything"));
    }
}
