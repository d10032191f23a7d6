package io.hookgate.reconcile;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A run's counters while it runs; the heartbeat and the end of the run write them to its row. */
final class Progress {
    final AtomicInteger pages = new AtomicInteger();
    final AtomicLong found = new AtomicLong();
    final AtomicLong missing = new AtomicLong();
    final AtomicLong stored = new AtomicLong();
    final AtomicLong redeliveriesRequested = new AtomicLong();
}
