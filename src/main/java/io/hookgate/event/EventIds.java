package io.hookgate.event;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUIDv7 (RFC 9562): time-ordered, so ids sort by arrival and index inserts stay append-mostly.
 * <p>
 * The {@link SecureRandom} lives in a holder that native builds initialise at run time
 * ({@code quarkus.native.additional-build-args}): seeded at build time, it would sit in the image heap and every
 * process would draw the same ids, which is why native-image rejects it.
 */
public final class EventIds {

    private EventIds() {
    }

    public static UUID next() {
        SecureRandom random = Random.INSTANCE;
        long millis = System.currentTimeMillis();
        long randA = random.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** Initialised at run time in a native image; see the class comment. */
    static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();

        private Random() {
        }
    }
}
