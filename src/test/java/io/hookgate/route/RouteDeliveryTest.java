package io.hookgate.route;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.hookgate.route.Receiver.Answer;
import io.hookgate.support.Await;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * HTTP delivery against real receivers misbehaving as destinations do: errors then success, 429 with Retry-After,
 * answers slower than the timeout, a receiver off the network for 30 s, a circuit that opens and closes, and a rate
 * limit held over 30 s.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class RouteDeliveryTest {

    /** Per event id, how many requests it has had: lets each test script answers per event on a shared receiver. */
    private static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();

    private static int nth(Receiver.Request r) {
        return SEEN.computeIfAbsent(r.header("webhook-id"), k -> new AtomicInteger()).incrementAndGet();
    }

    static Map<String, Object> delivery(UUID id, String route) {
        List<Map<String, Object>> rows = Db.query(
                "SELECT state, attempts, failures, last_error, attempt_log::text AS log, delivered_at FROM deliveries"
                        + " WHERE event_id = ? AND destination = ?", id, route);
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    static boolean delivered(UUID id, String route) {
        return "PUBLISHED".equals(delivery(id, route).get("state"));
    }

    static List<Receiver.Request> received(Receiver receiver, UUID id) {
        return RoutesTest.received(receiver, id);
    }

    @Test
    void errorsAreRetriedUntilTheDestinationAnswers2xxAndEachAttemptIsRecorded() {
        RouteReceivers.FLAKY.answer(r -> nth(r) <= 2 ? new Answer(500, Map.of(), "{\"error\":\"boom\"}", 0) : Answer.ok());
        UUID id = RoutesTest.post("flaky", "push", "{\"n\":\"" + UUID.randomUUID() + "\"}");
        Await.until("delivered after two 500s", Duration.ofSeconds(20), () -> delivered(id, "flaky-http"));
        Map<String, Object> d = delivery(id, "flaky-http");
        assertThat(d.get("attempts")).isEqualTo(3);
        assertThat(d.get("failures")).isEqualTo(2);
        assertThat(d.get("last_error")).isNull();
        assertThat((String) d.get("log")).contains("\"status\": 500", "\"status\": 200", "{\\\"error\\\":\\\"boom\\\"}",
                "\"outcome\": \"retried\"", "\"outcome\": \"delivered\"");
        List<Receiver.Request> got = received(RouteReceivers.FLAKY, id);
        assertThat(got).hasSize(3);
        // The schedule backs off: 300 ms then 600 ms, less up to 20 % jitter.
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(230));
        assertThat(Duration.between(got.get(1).at(), got.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(470));
    }

    @Test
    void a429WithRetryAfterIsWaitedOutAndNotCountedAsAFailure() {
        RouteReceivers.FLAKY.answer(r -> nth(r) == 1 ? new Answer(429, Map.of("Retry-After", "2"), "slow down", 0) : Answer.ok());
        UUID id = RoutesTest.post("flaky", "push", "{\"n\":\"" + UUID.randomUUID() + "\"}");
        Await.until("delivered after the Retry-After", Duration.ofSeconds(20), () -> delivered(id, "flaky-http"));
        List<Receiver.Request> got = received(RouteReceivers.FLAKY, id);
        assertThat(got).hasSize(2);
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        Map<String, Object> d = delivery(id, "flaky-http");
        assertThat(d.get("failures")).isEqualTo(0);
        assertThat((String) d.get("log")).contains("\"status\": 429", "\"outcome\": \"waited\"");
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsATimeoutAndIsRetried() {
        RouteReceivers.FLAKY.answer(r -> nth(r) == 1 ? new Answer(200, Map.of(), "too late", 2500) : Answer.ok());
        UUID id = RoutesTest.post("flaky", "push", "{\"n\":\"" + UUID.randomUUID() + "\"}");
        Await.until("delivered after a timeout", Duration.ofSeconds(20), () -> delivered(id, "flaky-http"));
        Map<String, Object> d = delivery(id, "flaky-http");
        assertThat(d.get("failures")).isEqualTo(1);
        assertThat((String) d.get("log")).contains("timed out after 1000 ms");
        assertThat(received(RouteReceivers.FLAKY, id)).hasSize(2);
    }

    @Test
    void aDestinationThatKeepsFailingOpensTheCircuitWhichProbesAndClosesAndNothingIsDropped() {
        Receiver breaker = RouteReceivers.BREAKER;
        breaker.answer(r -> Answer.status(503));
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(RoutesTest.post("breaker", "push", "{\"n\":\"" + UUID.randomUUID() + "\"}"));
        }
        Await.until("circuit open", Duration.ofSeconds(15), () -> circuit("breaker-http") == 2);
        int atOpen = breaker.requests().size();
        sleep(1500);
        assertThat(breaker.requests().size()).as("no attempt while the circuit is open").isLessThanOrEqualTo(atOpen + 1);
        assertThat(ids).allSatisfy(id -> assertThat(delivery(id, "breaker-http").get("state")).isEqualTo("PENDING"));

        breaker.answer(r -> Answer.ok());
        Await.until("circuit closed after the probe", Duration.ofSeconds(15), () -> circuit("breaker-http") == 0);
        Await.until("every event delivered", Duration.ofSeconds(15), () -> ids.stream().allMatch(id -> delivered(id, "breaker-http")));
        String metrics = metrics();
        assertThat(metrics).containsPattern("hookgate_route_deliveries_total\\{outcome=\"delivered\",route=\"breaker-http\"\\} [6-9]");
    }

    @Test
    void aReceiverDownFor30SecondsGetsEverythingAfterAndNothingIsLost() {
        Receiver down = RouteReceivers.DOWN;
        down.stop();
        List<UUID> ids = new ArrayList<>();
        Instant start = Instant.now();
        try {
            for (int i = 0; i < 40; i++) {
                ids.add(RoutesTest.post("down", "push", "{\"n\":\"" + UUID.randomUUID() + "\"}"));
                if (i % 10 == 9) {
                    sleep(2000);
                }
            }
            sleep(Math.max(0, 30_000 - Duration.between(start, Instant.now()).toMillis()));
            assertThat(ids).noneMatch(id -> delivered(id, "down-http"));
            assertThat(Db.count("SELECT count(*) FROM deliveries WHERE destination = 'down-http' AND state = 'FAILED'")).isZero();
            assertThat((String) delivery(ids.get(0), "down-http").get("last_error")).containsIgnoringCase("connect");
            Await.until("the backlog gauge counts the waiting deliveries", Duration.ofSeconds(10),
                    () -> metrics().contains("hookgate_route_backlog{route=\"down-http\"} 40.0"));
        } finally {
            down.start();
        }
        Await.until("all delivered after the receiver is back", Duration.ofSeconds(30),
                () -> ids.stream().allMatch(id -> delivered(id, "down-http")));
        Set<String> got = down.requests().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet());
        assertThat(got).containsAll(ids.stream().map(UUID::toString).toList());
    }

    @Test
    void theRateLimitHoldsWithinTenPercentOver30Seconds() {
        Receiver paced = RouteReceivers.PACED;
        int rate = RouteReceivers.PACED_RATE;
        int events = rate * 30 + rate * 5;
        for (int i = 0; i < events; i++) {
            RoutesTest.post("paced", "push", "{\"n\":\"" + UUID.randomUUID() + "\"}");
        }
        Await.until("30 s of deliveries", Duration.ofSeconds(60), () -> {
            List<Receiver.Request> got = paced.requests();
            return !got.isEmpty() && Duration.between(got.get(0).at(), Instant.now()).toSeconds() >= 31;
        });
        List<Receiver.Request> got = paced.requests();
        Instant from = got.get(0).at();
        long inWindow = got.stream().filter(r -> r.at().isBefore(from.plusSeconds(30))).count();
        assertThat(inWindow).as("requests in the first 30 s at %d/s", rate)
                .isBetween((long) (rate * 30 * 0.9), (long) (rate * 30 * 1.1));
    }

    static String metrics() {
        return given().port(RoutesTest.managementPort()).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static double circuit(String route) {
        Matcher m = Pattern.compile("hookgate_route_circuit_state\\{route=\"" + Pattern.quote(route) + "\"\\} ([0-9.]+)")
                .matcher(metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
