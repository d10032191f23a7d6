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

class SlackVerifierTest {

    private static final String SECRET = "slack-signing-secret";
    private static final String BODY = "{\"type\":\"event_callback\",\"event_id\":\"Ev1\"}";

    private final Verifier verifier = new SlackVerifier(List.of(SECRET), TOLERANCE, CLOCK);

    private static String sign(String secret, String ts) {
        return "v0=" + hmacSha256Hex(secret, "v0:" + ts + ":" + BODY);
    }

    private static WebhookRequest signed(String signature, String ts) {
        return request(BODY, "X-Slack-Signature", signature, "X-Slack-Request-Timestamp", ts);
    }

    @Test
    void acceptsItsOwnSignature() {
        assertAccepted(verifier, signed(sign(SECRET, TS), TS));
    }

    @Test
    void rejectsAWrongSecretAndAFlippedByte() {
        assertRejected(new SlackVerifier(List.of("other"), TOLERANCE, CLOCK), signed(sign(SECRET, TS), TS),
                BAD_SIGNATURE, "other", sign(SECRET, TS).substring(3));
        assertRejected(verifier, request(flipped(utf8(BODY)), null, "X-Slack-Signature", sign(SECRET, TS),
                "X-Slack-Request-Timestamp", TS), BAD_SIGNATURE);
    }

    @Test
    void rejectsMissingHeaders() {
        assertRejected(verifier, request(BODY, "X-Slack-Request-Timestamp", TS), MISSING_SIGNATURE);
        assertRejected(verifier, request(BODY, "X-Slack-Signature", sign(SECRET, TS)), MISSING_SIGNATURE);
    }

    @Test
    void rejectsMalformedHeaders() {
        assertRejected(verifier, signed(sign(SECRET, TS).replace("v0=", "v1="), TS), MALFORMED_SIGNATURE);
        assertRejected(verifier, signed("v0=xyz", TS), MALFORMED_SIGNATURE);
        assertRejected(verifier, signed(sign(SECRET, TS), "12.5"), MALFORMED_SIGNATURE);
        assertRejected(verifier, signed(sign(SECRET, TS), "-1"), MALFORMED_SIGNATURE);
    }

    @Test
    void rejectsStaleTimestampsInThePastAndTheFuture() {
        for (long offset : new long[] {-301, 301}) {
            String ts = Long.toString(NOW.getEpochSecond() + offset);
            assertRejected(verifier, signed(sign(SECRET, ts), ts), STALE_TIMESTAMP);
        }
    }

    @Test
    void aForgedSignatureWithAnOldTimestampIsABadSignatureNotAStaleOne() {
        String old = Long.toString(NOW.getEpochSecond() - 3600);
        assertRejected(verifier, signed(sign("forger", old), old), BAD_SIGNATURE);
    }

    @Test
    void acceptsTheSecondSecretDuringRotation() {
        assertAccepted(new SlackVerifier(List.of("new", SECRET), TOLERANCE, CLOCK), signed(sign(SECRET, TS), TS));
    }
}
