package io.hookgate.bench;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * What actually reached the broker for a run: consumes the source's queue over AMQP 1.0 and counts the distinct
 * message-ids that are event ids of this run's 202 answers. The receiver opens a durable source with the
 * {@code queue} capability (the form hookgate publishes to), and accepts every message, so the queue is drained:
 * run this only against a scratch broker, such as the local profile's embedded one.
 */
final class BrokerReport {

    /**
     * @param measured    distinct ids of the measured phase found on the broker
     * @param warmup      distinct ids of the warm-up phase found on the broker
     * @param redelivered messages of this run whose id had already been seen (at-least-once duplicates)
     * @param foreign     messages that do not belong to this run (earlier runs, replays of other events)
     * @param complete    every accepted id was found before the receiver went idle
     */
    record Result(long measured, long warmup, long redelivered, long foreign, boolean complete, double seconds) {
    }

    /** Stop once no message arrived for this long (the outbox has already been drained in PostgreSQL). */

    private final Options options;

    BrokerReport(Options options) {
        this.options = options;
    }

    Result collect(String runId, Set<String> warmupIds, Set<String> measuredIds) throws Exception {
        long start = System.nanoTime();
        long deadline = start + options.drainTimeout().toNanos();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        Tally tally = new Tally(warmupIds, measuredIds);
        try {
            AmqpClientOptions clientOptions = new AmqpClientOptions()
                    .setHost(options.amqp().getHost())
                    .setPort(options.amqp().getPort())
                    .setContainerId("hookgate-bench-" + runId)
                    .setConnectTimeout(5_000);
            String userInfo = options.amqp().getUserInfo(); // amqp://user:password@host:port, e.g. RabbitMQ's guest
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                clientOptions.setUsername(colon < 0 ? userInfo : userInfo.substring(0, colon))
                        .setPassword(colon < 0 ? "" : userInfo.substring(colon + 1));
            }
            AmqpClient client = AmqpClient.create(vertx, clientOptions);
            AmqpConnection connection = await(client.connect());
            AmqpReceiver receiver = await(connection.createReceiver(options.amqpAddress(), new AmqpReceiverOptions()
                    .setDurable(options.amqpDurable())
                    .addCapability("queue")
                    .setAutoAcknowledgement(true)));
            tally.touch();
            receiver.handler(tally::add);
            while (true) {
                Thread.sleep(50);
                long now = System.nanoTime();
                if (tally.complete() || now >= deadline || now - tally.lastActivity() >= options.brokerIdle().toNanos()) {
                    break;
                }
            }
            receiver.handler(null);
            await(connection.close());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return tally.result((System.nanoTime() - start) / 1e9);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    /** Updated on the single event-loop thread, read by the waiting thread. */
    private static final class Tally {
        private final Set<String> warmupIds;
        private final Set<String> measuredIds;
        private final Set<String> seen = new HashSet<>();
        private long warmup;
        private long measured;
        private long redelivered;
        private long foreign;
        private volatile long lastActivity = System.nanoTime();

        Tally(Set<String> warmupIds, Set<String> measuredIds) {
            this.warmupIds = warmupIds;
            this.measuredIds = measuredIds;
        }

        synchronized void add(AmqpMessage message) {
            lastActivity = System.nanoTime();
            String id = message.id();
            boolean ours = id != null && (measuredIds.contains(id) || warmupIds.contains(id));
            if (!ours) {
                foreign++;
            } else if (!seen.add(id)) {
                redelivered++;
            } else if (measuredIds.contains(id)) {
                measured++;
            } else {
                warmup++;
            }
        }

        void touch() {
            lastActivity = System.nanoTime();
        }

        long lastActivity() {
            return lastActivity;
        }

        synchronized boolean complete() {
            return measured == measuredIds.size() && warmup == warmupIds.size();
        }

        synchronized Result result(double seconds) {
            return new Result(measured, warmup, redelivered, foreign, complete(), seconds);
        }
    }
}
