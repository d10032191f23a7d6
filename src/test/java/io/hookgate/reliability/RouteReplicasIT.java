package io.hookgate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hookgate.embedded.EmbeddedBroker;
import io.hookgate.embedded.EmbeddedDatabase;
import io.hookgate.embedded.Ports;
import io.hookgate.route.Receiver;
import io.hookgate.route.Receiver.Answer;
import io.hookgate.support.Await;
import io.hookgate.support.EmbeddedServersResource;

/**
 * Two replicas (real processes: the packaged jar, or the native executable after -Dnative) share the HTTP deliveries
 * of one route while the receiver fails a fifth of the requests and one replica is SIGKILLed mid-load: every
 * acknowledged event reaches the receiver, and every delivery ends PUBLISHED.
 */
class RouteReplicasIT {

    static Path dir;
    static EmbeddedDatabase database;
    static EmbeddedBroker broker;
    static final Receiver RECEIVER = new Receiver();

    @BeforeAll
    static void servers() throws Exception {
        dir = Files.createTempDirectory("hookgate-route-replicas");
        database = new EmbeddedDatabase(Ports.free(), dir.resolve("postgres")).start();
        broker = new EmbeddedBroker(Ports.free(), dir.resolve("artemis")).start();
        RECEIVER.start();
    }

    @AfterAll
    static void stop() throws Exception {
        RECEIVER.stop();
        broker.stop();
        database.stop();
    }

    @Test
    void twoReplicasShareARoutesDeliveriesAndLoseNoneWhenOneIsKilled() throws Exception {
        RECEIVER.answer(r -> ThreadLocalRandom.current().nextInt(5) == 0 ? Answer.status(500) : Answer.ok());
        Map<String, String> config = new HashMap<>(EmbeddedServersResource.connectionConfig(database, broker));
        config.put("hookgate.routes.replicated.source", "github");
        config.put("hookgate.routes.replicated.destination", RECEIVER.url());
        config.put("hookgate.routes.replicated.timeout", "2s");
        config.put("hookgate.routes.replicated.retry.backoff-initial", "200ms");
        config.put("hookgate.routes.replicated.retry.backoff-max", "1s");
        config.put("hookgate.routes.replicated.retry.attempts", "100");
        config.put("hookgate.routes.replicated.circuit.failures", "1000");
        try (HookgateProcess a = new HookgateProcess("route-a", config, dir).start();
                HookgateProcess b = new HookgateProcess("route-b", config, dir).start()) {
            LoadDriver load = new LoadDriver(List.of(a.baseUrl(), b.baseUrl()), 4);
            Thread.sleep(4000);
            b.kill(); // mid-load: its claimed deliveries wait for their lease, then a takes them
            Thread.sleep(2000);
            load.close();
            Set<String> acknowledged = Set.copyOf(load.acknowledged.values());
            assertThat(acknowledged.size()).isGreaterThan(200);

            // Every stored event: the acknowledged ones, and any whose answer the kill cut off after the commit.
            Await.until("every delivery PUBLISHED", Duration.ofSeconds(90), () -> count(
                    "SELECT count(*) FROM deliveries WHERE destination = 'replicated' AND state <> 'PUBLISHED'") == 0
                    && count("SELECT count(*) FROM deliveries WHERE destination = 'replicated'") >= acknowledged.size());
            Set<String> received = RECEIVER.requests().stream().filter(r -> r.header("webhook-id") != null)
                    .map(r -> r.header("webhook-id")).collect(Collectors.toSet());
            assertThat(received).containsAll(acknowledged);
            assertThat(count("SELECT count(*) FROM deliveries WHERE destination = 'replicated' AND state <> 'PUBLISHED'"))
                    .isZero();
            long requests = RECEIVER.requests().size();
            System.out.printf("two replicas, one killed: %d events acknowledged, %d requests to the receiver"
                    + " (%.2f per event, a fifth answered 500), none lost%n", acknowledged.size(), requests,
                    requests / (double) acknowledged.size());
        }
    }

    private static long count(String sql) {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres");
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
