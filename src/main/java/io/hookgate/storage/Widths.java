package io.hookgate.storage;

import java.time.Duration;
import java.time.Instant;

/** Partition widths: whole hours that divide a day, or whole days, so that partitions start on UTC hour boundaries. */
final class Widths {

    private Widths() {
    }

    /** Fails at boot, naming the key, for a width partitions cannot be aligned on. */
    static void check(Duration width) {
        long seconds = width.toSeconds();
        boolean hours = seconds > 0 && seconds % 3600 == 0 && 86_400 % seconds == 0;
        boolean days = seconds > 0 && seconds % 86_400 == 0;
        if (!hours && !days || width.toNanosPart() != 0) {
            throw new IllegalArgumentException("hookgate.storage.partition-width must be a whole number of hours that"
                    + " divides a day (1h, 2h, 3h, 4h, 6h, 8h, 12h) or of days (1d, 7d), not " + width);
        }
    }

    /** The start of the width-aligned span (counted from the epoch, in UTC) that holds {@code instant}. */
    static Instant floor(Instant instant, Duration width) {
        long w = width.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), w) * w);
    }
}
