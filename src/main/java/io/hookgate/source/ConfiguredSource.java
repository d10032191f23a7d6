package io.hookgate.source;

import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.hookgate.config.HookgateConfig;
import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.RejectionReason;
import io.hookgate.request.WebhookRequest;
import io.hookgate.verify.Scheme;
import io.hookgate.verify.Verification;
import io.hookgate.verify.Verifier;

/** One configured source, with its verifier and identity rules bound at startup. */
public final class ConfiguredSource {

    // Schemes whose providers always send JSON; anything else is refused before verification.
    private static final Set<Scheme> JSON_ONLY = Set.of(Scheme.STRIPE, Scheme.STANDARD_WEBHOOKS);

    private final String name;
    private final Scheme scheme;
    private final HookgateConfig.Source config;
    private final Verifier verifier;
    private final EventIdentity identity;
    private final String address;
    private final String publicUrl;

    ConfiguredSource(String name, Scheme scheme, HookgateConfig.Source config, Verifier verifier, EventIdentity identity,
            String address, String publicUrl) {
        this.name = name;
        this.scheme = scheme;
        this.config = config;
        this.verifier = verifier;
        this.identity = identity;
        this.address = address;
        this.publicUrl = publicUrl;
    }

    /** Checks media type and signature, then derives the dedup key and type. Only path to a VerifiedWebhook. */
    public VerifiedWebhook verify(WebhookRequest request) throws RejectedWebhookException {
        if (JSON_ONLY.contains(scheme) && !isJson(request.contentType())) {
            throw new RejectedWebhookException(RejectionReason.UNSUPPORTED_MEDIA_TYPE,
                    scheme.configName() + " webhooks must be application/json");
        }
        Verification verified = verifier.verify(request);
        EventIdentity.Identity id = identity.extract(request, verified.signedId());
        return new VerifiedWebhook(request, id.dedupKey(), id.eventType(), slackChallenge(id), verified.replayKey());
    }

    /**
     * The dedup key and type of an event that arrived without a webhook (reconciliation fetched it from the
     * provider's API): the same rules as for a webhook, so both copies of one event share a dedup key.
     */
    public EventIdentity.Identity identify(WebhookRequest request) {
        return identity.extract(request);
    }

    private String slackChallenge(EventIdentity.Identity id) {
        if (scheme != Scheme.SLACK || !"url_verification".equals(id.eventType())) {
            return null;
        }
        JsonNode json = id.json();
        JsonNode challenge = json == null ? null : json.get("challenge");
        return challenge != null && challenge.isTextual() ? challenge.asText() : null;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    public String name() {
        return name;
    }

    public Scheme scheme() {
        return scheme;
    }

    public HookgateConfig.Source config() {
        return config;
    }

    public long maxBodyBytes() {
        return config.maxBodySize().asLongValue();
    }

    /** The AMQP address (with the global prefix applied). */
    public String address() {
        return address;
    }

    public String publicUrl() {
        return publicUrl;
    }

    /** Headers that carry signatures or tokens for this source; their values are never stored. */
    public Set<String> secretHeaders() {
        return config.header().map(h -> Set.of(h.toLowerCase(Locale.ROOT))).orElse(Set.of());
    }
}
