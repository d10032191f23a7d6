package io.hookgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine was (all cores, every process) between two samples of /proc/stat: tells whether a
 * phase was CPU-bound. Linux only; elsewhere the share is reported as unknown (-1).
 */
record MachineCpu(long busy, long total) {

    static MachineCpu sample() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long total = 0;
                    for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                        total += Long.parseLong(f[i]);
                    }
                    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
                    return new MachineCpu(total - idle, total);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format
        }
        return new MachineCpu(-1, -1);
    }

    /** Percent of all cores busy from {@code start} to this sample, or -1 when unknown. */
    double busyPercentSince(MachineCpu start) {
        if (total < 0 || start.total < 0 || total == start.total) {
            return -1;
        }
        return 100.0 * (busy - start.busy) / (total - start.total);
    }
}
