package io.hookgate.verify;

import static io.hookgate.request.RejectionReason.BAD_SIGNATURE;
import static io.hookgate.request.RejectionReason.MALFORMED_SIGNATURE;
import static io.hookgate.request.RejectionReason.MISSING_SIGNATURE;
import static io.hookgate.verify.TestSupport.assertAccepted;
import static io.hookgate.verify.TestSupport.assertRejected;
import static io.hookgate.verify.TestSupport.flipped;
import static io.hookgate.verify.TestSupport.hmacSha256Hex;
import static io.hookgate.verify.TestSupport.request;
import static io.hookgate.verify.TestSupport.utf8;

import java.util.List;

import org.junit.jupiter.api.Test;

class GithubVerifierTest {

    private static final String SECRET = "gh-secret";
    private static final String BODY = "{\"action\":\"opened\"}";
    private static final String SIGNATURE = "sha256=" + hmacSha256Hex(SECRET, BODY);

    private final Verifier verifier = new GithubVerifier(List.of(SECRET));

    @Test
    void acceptsItsOwnSignature() {
        assertAccepted(verifier, request(BODY, "X-Hub-Signature-256", SIGNATURE));
    }

    @Test
    void acceptsUpperCaseHexAndLowerCaseHeaderName() {
        assertAccepted(verifier, request(BODY, "x-hub-signature-256", "sha256=" + hmacSha256Hex(SECRET, BODY).toUpperCase()));
    }

    @Test
    void rejectsAWrongSecret() {
        assertRejected(new GithubVerifier(List.of("other")), request(BODY, "X-Hub-Signature-256", SIGNATURE),
                BAD_SIGNATURE, "other", SIGNATURE.substring(7));
    }

    @Test
    void rejectsAFlippedBodyByte() {
        assertRejected(verifier, request(flipped(utf8(BODY)), null, "X-Hub-Signature-256", SIGNATURE), BAD_SIGNATURE,
                SECRET);
    }

    @Test
    void rejectsAMissingHeader() {
        assertRejected(verifier, request(BODY, "X-Hub-Signature", "sha1=abc"), MISSING_SIGNATURE);
    }

    @Test
    void rejectsMalformedHeaders() {
        assertRejected(verifier, request(BODY, "X-Hub-Signature-256", hmacSha256Hex(SECRET, BODY)), MALFORMED_SIGNATURE);
        assertRejected(verifier, request(BODY, "X-Hub-Signature-256", "sha256=not-hex"), MALFORMED_SIGNATURE);
        assertRejected(verifier, request(BODY, "X-Hub-Signature-256", SIGNATURE.substring(0, 40)), MALFORMED_SIGNATURE);
    }

    @Test
    void acceptsEitherSecretDuringRotation() {
        for (List<String> secrets : List.of(List.of("new-secret", SECRET), List.of(SECRET, "new-secret"))) {
            assertAccepted(new GithubVerifier(secrets), request(BODY, "X-Hub-Signature-256", SIGNATURE));
        }
        assertRejected(new GithubVerifier(List.of("retired-1", "retired-2")), request(BODY, "X-Hub-Signature-256", SIGNATURE),
                BAD_SIGNATURE, "retired-1", "retired-2");
    }
}
