package io.hookgate.verify;

import java.util.List;

import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.WebhookRequest;

/** Shopify: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(body)>}, no prefix and no timestamp. */
public final class ShopifyVerifier implements Verifier {

    static final String HEADER = "X-Shopify-Hmac-Sha256";

    private final List<byte[]> keys;

    public ShopifyVerifier(List<String> secrets) {
        this.keys = Signatures.utf8Keys(secrets);
    }

    @Override
    public Verification verify(WebhookRequest request) throws RejectedWebhookException {
        byte[] provided = Signatures.decodeMac(Signatures.requiredHeader(request, HEADER), SignatureEncoding.BASE64,
                HmacAlgorithm.SHA256, HEADER);
        if (!Signatures.anyKeyMatches(HmacAlgorithm.SHA256, keys, provided, request.body())) {
            throw Signatures.mismatch(HEADER);
        }
        return Verification.replayable(provided);
    }
}
