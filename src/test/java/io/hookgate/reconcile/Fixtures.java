package io.hookgate.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the provider fixtures in {@code src/test/resources/reconcile/} (see the README there) and writes JSON the way
 * the providers print it: two-space indent, {@code "key": value}, {@code {}} for an empty object. With that layout a
 * fixture read and written back unchanged is byte for byte the file, which {@code FakeProviderTest} checks.
 */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final DefaultPrettyPrinter PROVIDER_LAYOUT;

    static {
        DefaultIndenter lines = new DefaultIndenter("  ", "\n");
        PROVIDER_LAYOUT = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(lines)
                .withArrayIndenter(lines);
    }

    private Fixtures() {
    }

    /** The text of a resource under {@code /reconcile/}. */
    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/reconcile/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource /reconcile/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code node} in the providers' layout, without a trailing newline. */
    static String print(JsonNode node) {
        try {
            return JSON.writer(PROVIDER_LAYOUT).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON string literal, for the few error bodies the fakes put together by hand. */
    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
