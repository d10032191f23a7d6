package io.hookgate.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

/**
 * Load generator for hookgate's ingest path. Sends unique, correctly signed webhooks to POST /webhooks/{source},
 * either as fast as --concurrency in-flight requests allow, or at a fixed --rate with coordinated-omission
 * correction (latency counted from the intended send time). Then checks in PostgreSQL that every 202 was stored
 * and published, and on the broker that every 202's event id arrived as a message. See bench/README.md.
 *
 * <p>Exit status: 0 ok, 1 usage or setup error, 3 when accepted events are missing from the database or the
 * broker (lost > 0).
 */
public final class LoadGenerator {

    private final Options options;
    private final RequestFactory requests;
    private final Vertx vertx;
    /** One per event loop; their pools add up to exactly --concurrency connections. */
    private final List<Lane> lanes;
    private final String runId;
    private String brokerError;
    private int nextLane;

    LoadGenerator(Options options) throws Exception {
        this.options = options;
        this.requests = new RequestFactory(options);
        // The generator shares the cores with what it measures: a Vert.x client costs less CPU per request than
        // java.net.http did, and one event loop (one thread) is plenty for what hookgate takes on this machine.
        int loops = Math.min(options.eventLoops(), options.concurrency());
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setWorkerPoolSize(1));
        List<Lane> deployed = new CopyOnWriteArrayList<>();
        // Each verticle instance gets the next event loop, so every lane has a thread of its own.
        vertx.deployVerticle(() -> {
            int i = deployed.size();
            Lane lane = new Lane(options.concurrency() / loops + (i < options.concurrency() % loops ? 1 : 0));
            deployed.add(lane);
            return lane;
        }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        this.lanes = List.copyOf(deployed);
        // Only [a-z0-9-]: safe inside a LIKE pattern, and unique per run.
        this.runId = "run-" + Long.toString(System.currentTimeMillis(), 36) + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(1);
            return;
        }
        try {
            System.exit(new LoadGenerator(options).run());
        } catch (Exception e) {
            System.err.println("error: " + e);
            System.exit(1);
        }
    }

    int run() throws Exception {
        DbReport db = options.jdbc() == null ? null : new DbReport(options);
        if (db != null) {
            try (Connection c = db.connect()) {
                c.createStatement().executeQuery("SELECT 1 FROM events LIMIT 1").close();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot query table events at " + options.jdbc() + ": " + e.getMessage(), e);
            }
        }
        System.out.printf(Locale.ROOT, "hookgate bench %s: %s, %s (%s), concurrency %d, body %d B, warmup %s, duration %s%n",
                runId, options.rate() == null ? "max throughput" : "fixed rate " + fmt(options.rate()) + "/s",
                requests.endpoint(), options.scheme(), options.concurrency(), options.bodySize(),
                seconds(options.warmup()), seconds(options.duration()));

        PhaseStats warmup = new PhaseStats("warmup");
        if (!options.warmup().isZero()) {
            runPhase(warmup, "w", options.warmup());
        }
        PhaseStats measured = new PhaseStats("measured");
        runPhase(measured, "m", options.duration());
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("warning: closing the HTTP client: " + e);
        }

        long accepted = warmup.s202.sum() + measured.s202.sum();
        DbReport.Result r = null;
        if (db != null) {
            System.out.printf(Locale.ROOT, "load done; waiting up to %s for the outbox to publish the run's %d events...%n",
                    seconds(options.drainTimeout()), accepted);
            r = db.collect(runId, accepted);
        }
        BrokerReport.Result b = null;
        if (options.amqp() != null) {
            System.out.printf(Locale.ROOT, "counting the run's messages on %s, queue %s (consuming them)...%n",
                    options.amqp(), options.amqpAddress());
            try {
                b = new BrokerReport(options).collect(runId, warmup.acceptedIds, measured.acceptedIds);
            } catch (Exception e) {
                // The broker side is then unproven, not lost: reported as a failed check (exit status 1).
                brokerError = e.toString();
            }
        }
        Loss lost = Loss.of(measured, r == null ? -1 : r.stored(), b == null ? -1 : b.measured());
        Loss warmupLost = Loss.of(warmup, r == null ? -1 : r.warmupStored(), b == null ? -1 : b.warmup());
        print(warmup, measured, r, b, lost, warmupLost);
        if (lost.value() > 0 || warmupLost.value() > 0) {
            return 3;
        }
        return brokerError == null ? 0 : 1;
    }

    /**
     * lost = 202 answers - min(rows stored, distinct ids on the broker); only the checks that ran count,
     * and -1 means that nothing was checked.
     */
    record Loss(long value, long db, long broker) {
        static Loss of(PhaseStats phase, long stored, long onBroker) {
            long accepted = phase.s202.sum();
            long db = stored < 0 ? -1 : accepted - stored;
            long broker = onBroker < 0 ? -1 : accepted - onBroker;
            return new Loss(Math.max(db, broker), db, broker);
        }

        String text() {
            return value < 0 ? "n/a" : Long.toString(value);
        }
    }

    /** Sends until the phase's time is up, then waits for every in-flight request to complete. */
    private void runPhase(PhaseStats stats, String tag, Duration length) throws InterruptedException {
        Semaphore inFlight = new Semaphore(options.concurrency());
        String prefix = runId + "-" + tag + "-";
        MachineCpu cpuAtStart = MachineCpu.sample();
        ProcessCpu processCpu = new ProcessCpu(options.cpuOf());
        Map<String, Double> processCpuAtStart = processCpu.sample();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        Phase phase = new Phase(stats, inFlight, prefix, end, new AtomicLong());
        long progressTimer = options.progress() && tag.equals("m")
                ? vertx.setPeriodic(1_000, id -> printProgress(stats, start))
                : -1;
        List<Long> windowTimers = new ArrayList<>();
        if (tag.equals("m")) {
            for (Duration cut : options.windows()) {
                windowTimers.add(vertx.setTimer(Math.max(1, cut.toMillis()), id -> stats.cutWindow()));
            }
        }
        if (options.rate() == null) {
            // Each lane keeps one request per connection in flight; each chain hands its permit back at the end.
            inFlight.acquire(options.concurrency());
            for (Lane lane : lanes) {
                lane.startChains(phase);
            }
        } else {
            double period = 1e9 / options.rate();
            long seq = 0;
            while (true) {
                long intended = start + (long) (seq * period);
                if (intended >= end) {
                    break;
                }
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                // Blocking here when the server falls behind is fine: latency is counted from `intended`.
                inFlight.acquire();
                freeLane().dispatch(phase, seq++, intended);
            }
        }
        if (progressTimer >= 0) {
            vertx.cancelTimer(progressTimer);
        }
        long grace = options.requestTimeout().toMillis() + 5_000;
        if (!inFlight.tryAcquire(options.concurrency(), grace, TimeUnit.MILLISECONDS)) {
            System.err.println("warning: requests still in flight " + grace + " ms after the " + stats.name + " phase");
        }
        stats.elapsedNanos = System.nanoTime() - start;
        if (tag.equals("m") && !options.windows().isEmpty()) {
            windowTimers.forEach(vertx::cancelTimer);
            while (stats.windows.size() < options.windows().size()) {
                stats.cutWindow(); // a cut after the phase's end: an empty window
            }
            stats.cutWindow();
        }
        stats.machineCpuPercent = MachineCpu.sample().busyPercentSince(cpuAtStart);
        Map<String, Double> cpuMs = new LinkedHashMap<>();
        processCpu.sample().forEach((name, atEnd) -> {
            double begin = processCpuAtStart.get(name);
            cpuMs.put(name, atEnd < 0 || begin < 0 ? -1 : atEnd - begin);
        });
        stats.cpuMs = cpuMs;
    }

    private String windowSpan(int i) {
        List<Duration> cuts = options.windows();
        String from = i == 0 ? "0" : cuts.get(i - 1).toMillis() / 1000.0 + "";
        String to = i < cuts.size() ? cuts.get(i).toMillis() / 1000.0 + " s)" : "end)";
        return "[" + from + ", " + to;
    }

    private static void printProgress(PhaseStats stats, long start) {
        Histogram h = stats.sinceLastCall();
        System.out.printf(Locale.ROOT, "progress t=%3ds answers=%d p99_ms=%s max_ms=%s%n",
                Math.round((System.nanoTime() - start) / 1e9), h.getTotalCount(),
                fmt(h.getValueAtPercentile(99) / 1000.0), fmt(h.getMaxValue() / 1000.0));
    }

    /**
     * A lane with a free connection. Holding an inFlight permit guarantees one, since a lane's permit is taken after
     * the inFlight permit and given back before it; only requests left over from a previous phase can make us wait.
     */
    private Lane freeLane() {
        while (true) {
            for (int i = 0; i < lanes.size(); i++) {
                Lane lane = lanes.get(nextLane);
                nextLane = (nextLane + 1) % lanes.size();
                if (lane.free.tryAcquire()) {
                    return lane;
                }
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** What the lanes need to send one phase's requests. */
    private record Phase(PhaseStats stats, Semaphore inFlight, String prefix, long end, AtomicLong seq) {
    }

    /** A response read to its end. */
    private record Answer(int status, Buffer body) {
    }

    /**
     * One event loop with its own HTTP/1.1 client: its requests are built, sent and answered on that thread only, so
     * nothing hops between threads and nothing here may block. The pool has one keep-alive connection per request
     * this lane keeps in flight (no pipelining), like the one connection per in-flight request before.
     */
    private final class Lane extends AbstractVerticle {

        final int connections;
        /** Free connections, for the fixed-rate dispatcher (max-throughput mode keeps them all busy). */
        final Semaphore free;
        private HttpClient client;

        Lane(int connections) {
            this.connections = connections;
            this.free = new Semaphore(connections);
        }

        @Override
        public void start() {
            client = vertx.createHttpClient(new HttpClientOptions()
                            .setProtocolVersion(HttpVersion.HTTP_1_1)
                            .setKeepAlive(true)
                            .setPipelining(false)
                            .setConnectTimeout(5_000),
                    new PoolOptions().setHttp1MaxSize(connections));
        }

        /** Max throughput: one chain of requests per connection, each sent as soon as the previous one is answered. */
        void startChains(Phase phase) {
            context.runOnContext(v -> {
                for (int i = 0; i < connections; i++) {
                    next(phase);
                }
            });
        }

        /** Fixed rate: the request the dispatcher scheduled for {@code intended}, sent from this lane's event loop. */
        void dispatch(Phase phase, long seq, long intended) {
            context.runOnContext(v -> send(phase, seq, intended, false));
        }

        private void next(Phase phase) {
            long now = System.nanoTime();
            if (now >= phase.end()) {
                phase.inFlight().release();
                return;
            }
            send(phase, phase.seq().getAndIncrement(), now, true);
        }

        private void send(Phase phase, long seq, long startNanos, boolean chained) {
            PhaseStats stats = phase.stats();
            stats.sent.increment();
            RequestFactory.Webhook webhook;
            try {
                webhook = requests.build(phase.prefix() + seq, seq);
            } catch (RuntimeException e) {
                stats.error(e);
                done(phase, chained, true);
                return;
            }
            client.request(webhook.options())
                    .compose(request -> request.send(webhook.body())
                            .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body))))
                    .onComplete(answer -> {
                        long latency = System.nanoTime() - startNanos;
                        if (answer.succeeded()) {
                            stats.response(answer.result().status(), latency, answer.result().body().toString());
                        } else {
                            stats.error(answer.cause());
                        }
                        done(phase, chained, answer.failed());
                    });
        }

        private void done(Phase phase, boolean chained, boolean failed) {
            if (!chained) {
                // This order keeps freeLane() from ever finding no free lane.
                free.release();
                phase.inFlight().release();
            } else if (failed) {
                // A failure can complete synchronously: queue the next request instead of recursing.
                context.runOnContext(v -> next(phase));
            } else {
                next(phase);
            }
        }
    }

    private void print(PhaseStats warmup, PhaseStats m, DbReport.Result r, BrokerReport.Result b, Loss lost,
            Loss warmupLost) {
        String line = "-".repeat(62);
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%-28s %s%n", "run", runId);
        System.out.printf(Locale.ROOT, "%-28s %s%n", "mode", options.rate() == null
                ? "max throughput (" + options.concurrency() + " in flight)"
                : "fixed rate " + fmt(options.rate()) + "/s (max " + options.concurrency() + " in flight)");
        System.out.printf(Locale.ROOT, "%-28s %.1f s%n", "measured phase", m.elapsedSeconds());
        System.out.printf(Locale.ROOT, "%-28s %d%n", "requests sent", m.sent.sum());
        System.out.printf(Locale.ROOT, "%-28s %d%n", "  202 accepted", m.s202.sum());
        System.out.printf(Locale.ROOT, "%-28s %d%n", "  200 duplicate", m.s200.sum());
        if (m.other2xx.sum() > 0) {
            System.out.printf(Locale.ROOT, "%-28s %d%n", "  other 2xx", m.other2xx.sum());
        }
        System.out.printf(Locale.ROOT, "%-28s %d%n", "  4xx", m.s4xx.sum());
        System.out.printf(Locale.ROOT, "%-28s %d%n", "  5xx", m.s5xx.sum());
        System.out.printf(Locale.ROOT, "%-28s %d%n", "  errors (no response)", m.errors.sum());
        System.out.printf(Locale.ROOT, "%-28s %s%n", "accepted/s", fmt(m.perSecond(m.s202)));
        System.out.printf(Locale.ROOT, "%-28s %s%n", "machine CPU busy",
                m.machineCpuPercent < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f %% of all cores (every process)",
                        m.machineCpuPercent));
        System.out.printf(Locale.ROOT, "%-28s p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
                options.rate() == null ? "latency ms" : "latency ms (CO-corrected)",
                fmt(m.ms(50)), fmt(m.ms(90)), fmt(m.ms(99)), fmt(m.ms(99.9)), fmt(m.maxMs()));
        if (!options.cpuOf().isEmpty()) {
            StringBuilder cpu = new StringBuilder();
            m.cpuMs.forEach((name, ms) -> cpu.append(String.format(Locale.ROOT, "%s %s  ", name,
                    ms < 0 || m.s202.sum() == 0 ? "na" : String.format(Locale.ROOT, "%.3f", ms / m.s202.sum()))));
            System.out.printf(Locale.ROOT, "%-28s %s%n", "CPU ms per accepted event", cpu.toString().strip());
        }
        for (int i = 0; i < m.windows.size(); i++) {
            Histogram w = m.windows.get(i);
            System.out.printf(Locale.ROOT, "  window %d %-18s answers %d  p50 %s  p99 %s  max %s%n", i + 1,
                    windowSpan(i), w.getTotalCount(), fmt(w.getValueAtPercentile(50) / 1000.0),
                    fmt(w.getValueAtPercentile(99) / 1000.0), fmt(w.getMaxValue() / 1000.0));
        }
        if (r != null) {
            System.out.printf(Locale.ROOT, "%-28s %d%n", "rows stored", r.stored());
            System.out.printf(Locale.ROOT, "%-28s %d%n", "rows PUBLISHED", r.published());
        } else {
            System.out.printf(Locale.ROOT, "%-28s %s%n", "rows stored", "not checked (--jdbc=none)");
        }
        if (b != null) {
            System.out.printf(Locale.ROOT, "%-28s %d distinct ids of %d accepted%s%n", "messages on the broker",
                    b.measured(), m.acceptedIds.size(), m.s202WithoutId.sum() == 0 ? ""
                            : " (" + m.s202WithoutId.sum() + " 202s had no id)");
            System.out.printf(Locale.ROOT, "%-28s %d redelivered, %d not from this run, %s after %.1f s%n",
                    "  broker check", b.redelivered(), b.foreign(), b.complete() ? "complete" : "INCOMPLETE",
                    b.seconds());
        } else if (brokerError != null) {
            System.out.printf(Locale.ROOT, "%-28s CHECK FAILED: %s%n", "messages on the broker", brokerError);
        } else {
            System.out.printf(Locale.ROOT, "%-28s %s%n", "messages on the broker", "not checked (--amqp=none)");
        }
        System.out.printf(Locale.ROOT, "%-28s %s%s%n", "lost", lost.text(), lost.value() > 0 ? "   <-- !!" : "");
        System.out.printf(Locale.ROOT, "%-28s %s%n", "  (202s - min(stored, broker))",
                "db " + (lost.db() < 0 ? "n/a" : lost.db()) + ", broker " + (lost.broker() < 0 ? "n/a" : lost.broker()));
        if (r != null) {
            System.out.printf(Locale.ROOT, "%-28s p50 %s  p99 %s  max %s%n", "publish lag ms",
                    fmt(r.lagP50Ms()), fmt(r.lagP99Ms()), fmt(r.lagMaxMs()));
            System.out.printf(Locale.ROOT, "%-28s %s after %.1f s%n", "backlog drained",
                    r.drained() ? "yes" : "NO (still PENDING)", r.drainSeconds());
        }
        System.out.printf(Locale.ROOT, "%-28s sent %d, 202 %d, stored %s, on broker %s, lost %s%n", "warmup",
                warmup.sent.sum(), warmup.s202.sum(), r == null ? "n/a" : r.warmupStored(),
                b == null ? "n/a" : b.warmup(), warmupLost.text());
        String failure = m.firstFailure.get() != null ? m.firstFailure.get() : warmup.firstFailure.get();
        if (failure != null) {
            System.out.printf(Locale.ROOT, "%-28s %s%n", "first failure", failure);
        }
        System.out.println(line);

        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("run", runId);
        kv.put("mode", options.mode());
        kv.put("source", options.source());
        kv.put("scheme", options.scheme());
        kv.put("concurrency", options.concurrency());
        kv.put("target_rate", options.rate() == null ? 0 : fmt(options.rate()));
        kv.put("body_size", options.bodySize());
        kv.put("duration_s", fmt(m.elapsedSeconds()));
        kv.put("sent", m.sent.sum());
        kv.put("s202", m.s202.sum());
        kv.put("s200", m.s200.sum());
        kv.put("s4xx", m.s4xx.sum());
        kv.put("s5xx", m.s5xx.sum());
        kv.put("errors", m.errors.sum());
        kv.put("accepted_per_s", fmt(m.perSecond(m.s202)));
        kv.put("p50_ms", fmt(m.ms(50)));
        kv.put("p90_ms", fmt(m.ms(90)));
        kv.put("p99_ms", fmt(m.ms(99)));
        kv.put("p999_ms", fmt(m.ms(99.9)));
        kv.put("max_ms", fmt(m.maxMs()));
        for (int i = 0; i < m.windows.size(); i++) {
            Histogram w = m.windows.get(i);
            kv.put("w" + (i + 1) + "_answers", w.getTotalCount());
            kv.put("w" + (i + 1) + "_p50_ms", fmt(w.getValueAtPercentile(50) / 1000.0));
            kv.put("w" + (i + 1) + "_p99_ms", fmt(w.getValueAtPercentile(99) / 1000.0));
            kv.put("w" + (i + 1) + "_max_ms", fmt(w.getMaxValue() / 1000.0));
        }
        long accepted = m.s202.sum();
        m.cpuMs.forEach((name, ms) -> kv.put("cpu_" + name + "_ms_per_event",
                ms < 0 || accepted == 0 ? "na" : String.format(Locale.ROOT, "%.4f", ms / accepted)));
        kv.put("machine_cpu_pct", m.machineCpuPercent < 0 ? "na" : String.format(Locale.ROOT, "%.0f", m.machineCpuPercent));
        kv.put("stored", r == null ? "na" : r.stored());
        kv.put("published", r == null ? "na" : r.published());
        kv.put("broker_messages", b == null ? "na" : b.measured());
        kv.put("broker_redelivered", b == null ? "na" : b.redelivered());
        kv.put("broker_complete", b != null ? b.complete() : brokerError != null ? "failed" : "na");
        kv.put("lost", lost.value() < 0 ? "na" : lost.value());
        kv.put("lost_db", lost.db() < 0 ? "na" : lost.db());
        kv.put("lost_broker", lost.broker() < 0 ? "na" : lost.broker());
        kv.put("publish_lag_p50_ms", r == null ? "na" : fmt(r.lagP50Ms()));
        kv.put("publish_lag_p99_ms", r == null ? "na" : fmt(r.lagP99Ms()));
        kv.put("drained", r == null ? "na" : r.drained());
        kv.put("drain_s", r == null ? "na" : fmt(r.drainSeconds()));
        kv.put("warmup_sent", warmup.sent.sum());
        kv.put("warmup_s202", warmup.s202.sum());
        kv.put("warmup_lost", warmupLost.value() < 0 ? "na" : warmupLost.value());
        // The generator's own CPU over its whole run (it shares the machine with what it measures).
        kv.put("generator_cpu_s", ProcessHandle.current().info().totalCpuDuration()
                .map(d -> String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0)).orElse("na"));
        StringBuilder sb = new StringBuilder("RESULT");
        kv.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        System.out.println(sb);
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.1f" : "%.3f", v);
    }

    private static String seconds(Duration d) {
        return fmt(d.toMillis() / 1000.0) + " s";
    }
}
