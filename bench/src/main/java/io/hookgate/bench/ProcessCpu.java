package io.hookgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of the processes named with --cpu-of (e.g. app:1234,pg:567,broker:890), sampled at the measured phase's
 * start and end, so that each gets a CPU cost per accepted event. A process counts with its reaped children (cutime +
 * cstime) and its live direct children: PostgreSQL's postmaster then stands for every backend, including those that
 * exit during the phase. The generator's own CPU comes from the JVM. Linux only: elsewhere the figure is unknown.
 */
final class ProcessCpu {

    private static final double TICK_MS = 1000.0 / 100; // USER_HZ is 100 on every Linux we run on

    private final Map<String, Long> pids;

    ProcessCpu(Map<String, Long> pids) {
        this.pids = pids;
    }

    /** Milliseconds of CPU per name, plus "generator"; -1 for a process that could not be read. */
    Map<String, Double> sample() {
        Map<String, Double> ms = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ms.put(name, treeTicks(pid) < 0 ? -1 : treeTicks(pid) * TICK_MS));
        ms.put("generator", ProcessHandle.current().info().totalCpuDuration().map(d -> (double) d.toMillis()).orElse(-1.0));
        return ms;
    }

    private static long treeTicks(long pid) {
        long own = ticks(pid, true);
        if (own < 0) {
            return -1;
        }
        long children = ProcessHandle.of(pid).map(p -> p.children().mapToLong(c -> Math.max(0, ticks(c.pid(), false))).sum())
                .orElse(0L);
        return own + children;
    }

    /** utime + stime (+ cutime + cstime), from /proc/<pid>/stat; -1 when it cannot be read. */
    private static long ticks(long pid, boolean withReaped) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the comm: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withReaped ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
