package io.hookgate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters, the latency histogram (microseconds) and the event ids of the 202 answers of one phase; safe to update
 * from any thread.
 */
final class PhaseStats {

    /** The 202 body is {"duplicate":false,"id":"<event id>"}; the event id is the AMQP message-id. */
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    final String name;
    final LongAdder sent = new LongAdder();
    final LongAdder s202 = new LongAdder();
    final LongAdder s200 = new LongAdder();
    final LongAdder other2xx = new LongAdder();
    final LongAdder s4xx = new LongAdder();
    final LongAdder s5xx = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** 202 answers whose body carried no event id (then the broker count cannot match them). */
    final LongAdder s202WithoutId = new LongAdder();
    /** Event ids from the 202 answers: what the broker must hold afterwards. */
    final Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
    /** The first unexpected answer, to explain a run full of 401s or 503s. */
    final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final Recorder recorder = new Recorder(3);
    /** The same latencies, drained once a second by --progress. */
    private final Recorder perSecond = new Recorder(3);
    private Histogram perSecondRecycled;
    /** The same latencies once more, cut at each --windows offset. */
    private final Recorder window = new Recorder(3);
    final List<Histogram> windows = new ArrayList<>();
    private Histogram histogram;
    long elapsedNanos;
    /** CPU ms of each --cpu-of process (and the generator) over the phase; empty when not asked for. */
    Map<String, Double> cpuMs = Map.of();
    /** Share of all cores busy (every process on the machine) during the phase, -1 when unknown. */
    double machineCpuPercent = -1;

    PhaseStats(String name) {
        this.name = name;
    }

    void response(int status, long latencyNanos, String body) {
        long micros = Math.max(1, latencyNanos / 1_000);
        recorder.recordValue(micros);
        perSecond.recordValue(micros);
        window.recordValue(micros);
        if (status == 202) {
            s202.increment();
            Matcher id = body == null ? null : ID.matcher(body);
            if (id != null && id.find()) {
                acceptedIds.add(id.group(1));
            } else {
                s202WithoutId.increment();
            }
        } else if (status == 200) {
            s200.increment();
        } else if (status >= 200 && status < 300) {
            other2xx.increment();
        } else if (status >= 400 && status < 500) {
            s4xx.increment();
        } else {
            s5xx.increment();
        }
        if (status != 202 && status != 200) {
            failure(status + " " + abbreviate(body));
        }
    }

    void error(Throwable t) {
        errors.increment();
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        failure(root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    private void failure(String what) {
        firstFailure.compareAndSet(null, what);
    }

    /** Called once, after every in-flight request of the phase completed. */
    Histogram histogram() {
        if (histogram == null) {
            histogram = recorder.getIntervalHistogram();
        }
        return histogram;
    }

    /** Closes the current --windows window: its latencies are those answered since the previous cut. */
    synchronized void cutWindow() {
        windows.add(window.getIntervalHistogram());
    }

    /** The latencies since the previous call: for one --progress line. */
    Histogram sinceLastCall() {
        perSecondRecycled = perSecond.getIntervalHistogram(perSecondRecycled);
        return perSecondRecycled;
    }

    double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    double perSecond(LongAdder counter) {
        return elapsedNanos == 0 ? 0 : counter.sum() / elapsedSeconds();
    }

    /** Percentile in milliseconds. */
    double ms(double percentile) {
        Histogram h = histogram();
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMs() {
        Histogram h = histogram();
        return h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }
}
