package io.hookgate.example.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

import io.hookgate.example.handler.support.AmqpTestClient;
import io.hookgate.example.handler.support.BrokerUnderTest;
import io.hookgate.example.handler.support.ContractMessages;
import io.hookgate.example.handler.support.HandlerProcess;
import io.hookgate.example.handler.support.TestPostgres;
import io.hookgate.example.handler.support.TestRabbit;

/**
 * Throughput of the packaged handler: N contract messages are preloaded into a fresh queue, then the handler (its
 * own process, -Xmx256m) drains them into handled_events, one inbox transaction each, on an embedded PostgreSQL with
 * fsync on. Not part of the suite (no *Test/*IT name): bench/handler.sh runs it through failsafe after `package`.
 * -Dbench.events=N (20000), -Dbench.brokers=rabbitmq,artemis.
 */
class HandlerBench {

    static final Path REPORT = Path.of("target", "bench", "handler-throughput.txt");

    @Test
    void drainRate() throws Exception {
        int events = Integer.getInteger("bench.events", 20_000);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-34s %8s %10s %9s %10s %12s", "broker", "events", "preload s", "drain s",
                "events/s", "start→done s"));
        for (String broker : System.getProperty("bench.brokers", "rabbitmq,artemis").split(",")) {
            if (broker.equals("rabbitmq") && !TestRabbit.reachable()) {
                lines.add(String.format("%-34s %s", "RabbitMQ (127.0.0.1:5672)", "skipped: not reachable"));
                continue;
            }
            lines.add(run(broker, events));
        }
        Files.createDirectories(REPORT.getParent());
        Files.write(REPORT, lines);
        lines.forEach(System.out::println);
    }

    private String run(String kind, int events) throws Exception {
        TestPostgres.Database db = TestPostgres.createDatabase("bench");
        try (BrokerUnderTest broker = kind.equals("rabbitmq") ? BrokerUnderTest.rabbitMq("bench")
                : BrokerUnderTest.artemis("bench")) {
            List<Message> messages = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                messages.add(ContractMessages.githubEvent(UUID.randomUUID(), "github", i));
            }
            long preloadStart = System.nanoTime();
            try (AmqpTestClient client = broker.client()) {
                client.send(broker.queue(), messages);
            }
            double preload = seconds(System.nanoTime() - preloadStart);
            messages.clear();

            long started = System.nanoTime();
            Map<String, String> extra = new HashMap<>();
            String concurrency = System.getProperty("bench.concurrency", "");
            if (!concurrency.isBlank()) {
                extra.put("mp.messaging.incoming.webhooks.concurrency", concurrency);
            }
            try (HandlerProcess handler = new HandlerProcess("bench-handler-" + kind, db, broker, extra,
                    Path.of("target", "bench")).start()) {
                long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
                while (db.count("SELECT count(*) FROM handled_events") < events) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("not drained within 15 minutes; see " + handler.log());
                    }
                    Thread.sleep(100);
                }
                double wall = seconds(System.nanoTime() - started);
                // The drain itself, from the handler's own commit times: its start-up is not counted.
                List<Object> span = db.query("SELECT min(handled_at), max(handled_at) FROM handled_events").get(0);
                double drain = (((Timestamp) span.get(1)).getTime() - ((Timestamp) span.get(0)).getTime()) / 1000.0;
                assertThat(broker.deadLettered()).isZero();
                return String.format("%-34s %8d %10.1f %9.1f %10.0f %12.1f", broker.name(), events, preload, drain,
                        (events - 1) / drain, wall);
            }
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
