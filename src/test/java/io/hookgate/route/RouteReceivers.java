package io.hookgate.route;

import java.util.HashMap;
import java.util.Map;

import io.hookgate.support.TestSources;

/**
 * The HTTP receivers the test app's routes deliver to, started once per test JVM with the embedded servers, and the
 * sources and routes that point at them. Each scenario has its own source and receiver, so that no test's answers
 * (a 500, a Retry-After, a stopped receiver) reach another's deliveries.
 */
public final class RouteReceivers {

    public static final String FAN_A_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "fan-a-signing-key-32-bytes-long!".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    public static final String FAN_B_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "fan-b-signing-key-32-bytes-long!".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    public static final String FAN_A_TOKEN = "Bearer route-token-must-never-show";
    public static final String AUDIT_ADDRESS = "audit.routed";

    public static final Receiver FAN_A = new Receiver();
    public static final Receiver FAN_B = new Receiver();
    public static final Receiver FAN_C = new Receiver();
    public static final Receiver ORDERS = new Receiver();
    public static final Receiver FLAKY = new Receiver();
    public static final Receiver DOWN = new Receiver();
    public static final Receiver BREAKER = new Receiver();
    public static final Receiver PACED = new Receiver();
    public static final int PACED_RATE = 20;

    private RouteReceivers() {
    }

    /** Starts the receivers; returns the sources and routes to configure. */
    public static synchronized Map<String, String> start() {
        for (Receiver r : new Receiver[] { FAN_A, FAN_B, FAN_C, ORDERS, FLAKY, DOWN, BREAKER, PACED }) {
            r.start();
        }
        Map<String, String> c = new HashMap<>();

        // Fan-out: every event of "routed" goes to three HTTP routes and one AMQP route; orders.* of at least 100 to a
        // fourth.
        source(c, "routed");
        route(c, "fan-a", "routed", FAN_A.url());
        c.put("hookgate.routes.fan-a.signing-secret", FAN_A_SECRET);
        c.put("hookgate.routes.fan-a.headers.authorization", FAN_A_TOKEN);
        route(c, "fan-b", "routed", FAN_B.url());
        c.put("hookgate.routes.fan-b.signing-secret", FAN_B_SECRET);
        route(c, "fan-c", "routed", FAN_C.url());
        route(c, "routed-audit", "routed", "amqp:" + AUDIT_ADDRESS);
        route(c, "routed-orders", "routed", ORDERS.url());
        c.put("hookgate.routes.routed-orders.types", "orders.*");
        c.put("hookgate.routes.routed-orders.filter", "{\"body\": {\"total\": {\"$gte\": 100}}}");

        // A source whose one route takes invoice.* only: anything else is stored unrouted.
        source(c, "picky");
        route(c, "picky-invoices", "picky", ORDERS.url());
        c.put("hookgate.routes.picky-invoices.types", "invoice.*");

        source(c, "flaky");
        route(c, "flaky-http", "flaky", FLAKY.url());
        c.put("hookgate.routes.flaky-http.timeout", "1s");
        retries(c, "flaky-http", "300ms", "1s", "10");
        c.put("hookgate.routes.flaky-http.circuit.failures", "1000");

        source(c, "down");
        route(c, "down-http", "down", DOWN.url());
        retries(c, "down-http", "500ms", "3s", "1000");
        c.put("hookgate.routes.down-http.circuit.failures", "5");
        c.put("hookgate.routes.down-http.circuit.open-for", "2s");

        source(c, "breaker");
        route(c, "breaker-http", "breaker", BREAKER.url());
        retries(c, "breaker-http", "200ms", "500ms", "1000");
        c.put("hookgate.routes.breaker-http.circuit.failures", "3");
        c.put("hookgate.routes.breaker-http.circuit.open-for", "3s");

        source(c, "paced");
        route(c, "paced-http", "paced", PACED.url());
        c.put("hookgate.routes.paced-http.rate-limit", Integer.toString(PACED_RATE));
        return c;
    }

    private static void source(Map<String, String> c, String name) {
        c.put("hookgate.sources." + name + ".scheme", "github");
        c.put("hookgate.sources." + name + ".secrets", TestSources.GITHUB_SECRET);
    }

    private static void route(Map<String, String> c, String name, String source, String destination) {
        c.put("hookgate.routes." + name + ".source", source);
        c.put("hookgate.routes." + name + ".destination", destination);
    }

    private static void retries(Map<String, String> c, String route, String initial, String max, String attempts) {
        c.put("hookgate.routes." + route + ".retry.backoff-initial", initial);
        c.put("hookgate.routes." + route + ".retry.backoff-max", max);
        c.put("hookgate.routes." + route + ".retry.attempts", attempts);
    }
}
