package io.hookgate.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.WebhookRequest;

/**
 * A generic HMAC scheme for providers without a dedicated one: the signature header, algorithm, encoding, a literal
 * prefix, what is signed (see {@link SignedContentTemplate}) and an optional unix-seconds timestamp header checked
 * against the tolerance.
 */
public final class HmacVerifier implements Verifier {

    private final List<byte[]> keys;
    private final String header;
    private final HmacAlgorithm algorithm;
    private final SignatureEncoding encoding;
    private final String prefix;
    private final SignedContentTemplate content;
    private final String timestampHeader;
    private final Duration tolerance;
    private final Clock clock;

    /**
     * @param prefix literal text before the signature (e.g. "sha256="), or ""
     * @param signedContent the template, e.g. "{body}"
     * @param timestampHeader a header with unix seconds to check against the tolerance, or null
     */
    public HmacVerifier(List<String> secrets, String header, HmacAlgorithm algorithm, SignatureEncoding encoding,
            String prefix, String signedContent, String timestampHeader, Duration tolerance, Clock clock) {
        this.keys = Signatures.utf8Keys(secrets);
        this.header = header;
        this.algorithm = algorithm;
        this.encoding = encoding;
        this.prefix = prefix == null ? "" : prefix;
        this.content = new SignedContentTemplate(signedContent);
        this.timestampHeader = timestampHeader;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    @Override
    public Verification verify(WebhookRequest request) throws RejectedWebhookException {
        // Every header must be present before any is parsed, so "missing" wins over "malformed" as in the other schemes.
        String value = Signatures.requiredHeader(request, header);
        String timestamp = timestampHeader == null ? null : Signatures.requiredHeader(request, timestampHeader);
        if (!value.startsWith(prefix)) {
            throw Signatures.malformed(header + " must start with '" + prefix + "'");
        }
        byte[] provided = Signatures.decodeMac(value.substring(prefix.length()), encoding, algorithm, header);
        Long seconds = timestamp == null ? null : Signatures.unixSeconds(timestamp, timestampHeader);
        if (!Signatures.anyKeyMatches(algorithm, keys, provided, content.render(request))) {
            throw Signatures.mismatch(header);
        }
        if (seconds != null) {
            Signatures.requireFresh(seconds, clock, tolerance);
        }
        return Verification.AUTHENTIC;
    }
}
