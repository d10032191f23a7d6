package io.hookgate.reject;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.config.HookgateConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * The one WARN line per rejection, rate-limited: a flood of forged requests must not fill the log volume or drown
 * the lines on-call needs. Up to {@code hookgate.rejections.max-log-lines-per-second} lines a second are written as
 * they come; the rest are counted ({@code hookgate_rejection_log_suppressed_total}) and summarised, per reason, in
 * one line every 10 seconds. The metric {@code hookgate_rejections_total} still counts every rejection.
 *
 * <p>Not a JBoss LogManager filter ({@code @LoggingFilter}): a filter sees formatted records and can neither
 * count per reason nor emit the summary line.
 */
@ApplicationScoped
public class RejectionLog {

    private final int perSecond;
    private final Counter suppressedCounter;
    private final PerSecondBudget lines;
    private final Map<String, LongAdder> suppressed = new ConcurrentHashMap<>();

    public RejectionLog(HookgateConfig config, MeterRegistry registry) {
        this.perSecond = config.rejections().maxLogLinesPerSecond();
        this.lines = new PerSecondBudget(perSecond);
        this.suppressedCounter = Counter.builder("hookgate.rejection.log.suppressed")
                .description("Rejection log lines not written because of the log rate limit (summarised instead)")
                .register(registry);
    }

    public void rejected(String source, String reason, int status, String remote, String detail) {
        if (lines.take()) {
            Log.warnf("rejected webhook: source=%s reason=%s status=%d remote=%s detail=\"%s\"", source, reason,
                    status, remote, detail);
            return;
        }
        suppressed.computeIfAbsent(reason, r -> new LongAdder()).increment();
        suppressedCounter.increment();
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void summarise() {
        Map<String, Long> counts = new TreeMap<>();
        suppressed.forEach((reason, adder) -> {
            long n = adder.sumThenReset();
            if (n > 0) {
                counts.put(reason, n);
            }
        });
        if (!counts.isEmpty()) {
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            Log.warnf("rejected webhook: %d more rejections not logged one by one (over %d lines/s), by reason %s;"
                    + " see hookgate_rejections_total and /admin/rejections", total, perSecond, counts);
        }
    }
}
