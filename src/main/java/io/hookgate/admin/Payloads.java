package io.hookgate.admin;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.vertx.core.buffer.Buffer;

/**
 * Bodies for humans and for tools: text when the bytes are valid UTF-8, base64 always. Works on the row's buffer
 * (a view of it, never a copy) so that showing a large payload costs one decoded copy, not a byte[] more.
 */
public final class Payloads {

    private Payloads() {
    }

    static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    static String base64(Buffer bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer encoded = Base64.getEncoder().encode(bytes.getByteBuf().nioBuffer());
        return new String(encoded.array(), 0, encoded.limit(), StandardCharsets.ISO_8859_1);
    }

    public static String utf8OrNull(byte[] bytes) {
        return bytes == null ? null : utf8OrNull(ByteBuffer.wrap(bytes));
    }

    public static String utf8OrNull(Buffer bytes) {
        return bytes == null ? null : utf8OrNull(bytes.getByteBuf().nioBuffer());
    }

    /** The first {@code maxBytes} as text, cut at a character boundary; null when those bytes are not UTF-8. */
    public static String utf8PrefixOrNull(Buffer bytes, int maxBytes) {
        ByteBuffer all = bytes.getByteBuf().nioBuffer();
        if (all.remaining() <= maxBytes) {
            return utf8OrNull(all);
        }
        int end = maxBytes;
        while (end > 0 && (all.get(all.position() + end) & 0xC0) == 0x80) {
            end--; // never cut inside a multi-byte character
        }
        return utf8OrNull(all.slice(all.position(), end));
    }

    private static String utf8OrNull(ByteBuffer bytes) {
        if (!isValid(bytes.duplicate())) {
            return null;
        }
        // Valid: one decode straight into the String.
        if (bytes.hasArray()) {
            return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(),
                    StandardCharsets.UTF_8);
        }
        return StandardCharsets.UTF_8.decode(bytes).toString();
    }

    private static boolean isValid(ByteBuffer in) {
        CharsetDecoder decoder = strict();
        CharBuffer window = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, window, true);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return !decoder.flush(window.clear()).isError();
            }
            window.clear();
        }
    }

    private static CharsetDecoder strict() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
