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
import static io.hookgate.verify.TestSupport.hmac;
import static io.hookgate.verify.TestSupport.request;
import static io.hookgate.verify.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.hookgate.request.WebhookRequest;

class StandardWebhooksVerifierTest {

    private static final byte[] KEY = utf8("0123456789abcdef0123456789abcdef");
    private static final String SECRET = "whsec_" + base64(KEY);
    private static final String ID = "msg_2abc";
    private static final String BODY = "{\"type\":\"user.created\"}";

    private final Verifier verifier = new StandardWebhooksVerifier(List.of(SECRET), TOLERANCE, CLOCK);

    private static String sign(byte[] key, String ts) {
        return "v1," + base64(hmac("HmacSHA256", key, ID + "." + ts + "." + BODY));
    }

    private static WebhookRequest signed(String prefix, String signature, String ts) {
        return request(BODY, prefix + "id", ID, prefix + "timestamp", ts, prefix + "signature", signature);
    }

    @Test
    void acceptsItsOwnSignatureUnderBothHeaderFamilies() {
        assertAccepted(verifier, signed("webhook-", sign(KEY, TS), TS));
        assertAccepted(verifier, signed("svix-", sign(KEY, TS), TS));
    }

    @Test
    void acceptsASecretWithoutTheWhsecPrefix() {
        assertAccepted(new StandardWebhooksVerifier(List.of(base64(KEY)), TOLERANCE, CLOCK),
                signed("webhook-", sign(KEY, TS), TS));
    }

    @Test
    void findsV1AmongOtherVersionsAndSignatures() {
        String list = "v1a,c29tZS1lZDI1NTE5 " + sign(utf8("another key entirely!!"), TS) + " " + sign(KEY, TS);
        assertAccepted(verifier, signed("webhook-", list, TS));
    }

    @Test
    void rejectsAWrongSecretAndAFlippedByte() {
        String otherSecret = "whsec_" + base64(utf8("a different key a different key!"));
        assertRejected(new StandardWebhooksVerifier(List.of(otherSecret), TOLERANCE, CLOCK),
                signed("webhook-", sign(KEY, TS), TS), BAD_SIGNATURE, otherSecret, sign(KEY, TS).substring(3));
        assertRejected(verifier, request(flipped(utf8(BODY)), null, "webhook-id", ID, "webhook-timestamp", TS,
                "webhook-signature", sign(KEY, TS)), BAD_SIGNATURE);
    }

    @Test
    void rejectsASignatureReplayedUnderAnotherId() {
        assertRejected(verifier, request(BODY, "webhook-id", "msg_other", "webhook-timestamp", TS,
                "webhook-signature", sign(KEY, TS)), BAD_SIGNATURE);
    }

    @Test
    void rejectsMissingHeaders() {
        assertRejected(verifier, request(BODY, "webhook-timestamp", TS, "webhook-signature", sign(KEY, TS)),
                MISSING_SIGNATURE);
        assertRejected(verifier, request(BODY, "webhook-id", ID, "webhook-signature", sign(KEY, TS)), MISSING_SIGNATURE);
        assertRejected(verifier, request(BODY, "webhook-id", ID, "webhook-timestamp", TS), MISSING_SIGNATURE);
        assertRejected(verifier, request(BODY, "svix-id", ID, "svix-signature", sign(KEY, TS)), MISSING_SIGNATURE);
    }

    @Test
    void rejectsMalformedHeaders() {
        assertRejected(verifier, signed("webhook-", "no-version-here", TS), MALFORMED_SIGNATURE);
        assertRejected(verifier, signed("webhook-", "v1a,c29tZS1lZDI1NTE5", TS), MALFORMED_SIGNATURE);
        assertRejected(verifier, signed("webhook-", "v1,***", TS), MALFORMED_SIGNATURE);
        assertRejected(verifier, signed("webhook-", "v1,", TS), MALFORMED_SIGNATURE);
        assertRejected(verifier, signed("webhook-", sign(KEY, TS), "hello"), MALFORMED_SIGNATURE);
    }

    @Test
    void rejectsStaleTimestampsInThePastAndTheFuture() {
        for (long offset : new long[] {-301, 301}) {
            String ts = Long.toString(NOW.getEpochSecond() + offset);
            assertRejected(verifier, signed("webhook-", sign(KEY, ts), ts), STALE_TIMESTAMP);
        }
    }

    @Test
    void acceptsTheSecondSecretDuringRotation() {
        String older = "whsec_" + base64(utf8("the previous key the previous key"));
        assertAccepted(new StandardWebhooksVerifier(List.of(older, SECRET), TOLERANCE, CLOCK),
                signed("webhook-", sign(KEY, TS), TS));
    }

    @Test
    void refusesASecretThatIsNotBase64WithoutQuotingIt() {
        assertThatThrownBy(() -> new StandardWebhooksVerifier(List.of(SECRET, "whsec_not*base64!"), TOLERANCE, CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret #2")
                .hasMessageNotContaining("not*base64")
                .hasNoCause();
    }

    private static String candidates(int forged, boolean real) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < forged; i++) {
            list.append(sign(utf8("forged key number " + i), TS)).append(' ');
        }
        return real ? list.append(sign(KEY, TS)).toString() : list.toString().strip();
    }

    @Test
    void acceptsTheRealSignatureAsTheTenthCandidate() {
        assertAccepted(verifier, signed("webhook-", candidates(9, true), TS));
        assertAccepted(verifier, signed("svix-", "v1a,c29tZQ== " + candidates(9, true), TS));
        assertRejected(verifier, signed("webhook-", candidates(10, false), TS), BAD_SIGNATURE);
    }

    @Test
    void refusesMoreThanTenCandidatesAsMalformedEvenWhenOneIsRight() {
        var e = assertRejected(verifier, signed("webhook-", candidates(10, true), TS), MALFORMED_SIGNATURE);
        org.assertj.core.api.Assertions.assertThat(e.detail()).contains("more than 10");
        assertRejected(verifier, signed("svix-", candidates(200, false), TS), MALFORMED_SIGNATURE);
    }
}
