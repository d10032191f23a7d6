package io.hookgate.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hookgate.request.RejectedWebhookException;
import io.hookgate.request.WebhookRequest;

/**
 * What a generic {@code hmac} source signs: literal text with {@code {body}} (the raw body bytes) and
 * {@code {header:Name}} (a header's value) placeholders, e.g. {@code {header:X-Timestamp}.{body}}. Parsed once at
 * startup; an unknown placeholder is a configuration error rather than text that never matches.
 */
final class SignedContentTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)(?::([^{}]*))?}");

    private sealed interface Part {
    }

    private record Literal(byte[] bytes) implements Part {
    }

    private record Body() implements Part {
    }

    private record Header(String name) implements Part {
    }

    private final List<Part> parts;

    SignedContentTemplate(String template) {
        List<Part> parsed = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int literalStart = 0;
        while (m.find()) {
            if (m.start() > literalStart) {
                parsed.add(new Literal(Signatures.utf8(template.substring(literalStart, m.start()))));
            }
            String argument = m.group(2);
            if (m.group(1).equals("body") && argument == null) {
                parsed.add(new Body());
            } else if (m.group(1).equals("header") && argument != null && !argument.isBlank()) {
                parsed.add(new Header(argument.strip()));
            } else {
                throw new IllegalArgumentException("unknown placeholder " + m.group()
                        + " (use {body} or {header:Name})");
            }
            literalStart = m.end();
        }
        if (literalStart < template.length()) {
            parsed.add(new Literal(Signatures.utf8(template.substring(literalStart))));
        }
        this.parts = List.copyOf(parsed);
    }

    /** True when the raw body is part of what is signed. */
    boolean signsBody() {
        return parts.stream().anyMatch(Body.class::isInstance);
    }

    /** True when the header's value is part of what is signed (header names compare case-insensitively). */
    boolean signsHeader(String name) {
        return parts.stream().anyMatch(p -> p instanceof Header h && h.name().equalsIgnoreCase(name.strip()));
    }

    /** The pieces to MAC, in order; a referenced header that is absent means the signature is incomplete. */
    byte[][] render(WebhookRequest request) throws RejectedWebhookException {
        byte[][] rendered = new byte[parts.size()][];
        for (int i = 0; i < rendered.length; i++) {
            rendered[i] = switch (parts.get(i)) {
                case Literal literal -> literal.bytes();
                case Body body -> request.body();
                case Header header -> Signatures.utf8(Signatures.requiredHeader(request, header.name()));
            };
        }
        return rendered;
    }
}
