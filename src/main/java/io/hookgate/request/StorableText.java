package io.hookgate.request;

/**
 * PostgreSQL {@code text} and {@code jsonb} cannot hold U+0000: one NUL in a request-derived string fails the whole
 * multi-row INSERT it is part of. Every text value taken from a request is stored through here, with NUL replaced by
 * U+FFFD (the replacement character). Raw body bytes are {@code bytea} and are never changed.
 */
public final class StorableText {

    public static final char NUL = '\u0000';
    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** The text with every NUL replaced by U+FFFD; null stays null, and text without NUL is returned as is. */
    public static String of(String text) {
        return text == null || text.indexOf(NUL) < 0 ? text : text.replace(NUL, REPLACEMENT);
    }
}
