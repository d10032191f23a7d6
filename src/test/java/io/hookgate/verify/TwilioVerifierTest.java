package io.hookgate.verify;

import static io.hookgate.request.RejectionReason.BAD_SIGNATURE;
import static io.hookgate.request.RejectionReason.MALFORMED_PAYLOAD;
import static io.hookgate.request.RejectionReason.MALFORMED_SIGNATURE;
import static io.hookgate.request.RejectionReason.MISSING_SIGNATURE;
import static io.hookgate.verify.TestSupport.assertAccepted;
import static io.hookgate.verify.TestSupport.assertRejected;
import static io.hookgate.verify.TestSupport.base64;
import static io.hookgate.verify.TestSupport.hex;
import static io.hookgate.verify.TestSupport.hmac;
import static io.hookgate.verify.TestSupport.request;
import static io.hookgate.verify.TestSupport.utf8;

import java.security.MessageDigest;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hookgate.request.WebhookRequest;

class TwilioVerifierTest {

    private static final String TOKEN = "twilio-auth-token";
    private static final String URL = "https://hooks.example.com/webhooks/sms";
    private static final String FORM = "application/x-www-form-urlencoded";
    // Out of order, repeated, escaped and '+'-encoded: the signature covers the decoded, sorted pairs.
    private static final String FORM_BODY = "To=%2B15005550006&Body=hello+world&From=%2B15005550001&Media=b&Media=a&Empty=";
    private static final String FORM_SIGNED = URL + "?sid=1" + "Bodyhello world" + "Empty" + "From+15005550001"
            + "Mediaa" + "Mediab" + "To+15005550006";
    private static final String JSON_BODY = "{\"status\":\"delivered\"}";

    private final Verifier verifier = new TwilioVerifier(List.of(TOKEN), URL);

    private static String sign(String token, String signed) {
        return base64(hmac("HmacSHA1", utf8(token), signed));
    }

    private static String sha256Hex(String body) throws Exception {
        return hex(MessageDigest.getInstance("SHA-256").digest(utf8(body)));
    }

    private static WebhookRequest form(String body, String query, String signature) {
        return request(utf8(body), query, "Content-Type", FORM + "; charset=utf-8", "X-Twilio-Signature", signature);
    }

    private static WebhookRequest json(String body, String query, String signature) {
        return request(utf8(body), query, "Content-Type", "application/json", "X-Twilio-Signature", signature);
    }

    @Test
    void acceptsAFormBodySignedOverTheSortedDecodedParameters() {
        assertAccepted(verifier, form(FORM_BODY, "sid=1", sign(TOKEN, FORM_SIGNED)));
    }

    @Test
    void acceptsAJsonBodyThroughBodySha256() throws Exception {
        String query = "bodySHA256=" + sha256Hex(JSON_BODY);
        assertAccepted(verifier, json(JSON_BODY, query, sign(TOKEN, URL + "?" + query)));
    }

    @Test
    void acceptsAnEmptyBodySignedOverTheUrlAlone() {
        assertAccepted(verifier, request(new byte[0], null, "X-Twilio-Signature", sign(TOKEN, URL)));
    }

    @Test
    void rejectsAWrongTokenAndAChangedParameter() {
        String signature = sign(TOKEN, FORM_SIGNED);
        assertRejected(new TwilioVerifier(List.of("other"), URL), form(FORM_BODY, "sid=1", signature), BAD_SIGNATURE,
                "other", signature);
        assertRejected(verifier, form(FORM_BODY.replace("hello", "hellp"), "sid=1", signature), BAD_SIGNATURE);
        assertRejected(verifier, form(FORM_BODY, "sid=2", signature), BAD_SIGNATURE);
    }

    @Test
    void rejectsAJsonBodyThatDoesNotMatchItsSignedHash() throws Exception {
        String query = "bodySHA256=" + sha256Hex(JSON_BODY);
        WebhookRequest tampered = json(JSON_BODY.replace("delivered", "deliverec"), query, sign(TOKEN, URL + "?" + query));
        assertRejected(verifier, tampered, BAD_SIGNATURE);
    }

    @Test
    void rejectsAJsonBodyWithoutBodySha256() {
        assertRejected(verifier, json(JSON_BODY, "a=1", sign(TOKEN, URL + "?a=1")), MISSING_SIGNATURE);
        assertRejected(verifier, json(JSON_BODY, null, sign(TOKEN, URL)), MISSING_SIGNATURE);
    }

    @Test
    void rejectsAMalformedBodySha256() {
        String query = "bodySHA256=abc";
        assertRejected(verifier, json(JSON_BODY, query, sign(TOKEN, URL + "?" + query)), MALFORMED_SIGNATURE);
    }

    @Test
    void rejectsAMissingOrMalformedHeader() {
        assertRejected(verifier, request(utf8(FORM_BODY), null, "Content-Type", FORM), MISSING_SIGNATURE);
        assertRejected(verifier, form(FORM_BODY, null, "!!!"), MALFORMED_SIGNATURE);
        assertRejected(verifier, form(FORM_BODY, null, base64(utf8("too short"))), MALFORMED_SIGNATURE);
    }

    @Test
    void rejectsAFormBodyThatCannotBeParsed() {
        assertRejected(verifier, form("Body=100%", null, sign(TOKEN, URL + "Body100%")), MALFORMED_PAYLOAD);
        assertRejected(verifier, request(new byte[] {'a', '=', (byte) 0xC3}, null, "Content-Type", FORM,
                "X-Twilio-Signature", sign(TOKEN, URL)), MALFORMED_PAYLOAD);
    }

    @Test
    void acceptsEitherTokenDuringRotation() {
        for (List<String> tokens : List.of(List.of("new-token", TOKEN), List.of(TOKEN, "new-token"))) {
            assertAccepted(new TwilioVerifier(tokens, URL), form(FORM_BODY, "sid=1", sign(TOKEN, FORM_SIGNED)));
        }
    }
}
