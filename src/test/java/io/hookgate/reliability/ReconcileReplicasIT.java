package io.hookgate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hookgate.embedded.EmbeddedBroker;
import io.hookgate.embedded.EmbeddedDatabase;
import io.hookgate.embedded.Ports;
import io.hookgate.reconcile.FakeStripe;
import io.hookgate.support.Await;
import io.hookgate.support.BrokerProbe;
import io.hookgate.support.EmbeddedServersResource;

/**
 * Reconciliation with real processes (the packaged jar, or the native executable after -Dnative): two replicas
 * reconcile one Stripe source at once, and a run over a 10,000-event log measures what a run costs.
 */
class ReconcileReplicasIT {

    static final String STRIPE_SECRET = "whsec_reconcile_replicas";

    static Path dir;
    static EmbeddedDatabase database;
    static EmbeddedBroker broker;
    static FakeStripe stripe;
    static Map<String, String> config;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void servers() throws Exception {
        dir = Files.createTempDirectory("hookgate-reconcile");
        database = new EmbeddedDatabase(Ports.free(), dir.resolve("postgres")).start();
        broker = new EmbeddedBroker(Ports.free(), dir.resolve("artemis")).start();
        stripe = new FakeStripe();
        config = new HashMap<>(EmbeddedServersResource.connectionConfig(database, broker));
        config.put("hookgate.sources.stripe.scheme", "stripe");
        config.put("hookgate.sources.stripe.secrets", STRIPE_SECRET);
        config.put("hookgate.sources.stripe.reconcile.enabled", "true");
        config.put("hookgate.sources.stripe.reconcile.token", stripe.apiKey());
        config.put("hookgate.sources.stripe.reconcile.api-url", stripe.url());
        config.put("hookgate.reconcile.allow-insecure-http", "true"); // the fake serves plain http on loopback
        config.put("hookgate.publish.relay-interval", "1s");
    }

    @AfterAll
    static void stop() throws Exception {
        stripe.close();
        broker.stop();
        database.stop();
    }

    @Test
    void twoReplicasReconcilingAtOnceStoreEachEventOncePublishedAndConsumed() throws Exception {
        stripe.reset();
        // Runs of this test start after this instant; the previous test's run may have started less than a second ago
        // (the native executable is ready in about 0.1 s), so no slack here.
        OffsetDateTime testStart = OffsetDateTime.now();
        String prefix = "evt_replicas";
        int total = 2000;
        int missing = total; // all of them: ReconcileTest covers the ones already stored
        long created = Instant.now().minus(Duration.ofHours(2)).getEpochSecond();
        List<String> events = FakeStripe.events(prefix, "payment_intent.succeeded", created, total);
        stripe.addEvents(events);

        Map<String, String> replicaConfig = new HashMap<>(config);
        // Both schedulers race for the source too, from their first check 10 s after start.
        replicaConfig.put("hookgate.reconcile.check-interval", "1s");
        try (BrokerProbe probe = new BrokerProbe("127.0.0.1", broker.port(), null, null).listen("webhooks.stripe");
                HookgateProcess a = new HookgateProcess("reconcile-a", replicaConfig, dir).start();
                HookgateProcess b = new HookgateProcess("reconcile-b", replicaConfig, dir).start()) {
            // And an operator starts a run on each at the same moment: one gets the slot, or the scheduler had it.
            CompletableFuture<HttpResponse<String>> onA = startAsync(a);
            CompletableFuture<HttpResponse<String>> onB = startAsync(b);
            List<Integer> statuses = List.of(onA.get().statusCode(), onB.get().statusCode());
            assertThat(statuses).allMatch(s -> s == 202 || s == 409);

            String mine = " AND started_at >= '" + testStart + "'";
            Await.until("no reconcile run left RUNNING and one succeeded", Duration.ofSeconds(90),
                    () -> count("SELECT count(*) FROM reconciliations WHERE state = 'RUNNING'") == 0
                            && count("SELECT count(*) FROM reconciliations WHERE state = 'SUCCEEDED'" + mine) >= 1);
            assertThat(count("SELECT count(*) FROM reconciliations WHERE state = 'FAILED'" + mine)).isZero();
            assertThat(count("SELECT count(*) FROM events WHERE source = 'stripe' AND dedup_key LIKE 'evt_replicas%'"))
                    .isEqualTo(total);
            assertThat(count("SELECT count(DISTINCT dedup_key) FROM events WHERE dedup_key LIKE 'evt_replicas%'"))
                    .isEqualTo(total);
            assertThat(count("SELECT count(*) FROM events WHERE dedup_key LIKE 'evt_replicas%' AND origin = 'reconciled'"))
                    .isEqualTo(missing);
            assertThat(count("SELECT coalesce(sum(stored), 0) FROM reconciliations WHERE started_at >= '" + testStart + "'"))
                    .isEqualTo(missing);
            Await.until("every event PUBLISHED", Duration.ofSeconds(60), () -> count(
                    "SELECT count(*) FROM events e JOIN deliveries d ON d.received_at = e.received_at AND d.event_id = e.id"
                            + " WHERE e.dedup_key LIKE 'evt_replicas%' AND d.state = 'PUBLISHED'") == total);
            List<String> ids = ids("SELECT id FROM events WHERE dedup_key LIKE 'evt_replicas%' AND origin = 'reconciled'");
            Await.until("every reconciled event consumed from the broker", Duration.ofSeconds(60),
                    () -> ids.stream().allMatch(id -> probe.deliveries(id) > 0));
            System.out.printf("two replicas: %s and %s to the manual starts; runs %s; %d events, %d stored once by "
                    + "reconciliation, all published and consumed%n", statuses.get(0), statuses.get(1),
                    ids("SELECT trigger || ':' || state || ':' || stored FROM reconciliations WHERE started_at >= '"
                            + testStart + "' ORDER BY started_at"),
                    total, missing);
        }
    }

