package io.hookgate.verify;

import static io.hookgate.request.RejectionReason.BAD_SIGNATURE;
import static io.hookgate.request.RejectionReason.MALFORMED_SIGNATURE;
import static io.hookgate.request.RejectionReason.MISSING_SIGNATURE;
import static io.hookgate.request.RejectionReason.STALE_TIMESTAMP;
import static io.hookgate.verify.TestSupport.CLOCK;
import static io.hookgate.verify.TestSupport.NOW;
import static io.hookgate.verify.TestSupport.TOLERANCE;
import static io.hookgate.verify.TestSupport.TS;
import static io.hookgate.verify.TestSupport.assertAccepted;
import static io.hookgate.verify.TestSupport.assertRejected;
import static io.hookgate.verify.TestSupport.base64;
import static io.hookgate.verify.TestSupport.flipped;
import static io.hookgate.verify.TestSupport.hex;
import static io.hookgate.verify.TestSupport.hmac;
import static io.hookgate.verify.TestSupport.request;
import static io.hookgate.verify.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class HmacVerifierTest {

    private static final String SECRET = "generic-secret";
    private static final String BODY = "{\"event\":\"build.finished\"}";

    private static HmacVerifier verifier(HmacAlgorithm algorithm, SignatureEncoding encoding, String prefix,
            String template, String timestampHeader, String... secrets) {
        return new HmacVerifier(List.of(secrets.length == 0 ? new String[] {SECRET} : secrets), "X-Signature",
                algorithm, encoding, prefix, template, timestampHeader, TOLERANCE, CLOCK);
    }

    private static HmacVerifier plain() {
        return verifier(HmacAlgorithm.SHA256, SignatureEncoding.HEX, "", "{body}", null);
    }

    @Test
    void acceptsHexSha256OfTheBodyByDefault() {
        assertAccepted(plain(), request(BODY, "X-Signature", hex(hmac("HmacSHA256", utf8(SECRET), BODY))));
    }

    @Test
    void acceptsAPrefixedSignature() {
        Verifier v = verifier(HmacAlgorithm.SHA256, SignatureEncoding.HEX, "sha256=", "{body}", null);
        String mac = hex(hmac("HmacSHA256", utf8(SECRET), BODY));
        assertAccepted(v, request(BODY, "X-Signature", "sha256=" + mac));
        assertRejected(v, request(BODY, "X-Signature", mac), MALFORMED_SIGNATURE);
    }

    @Test
    void acceptsBase64Sha512() {
        Verifier v = verifier(HmacAlgorithm.SHA512, SignatureEncoding.BASE64, "", "{body}", null);
        assertAccepted(v, request(BODY, "X-Signature", base64(hmac("HmacSHA512", utf8(SECRET), BODY))));
        // A SHA-256 MAC has the wrong length for sha512.
        assertRejected(v, request(BODY, "X-Signature", base64(hmac("HmacSHA256", utf8(SECRET), BODY))),
                MALFORMED_SIGNATURE);
    }

    @Test
    void acceptsSha1() {
        Verifier v = verifier(HmacAlgorithm.SHA1, SignatureEncoding.HEX, "sha1=", "{body}", null);
        assertAccepted(v, request(BODY, "X-Signature", "sha1=" + hex(hmac("HmacSHA1", utf8(SECRET), BODY))));
    }

    @Test
    void signsTheTemplateWithHeaderValues() {
        Verifier v = verifier(HmacAlgorithm.SHA256, SignatureEncoding.HEX, "", "v1:{header:X-Request-Id}:{body}", null);
        String mac = hex(hmac("HmacSHA256", utf8(SECRET), "v1:req-42:" + BODY));
        assertAccepted(v, request(BODY, "X-Signature", mac, "x-request-id", "req-42"));
        assertRejected(v, request(BODY, "X-Signature", mac, "X-Request-Id", "req-43"), BAD_SIGNATURE);
        assertRejected(v, request(BODY, "X-Signature", mac), MISSING_SIGNATURE);
    }

    @Test
    void checksTheTimestampHeaderBothWays() {
        Verifier v = verifier(HmacAlgorithm.SHA256, SignatureEncoding.HEX, "", "{header:X-Timestamp}.{body}", "X-Timestamp");
        assertAccepted(v, request(BODY, "X-Signature", hex(hmac("HmacSHA256", utf8(SECRET), TS + "." + BODY)),
                "X-Timestamp", TS));
        for (long offset : new long[] {-301, 301}) {
            String ts = Long.toString(NOW.getEpochSecond() + offset);
            assertRejected(v, request(BODY, "X-Signature", hex(hmac("HmacSHA256", utf8(SECRET), ts + "." + BODY)),
                    "X-Timestamp", ts), STALE_TIMESTAMP);
        }
        assertRejected(v, request(BODY, "X-Signature", "00"), MISSING_SIGNATURE);
        assertRejected(v, request(BODY, "X-Signature", hex(hmac("HmacSHA256", utf8(SECRET), "x." + BODY)),
                "X-Timestamp", "x"), MALFORMED_SIGNATURE);
    }

    @Test
    void rejectsAWrongSecretAFlippedByteAndAMissingOrMalformedHeader() {
        String mac = hex(hmac("HmacSHA256", utf8(SECRET), BODY));
        assertRejected(verifier(HmacAlgorithm.SHA256, SignatureEncoding.HEX, "", "{body}", null, "other"),
                request(BODY, "X-Signature", mac), BAD_SIGNATURE, "other", mac);
        assertRejected(plain(), request(flipped(utf8(BODY)), null, "X-Signature", mac), BAD_SIGNATURE);
        assertRejected(plain(), request(BODY), MISSING_SIGNATURE);
        assertRejected(plain(), request(BODY, "X-Signature", "xyz"), MALFORMED_SIGNATURE);
    }

    @Test
    void acceptsTheSecondSecretDuringRotation() {
        Verifier v = verifier(HmacAlgorithm.SHA256, SignatureEncoding.HEX, "", "{body}", null, "new", SECRET);
        assertAccepted(v, request(BODY, "X-Signature", hex(hmac("HmacSHA256", utf8(SECRET), BODY))));
    }

    @Test
    void refusesUnknownPlaceholders() {
        for (String template : List.of("{Body}", "{header}", "{header:}", "{query}.{body}", "{body:x}")) {
            assertThatThrownBy(() -> verifier(HmacAlgorithm.SHA256, SignatureEncoding.HEX, "", template, null))
                    .as(template).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("placeholder");
        }
    }
}
