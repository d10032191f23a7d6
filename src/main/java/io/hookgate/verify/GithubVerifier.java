package io.hookgate.verify;

import java.util.List;

import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.WebhookRequest;

/** GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(body)>}. */
public final class GithubVerifier implements Verifier {

    static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private final List<byte[]> keys;

    public GithubVerifier(List<String> secrets) {
        this.keys = Signatures.utf8Keys(secrets);
    }

    @Override
    public Verification verify(WebhookRequest request) throws RejectedWebhookException {
        String value = Signatures.requiredHeader(request, HEADER);
        if (!value.startsWith(PREFIX)) {
            throw Signatures.malformed(HEADER + " must start with " + PREFIX);
        }
        byte[] provided = Signatures.decodeMac(value.substring(PREFIX.length()), SignatureEncoding.HEX,
                HmacAlgorithm.SHA256, HEADER);
        if (!Signatures.anyKeyMatches(HmacAlgorithm.SHA256, keys, provided, request.body())) {
            throw Signatures.mismatch(HEADER);
        }
        return Verification.replayable(provided);
    }
}
