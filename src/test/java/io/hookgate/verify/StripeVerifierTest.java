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
import static io.hookgate.verify.TestSupport.flipped;
import static io.hookgate.verify.TestSupport.hmacSha256Hex;
import static io.hookgate.verify.TestSupport.request;
import static io.hookgate.verify.TestSupport.utf8;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.hookgate.request.WebhookRequest;

class StripeVerifierTest {

    private static final String SECRET = "whsec_stripe_test_secret";
    private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}";

    private final Verifier verifier = new StripeVerifier(List.of(SECRET), TOLERANCE, CLOCK);

    private static String sign(String secret, String ts) {
        return hmacSha256Hex(secret, ts + "." + BODY);
    }

    private static WebhookRequest withHeader(String value) {
        return request(BODY, "Stripe-Signature", value);
    }

    @Test
    void acceptsItsOwnSignatureKeyedWithTheWholeSecretString() {
        assertAccepted(verifier, withHeader("t=" + TS + ",v1=" + sign(SECRET, TS)));
    }

    @Test
    void acceptsAnyOfSeveralV1AndIgnoresV0() {
        assertAccepted(verifier, withHeader("t=" + TS + ",v1=" + sign("rolled", TS) + ",v1=" + sign(SECRET, TS)
                + ",v0=" + sign("legacy", TS)));
    }

    @Test
    void rejectsAWrongSecretAndAFlippedByte() {
        String header = "t=" + TS + ",v1=" + sign(SECRET, TS);
        assertRejected(new StripeVerifier(List.of("whsec_other"), TOLERANCE, CLOCK), withHeader(header), BAD_SIGNATURE,
                "whsec_other", sign(SECRET, TS));
        assertRejected(verifier, request(flipped(utf8(BODY)), null, "Stripe-Signature", header), BAD_SIGNATURE);
    }

    @Test
    void rejectsASignatureMovedToAnotherTimestamp() {
        String other = Long.toString(NOW.getEpochSecond() - 10);
        assertRejected(verifier, withHeader("t=" + other + ",v1=" + sign(SECRET, TS)), BAD_SIGNATURE);
    }

    @Test
    void rejectsAMissingHeader() {
        assertRejected(verifier, request(BODY), MISSING_SIGNATURE);
    }

    @Test
    void rejectsMalformedHeaders() {
        String v1 = sign(SECRET, TS);
        assertRejected(verifier, withHeader("v1=" + v1), MALFORMED_SIGNATURE);
        assertRejected(verifier, withHeader("t=" + TS), MALFORMED_SIGNATURE);
        assertRejected(verifier, withHeader("t=" + TS + ",v0=" + v1), MALFORMED_SIGNATURE);
        assertRejected(verifier, withHeader("t=abc,v1=" + v1), MALFORMED_SIGNATURE);
        assertRejected(verifier, withHeader("t=" + TS + ",v1=zz"), MALFORMED_SIGNATURE);
        assertRejected(verifier, withHeader("garbage"), MALFORMED_SIGNATURE);
        assertRejected(verifier, withHeader("t=" + TS + ",t=" + TS + ",v1=" + v1), MALFORMED_SIGNATURE);
    }

    @Test
    void rejectsStaleTimestampsInThePastAndTheFuture() {
        for (long offset : new long[] {-301, 301}) {
            String ts = Long.toString(NOW.getEpochSecond() + offset);
            assertRejected(verifier, withHeader("t=" + ts + ",v1=" + sign(SECRET, ts)), STALE_TIMESTAMP);
        }
    }

    @Test
    void acceptsTimestampsAtTheEdgeOfTheTolerance() {
        for (long offset : new long[] {-300, 300}) {
            String ts = Long.toString(NOW.getEpochSecond() + offset);
            assertAccepted(verifier, withHeader("t=" + ts + ",v1=" + sign(SECRET, ts)));
        }
    }

    @Test
    void acceptsEitherSecretDuringRotation() {
        for (List<String> secrets : List.of(List.of("whsec_new", SECRET), List.of(SECRET, "whsec_new"))) {
            assertAccepted(new StripeVerifier(secrets, TOLERANCE, CLOCK),
                    withHeader("t=" + TS + ",v1=" + sign(SECRET, TS)));
        }
    }

    /** n forged v1 entries, then the real one (when real is true): one MAC per secret, whatever the count. */
    private static String candidates(int forged, boolean real) {
        StringBuilder header = new StringBuilder("t=" + TS);
        for (int i = 0; i < forged; i++) {
            header.append(",v1=").append(sign("forged-" + i, TS));
        }
        return real ? header.append(",v1=").append(sign(SECRET, TS)).toString() : header.toString();
    }

    @Test
    void acceptsTheRealSignatureAsTheTenthCandidateWithEitherRotatedSecret() {
        assertAccepted(verifier, withHeader(candidates(9, true)));
        assertAccepted(new StripeVerifier(List.of("whsec_new", SECRET), TOLERANCE, CLOCK), withHeader(candidates(9, true)));
        assertRejected(verifier, withHeader(candidates(10, false)), BAD_SIGNATURE);
    }

    @Test
    void refusesMoreThanTenCandidatesAsMalformedEvenWhenOneIsRight() {
        var e = assertRejected(verifier, withHeader(candidates(10, true)), MALFORMED_SIGNATURE, sign(SECRET, TS));
        org.assertj.core.api.Assertions.assertThat(e.detail()).contains("more than 10");
        assertRejected(verifier, withHeader(candidates(200, false)), MALFORMED_SIGNATURE);
    }
}
