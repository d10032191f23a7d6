package io.hookgate.verify;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** How a signature header spells the MAC bytes. */
public enum SignatureEncoding {
    HEX,
    BASE64;

    /** hex or base64 (case-insensitive); anything else is a configuration error. */
    public static SignatureEncoding parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + name + "' is not one of hex, base64");
        }
    }

    /** The bytes, or null when the text is not valid in this encoding. */
    byte[] decodeOrNull(String text) {
        try {
            return this == HEX ? HexFormat.of().parseHex(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
