package io.hookgate.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.hookgate.admin.Payloads;

/**
 * A stored body for human eyes: pretty-printed JSON, a form as its fields, and always the raw text (or, for bytes that
 * are not UTF-8, a hex dump of the start). The template escapes all of it: bodies are attacker-controlled.
 *
 * @param pretty the pretty-printed JSON, or null
 * @param form the decoded form fields, or empty
 * @param raw the body as text; null when it is not UTF-8
 * @param hex the first bytes in hex when it is not UTF-8, else null
 */
public record PayloadView(int size, String pretty, List<Field> form, String raw, String hex) {

    /** One form field. */
    public record Field(String name, String value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int HEX_BYTES = 4096;

    public static PayloadView of(byte[] body, String contentType) {
        String text = Payloads.utf8OrNull(body);
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String pretty = null;
        List<Field> form = List.of();
        if (text != null && (type.equals("application/json") || type.endsWith("+json") || looksLikeJson(text))) {
            try {
                pretty = JSON.writeValueAsString(JSON.readTree(text));
            } catch (Exception notJson) {
                pretty = null;
            }
        }
        if (text != null && type.equals("application/x-www-form-urlencoded")) {
            form = fields(text);
        }
        String hex = text != null ? null
                : HexFormat.ofDelimiter(" ").formatHex(body, 0, Math.min(body.length, HEX_BYTES));
        return new PayloadView(body.length, pretty, form, text, hex);
    }

    public boolean utf8() {
        return raw != null;
    }

    private static boolean looksLikeJson(String text) {
        String t = text.stripLeading();
        return t.startsWith("{") || t.startsWith("[");
    }

    private static List<Field> fields(String text) {
        List<Field> fields = new ArrayList<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                fields.add(new Field(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException malformed) {
                return List.of();
            }
        }
        return fields;
    }
}
