package io.hookgate.verify;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC variants a generic {@code hmac} source may use. */
public enum HmacAlgorithm {
    SHA1("HmacSHA1", 20),
    SHA256("HmacSHA256", 32),
    SHA512("HmacSHA512", 64);

    private final String jcaName;
    private final int length;
    // Mac.getInstance walks the provider list (it showed in ingest profiles); a Mac is not thread-safe, so one per
    // thread, re-keyed by init() on every use.
    private final ThreadLocal<Mac> macs;

    HmacAlgorithm(String jcaName, int length) {
        this.jcaName = jcaName;
        this.length = length;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** sha1, sha256 or sha512 (case-insensitive); anything else is a configuration error. */
    public static HmacAlgorithm parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + name + "' is not one of sha1, sha256, sha512");
        }
    }

    /** The MAC size in bytes: a decoded signature of any other size is malformed. */
    public int length() {
        return length;
    }

    /** HMAC over the concatenation of the parts, without copying them into one array. */
    public byte[] mac(byte[] key, byte[]... parts) {
        try {
            Mac mac = macs.get();
            mac.init(new SecretKeySpec(key, jcaName));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (InvalidKeyException e) {
            // HMAC takes a key of any length: only a broken JCA provider gets here, never a bad request.
            throw new IllegalStateException(jcaName + " rejected the source's key", e);
        }
    }

    private Mac newMac() {
        try {
            return Mac.getInstance(jcaName);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(jcaName + " is unavailable", e);
        }
    }
}
