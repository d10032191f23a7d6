package io.hookgate.verify;

import static io.hookgate.request.RejectionReason.MALFORMED_PAYLOAD;
import static io.hookgate.request.RejectionReason.MISSING_SIGNATURE;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.RejectionReason;
import io.hookgate.request.WebhookRequest;

/**
 * Twilio: {@code X-Twilio-Signature: base64(HMAC-SHA1(authToken, url + params))}. The url is the public URL Twilio
 * called plus the query string. Form bodies contribute their parameters sorted by name (then value), each as name +
 * value. Any other body (JSON) is covered indirectly: Twilio adds {@code bodySHA256=<hex>} to the signed query, and
 * that hash must match the body.
 */
public final class TwilioVerifier implements Verifier {

    static final String HEADER = "X-Twilio-Signature";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final List<byte[]> keys;
    private final String publicUrl;

    /** @param publicUrl the URL exactly as Twilio calls it, without query, e.g. https://hooks.example.com/webhooks/sms */
    public TwilioVerifier(List<String> authTokens, String publicUrl) {
        if (publicUrl == null || publicUrl.isBlank()) {
            throw new IllegalArgumentException("a public URL is required: Twilio signs the URL it calls");
        }
        this.keys = Signatures.utf8Keys(authTokens);
        this.publicUrl = publicUrl;
    }

    @Override
    public Verification verify(WebhookRequest request) throws RejectedWebhookException {
        byte[] provided = Signatures.decodeMac(Signatures.requiredHeader(request, HEADER), SignatureEncoding.BASE64,
                HmacAlgorithm.SHA1, HEADER);
        String query = request.query();
        boolean hasQuery = query != null && !query.isEmpty();
        StringBuilder signed = new StringBuilder(publicUrl).append(hasQuery ? "?" + query : "");

        byte[] bodyHash = null;
        if (isForm(request.contentType())) {
            for (Map.Entry<String, String> param : sorted(parse(utf8Body(request), MALFORMED_PAYLOAD, "form body"))) {
                signed.append(param.getKey()).append(param.getValue());
            }
        } else if (request.body().length > 0) {
            bodyHash = bodySha256(hasQuery ? query : "");
        }

        if (!Signatures.anyKeyMatches(HmacAlgorithm.SHA1, keys, provided, Signatures.utf8(signed.toString()))) {
            throw Signatures.mismatch(HEADER);
        }
        // The URL (and so bodySHA256) is authentic now; the body must be the one it describes.
        if (bodyHash != null && !MessageDigest.isEqual(bodyHash, Signatures.sha256(request.body()))) {
            throw Signatures.mismatch("bodySHA256");
        }
        return Verification.replayable(provided);
    }

    private static byte[] bodySha256(String query) throws RejectedWebhookException {
        String hex = parse(query, RejectionReason.MALFORMED_SIGNATURE, "query string").stream()
                .filter(p -> p.getKey().equals("bodySHA256"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new RejectedWebhookException(MISSING_SIGNATURE,
                        "bodySHA256 query parameter is missing for a non-form body"));
        byte[] hash = SignatureEncoding.HEX.decodeOrNull(hex);
        if (hash == null || hash.length != 32) {
            throw Signatures.malformed("bodySHA256 is not a hex SHA-256");
        }
        return hash;
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals(FORM);
    }

    private static String utf8Body(WebhookRequest request) throws RejectedWebhookException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(request.body())).toString();
        } catch (CharacterCodingException e) {
            throw new RejectedWebhookException(MALFORMED_PAYLOAD, "form body is not UTF-8");
        }
    }

    /** application/x-www-form-urlencoded pairs, URL-decoded, in arrival order; a bad escape is rejected with reason. */
    private static List<Map.Entry<String, String>> parse(String encoded, RejectionReason reason, String what)
            throws RejectedWebhookException {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                params.add(Map.entry(
                        URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                throw new RejectedWebhookException(reason, what + " has an invalid %-escape");
            }
        }
        return params;
    }

    private static List<Map.Entry<String, String>> sorted(List<Map.Entry<String, String>> params) {
        params.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        return params;
    }
}
