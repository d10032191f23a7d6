package io.hookgate.reject;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** At most {@code perSecond} takes in each wall-clock second; shared by the rejection records and the log lines. */
final class PerSecondBudget {

    private final int perSecond;
    private final AtomicLong windowSecond = new AtomicLong();
    private final AtomicInteger takenInWindow = new AtomicInteger();

    PerSecondBudget(int perSecond) {
        this.perSecond = perSecond;
    }

    boolean take() {
        long now = System.currentTimeMillis() / 1000;
        long window = windowSecond.get();
        if (window != now && windowSecond.compareAndSet(window, now)) {
            takenInWindow.set(0);
        }
        return takenInWindow.incrementAndGet() <= perSecond;
    }
}
