package io.hookgate.verify;

import static io.hookgate.request.RejectionReason.BAD_SIGNATURE;
import static io.hookgate.request.RejectionReason.MALFORMED_SIGNATURE;
import static io.hookgate.request.RejectionReason.MISSING_SIGNATURE;
import static io.hookgate.verify.TestSupport.assertAccepted;
import static io.hookgate.verify.TestSupport.assertRejected;
import static io.hookgate.verify.TestSupport.base64;
import static io.hookgate.verify.TestSupport.flipped;
import static io.hookgate.verify.TestSupport.hmac;
import static io.hookgate.verify.TestSupport.request;
import static io.hookgate.verify.TestSupport.utf8;

import java.util.List;

import org.junit.jupiter.api.Test;

class ShopifyVerifierTest {

    private static final String SECRET = "shpss_test";
    private static final String BODY = "{\"id\":820982911946154508}";
    private static final String SIGNATURE = base64(hmac("HmacSHA256", utf8(SECRET), BODY));

    private final Verifier verifier = new ShopifyVerifier(List.of(SECRET));

    @Test
    void acceptsItsOwnSignature() {
        assertAccepted(verifier, request(BODY, "X-Shopify-Hmac-Sha256", SIGNATURE));
    }

    @Test
    void rejectsAWrongSecretAndAFlippedByte() {
        assertRejected(new ShopifyVerifier(List.of("other")), request(BODY, "X-Shopify-Hmac-Sha256", SIGNATURE),
                BAD_SIGNATURE, "other", SIGNATURE);
        assertRejected(verifier, request(flipped(utf8(BODY)), null, "X-Shopify-Hmac-Sha256", SIGNATURE), BAD_SIGNATURE);
    }

    @Test
    void rejectsAMissingOrMalformedHeader() {
        assertRejected(verifier, request(BODY), MISSING_SIGNATURE);
        assertRejected(verifier, request(BODY, "X-Shopify-Hmac-Sha256", "%%%not base64"), MALFORMED_SIGNATURE);
        // Hex where base64 is expected decodes to the wrong length.
        assertRejected(verifier, request(BODY, "X-Shopify-Hmac-Sha256", TestSupport.hex(hmac("HmacSHA256", utf8(SECRET), BODY))),
                MALFORMED_SIGNATURE);
    }

    @Test
    void acceptsTheSecondSecretDuringRotation() {
        assertAccepted(new ShopifyVerifier(List.of("new", SECRET)), request(BODY, "X-Shopify-Hmac-Sha256", SIGNATURE));
    }
}
