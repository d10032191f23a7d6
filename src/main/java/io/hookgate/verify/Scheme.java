package io.hookgate.verify;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The verification schemes a source can use, with where each provider puts its event id and type
 * (the README's "Configuring sources" lists them). A source's id/type overrides replace these defaults, see
 * {@link EventIdentity}.
 */
public enum Scheme {
    GITHUB("github", List.of("X-GitHub-Delivery"), null, "X-GitHub-Event", null),
    STRIPE("stripe", List.of(), "/id", null, "/type"),
    SLACK("slack", List.of(), "/event_id", null, "/type"),
    SHOPIFY("shopify", List.of("X-Shopify-Webhook-Id"), null, "X-Shopify-Topic", null),
    // Svix sends the same headers with a svix- prefix.
    STANDARD_WEBHOOKS("standard-webhooks", List.of("webhook-id", "svix-id"), null, null, "/type"),
    TWILIO("twilio", List.of("I-Twilio-Idempotency-Token"), null, null, null),
    HMAC("hmac", List.of(), null, null, null),
    TOKEN("token", List.of(), null, null, null),
    NONE("none", List.of(), null, null, null);

    private final String configName;
    private final List<String> idHeaders;
    private final String idJsonPointer;
    private final String typeHeader;
    private final String typeJsonPointer;

    Scheme(String configName, List<String> idHeaders, String idJsonPointer, String typeHeader, String typeJsonPointer) {
        this.configName = configName;
        this.idHeaders = idHeaders;
        this.idJsonPointer = idJsonPointer;
        this.typeHeader = typeHeader;
        this.typeJsonPointer = typeJsonPointer;
    }

    /** The name used in {@code hookgate.sources.<name>.scheme}. Unknown names fail startup rather than accept unverified traffic. */
    public static Scheme parse(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.configName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scheme '" + name + "', expected one of "
                        + Arrays.stream(values()).map(Scheme::configName).collect(Collectors.joining(", "))));
    }

    public String configName() {
        return configName;
    }

    /** Headers holding the provider's event id, tried in order; empty when the provider sends none. */
    public List<String> idHeaders() {
        return idHeaders;
    }

    /** JSON pointer to the event id in the body, or null. */
    public String idJsonPointer() {
        return idJsonPointer;
    }

    /** Header holding the event type, or null. */
    public String typeHeader() {
        return typeHeader;
    }

    /** JSON pointer to the event type in the body, or null. */
    public String typeJsonPointer() {
        return typeJsonPointer;
    }

    @Override
    public String toString() {
        return configName;
    }
}