    @Test
    void aRunOverTenThousandEventsWithAThousandMissing() throws Exception {
        stripe.reset();
        String prefix = "evt_tenk";
        int total = 10_000;
        int missing = 1_000;
        long created = Instant.now().minus(Duration.ofHours(20)).getEpochSecond();
        List<String> events = FakeStripe.events(prefix, "invoice.paid", created, total);
        stripe.addEvents(events);
        Map<String, String> quiet = new HashMap<>(config);
        quiet.put("hookgate.reconcile.check-interval", "off");
        try (HookgateProcess a = new HookgateProcess("reconcile-10k", quiet, dir).start()) {
            insertDirectly(prefix, total - missing); // the first 9,000 ids, as if their webhooks had arrived
            int before = stripe.requests();
            HttpResponse<String> started = startAsync(a).get();
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String id = field(started.body(), "id");
            Await.until("the 10,000-event run to end", Duration.ofSeconds(120), () -> !"RUNNING".equals(
                    field(get(a, "/admin/reconciliations/" + id), "state")));
            String run = get(a, "/admin/reconciliations/" + id);
            assertThat(field(run, "state")).as(run).isEqualTo("SUCCEEDED");
            assertThat(run).contains("\"found\" : " + total, "\"missing\" : " + missing, "\"stored\" : " + missing);
            Duration took = Duration.between(OffsetDateTime.parse(field(run, "startedAt")),
                    OffsetDateTime.parse(field(run, "finishedAt")));
            int requests = stripe.requests() - before;
            System.out.printf("reconcile run over %d Stripe events, %d missing (%s): %d ms, %d requests to the fake, "
                    + "%.0f requests/s, %.0f events read/s, %d stored%n", total, missing,
                    HookgateProcess.nativeRunner() != null ? "native" : "jvm", took.toMillis(), requests,
                    requests * 1000.0 / Math.max(1, took.toMillis()), total * 1000.0 / Math.max(1, took.toMillis()),
                    missing);
            assertThat(count("SELECT count(*) FROM events WHERE dedup_key LIKE 'evt_tenk%'")).isEqualTo(total);
        }
    }

    private static CompletableFuture<HttpResponse<String>> startAsync(HookgateProcess p) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(p.managementUrl() + "/admin/sources/stripe/reconcile"))
                .header("Authorization", "Bearer reliability-admin-token-0123456789abcdef").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(HookgateProcess p, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(p.managementUrl() + path))
                    .header("Authorization", "Bearer reliability-admin-token-0123456789abcdef").build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\" : \"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Stores events as if their webhooks had arrived and been published earlier: this test is about reconciliation,
     * and the migrations must have run, so call it once a replica has started.
     */
    private static void storeAsWebhooks(List<String> events) throws Exception {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("""
                WITH e AS (
                    INSERT INTO events (id, source, dedup_key, event_type, received_at, content_type, headers, payload)
                    VALUES (gen_random_uuid(), 'stripe', ?, 'payment_intent.succeeded', now(), 'application/json', '{}', ?)
                    RETURNING id, received_at, source)
                INSERT INTO deliveries (received_at, event_id, destination, source, state, attempts, delivered_at)
                SELECT received_at, id, 'default', source, 'PUBLISHED', 1, now() FROM e""")) {
            for (String e : events) {
                st.setString(1, io.restassured.path.json.JsonPath.from(e).getString("id"));
                st.setBytes(2, e.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void insertDirectly(String prefix, int count) throws Exception {
        List<String> events = FakeStripe.events(prefix, "invoice.paid", 0, count);
        storeAsWebhooks(events);
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres");
    }

    private static long count(String sql) {
        try (Connection c = connect(); ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(String sql) {
        try (Connection c = connect(); ResultSet r = c.createStatement().executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (r.next()) {
                out.add(r.getString(1));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
