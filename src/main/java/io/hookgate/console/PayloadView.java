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
import io.vertx.core.buffer.Buffer;

/**
 * A stored body for human eyes: pretty-printed JSON, a form as its fields, and always the raw text (or, for bytes that
 * are not UTF-8, a hex dump of the start). The template escapes all of it: bodies are attacker-controlled.
 *
 * @param pretty the pretty-printed JSON, or null
 * @param form the decoded form fields, or empty
 * @param raw the body as text; null when it is not UTF-8
 * @param hex the first bytes in hex when it is not UTF-8, else null
 * @param truncated only the first {@link #SHOWN_BYTES} are shown
 */
public record PayloadView(int size, String pretty, List<Field> form, String raw, String hex, boolean truncated) {

    /** One form field. */
    public record Field(String name, String value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int HEX_BYTES = 4096;
    /** The most of a body the page shows; the rest is in the download. */
    public static final int SHOWN_BYTES = 256 * 1024;

    /**
     * Up to {@link #SHOWN_BYTES} of the body are shown (pretty-printed, as fields, as text); a larger body is shown
     * by its start only, as text, and is there to download in full. The page then costs a bounded amount of heap
     * whatever the body's size: no JSON tree, no pretty copy, no whole-body string.
     */
    public static PayloadView of(Buffer body, String contentType) {
        int size = body.length();
        boolean whole = size <= SHOWN_BYTES;
        String text = whole ? Payloads.utf8OrNull(body) : Payloads.utf8PrefixOrNull(body, SHOWN_BYTES);
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String pretty = null;
        List<Field> form = List.of();
        if (whole && text != null && (type.equals("application/json") || type.endsWith("+json") || looksLikeJson(text))) {
            try {
                pretty = JSON.writeValueAsString(JSON.readTree(text));
            } catch (Exception notJson) {
                pretty = null;
            }
        }
        if (whole && text != null && type.equals("application/x-www-form-urlencoded")) {
            form = fields(text);
        }
        String hex = null;
        if (text == null) {
            byte[] start = new byte[Math.min(size, HEX_BYTES)];
            body.getBytes(0, start.length, start);
            hex = HexFormat.ofDelimiter(" ").formatHex(start);
        }
        return new PayloadView(size, pretty, form, text, hex, !whole);
    }

    public int shownKib() {
        return SHOWN_BYTES / 1024;
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
