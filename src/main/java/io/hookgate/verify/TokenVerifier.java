package io.hookgate.verify;

import java.security.MessageDigest;
import java.util.List;

import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.RejectionReason;
import io.hookgate.request.WebhookRequest;

/** A shared token in a header, e.g. GitLab's {@code X-Gitlab-Token}, optionally after a prefix such as {@code Bearer }. */
public final class TokenVerifier implements Verifier {

    private final List<byte[]> secretDigests;
    private final String header;
    private final String prefix;

    /** @param prefix literal text before the token, or "" */
    public TokenVerifier(List<String> secrets, String header, String prefix) {
        // Compare SHA-256 digests: equal lengths, so not even the token's length leaks through timing.
        this.secretDigests = Signatures.utf8Keys(secrets).stream().map(Signatures::sha256).toList();
        this.header = header;
        this.prefix = prefix == null ? "" : prefix;
    }

    @Override
    public Verification verify(WebhookRequest request) throws RejectedWebhookException {
        String value = request.headers().first(header);
        if (value == null || value.isBlank()) {
            throw new RejectedWebhookException(RejectionReason.MISSING_SIGNATURE, header + " header is missing");
        }
        if (!value.startsWith(prefix)) {
            throw Signatures.malformed(header + " must start with '" + prefix + "'");
        }
        byte[] provided = Signatures.sha256(Signatures.utf8(value.substring(prefix.length())));
        boolean match = false;
        for (byte[] digest : secretDigests) {
            match |= MessageDigest.isEqual(digest, provided);
        }
        if (!match) {
            throw Signatures.mismatch(header);
        }
        return Verification.AUTHENTIC;
    }
}
