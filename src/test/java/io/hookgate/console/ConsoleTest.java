package io.hookgate.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hookgate.route.Receiver;
import io.hookgate.route.RouteReceivers;
import io.hookgate.support.Await;
import io.hookgate.support.BrokerProbe;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The console over HTTP: sign-in, what a wrong token sees (nothing), CSRF on every action, the security headers, and
 * attacker-controlled payloads, headers and rejection bodies rendered as text. ConsoleBrowserTest drives it in Chromium.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class ConsoleTest {

    static BrokerProbe broker;

    @BeforeAll
    static void listen() {
        broker = BrokerProbe.embedded().listen("webhooks.open");
    }

    @AfterAll
    static void close() {
        broker.close();
    }

    static int port() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }

    static RequestSpecification console() {
        return given().port(port()).redirects().follow(false);
    }

    /** Signs in and returns the session cookie. */
    static String signIn() {
        Response r = console().contentType("application/x-www-form-urlencoded").formParam("token", TestSources.ADMIN_TOKEN)
                .post("/console/login");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.header("Location")).endsWith("/console/");
        assertThat(r.header("Set-Cookie")).containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/console");
        return r.cookie(ConsoleSession.COOKIE);
    }

    static RequestSpecification as(String session) {
        return console().cookie(ConsoleSession.COOKIE, session);
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF field").isTrue();
        return m.group(1);
    }

    /** A webhook on the unsigned "open" source with exactly these bytes; returns the event id. */
    static String store(byte[] body, String contentType, String... headers) {
        RequestSpecification r = contentType.startsWith("application/x-www-form-urlencoded")
                ? given().contentType(contentType + "; charset=UTF-8").body(new String(body, StandardCharsets.UTF_8))
                : given().contentType(contentType).body(body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            r = r.header(headers[i], headers[i + 1]);
        }
        return r.post("/webhooks/open").then().statusCode(202).extract().path("id");
    }

    @Test
    void withoutAValidSessionThereIsNothingButTheSignInPage() {
        for (String path : new String[] { "/console/", "/console/events", "/console/rejections", "/console/sources",
                "/console/replays", "/console/events/" + UUID.randomUUID() }) {
            console().get(path).then().statusCode(303).header("Location", containsString("/console/login"));
            console().cookie(ConsoleSession.COOKIE, "1700000000.forged").get(path).then().statusCode(303);
        }
        console().contentType("application/x-www-form-urlencoded").formParam("token", "wrong-" + TestSources.ADMIN_TOKEN)
                .post("/console/login").then().statusCode(401).body(containsString("That is not the admin token"))
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
        console().contentType("application/x-www-form-urlencoded").formParam("csrf", "x")
                .post("/console/events/" + UUID.randomUUID() + "/replay").then().statusCode(401);
        console().get("/console/login").then().statusCode(200).header("Content-Security-Policy",
                containsString("script-src 'self'")).body(containsString("<label for=\"token\">Admin token</label>"));
    }

    @Test
    void everyPageSendsTheSecurityHeadersAndRenders() {
        String session = signIn();
        for (String path : new String[] { "/console/", "/console/events", "/console/rejections", "/console/sources",
                "/console/replays", "/console/events?source=github&status=PUBLISHED" }) {
            as(session).get(path).then().statusCode(200).contentType("text/html")
                    .header("Content-Security-Policy", equalTo("default-src 'none'; script-src 'self'; style-src 'self'; "
                            + "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"))
                    .header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff")
                    .header("Cache-Control", "no-store")
                    .body(not(containsString("<script>"))).body(containsString("/console/static/console.js"));
        }
        as(session).get("/console/static/console.js").then().statusCode(200).contentType(containsString("javascript"));
        as(session).get("/console/static/console.css").then().statusCode(200).contentType(containsString("text/css"));
        as(session).get("/console/static/..%2Fapplication.properties").then().statusCode(404);
        as(session).get("/console/events?since=yesterday").then().statusCode(400)
                .body(containsString("since must be an ISO-8601 timestamp"));
    }

    @Test
    void hostilePayloadsHeadersAndRejectionsAreShownAsText() {
        String session = signIn();
        String marker = UUID.randomUUID().toString();
        String script = "{\"x\":\"</pre><script>alert('" + marker + "')</script>\",\"y\":\"\\\"><img src=x onerror=alert(1)>\"}";
        String id = store(script.getBytes(StandardCharsets.UTF_8), "application/json",
                "X-Evil", "\"><script>alert('" + marker + "')</script>");
        String page = as(session).get("/console/events/" + id).then().statusCode(200).extract().asString();
        assertThat(page).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("</pre><script>")
                .contains("&lt;script&gt;alert(").contains("onerror=alert(1)&gt;").contains("&lt;/pre&gt;");
        // The list shows the events too, escaped.
        assertThat(as(session).get("/console/events?source=open").then().statusCode(200).extract().asString())
                .contains(id).doesNotContain("<script>alert");

        byte[] invalid = { 'o', 'k', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '<', 's', '>' };
        String binary = store(invalid, "application/octet-stream");
        assertThat(as(session).get("/console/events/" + binary).then().statusCode(200).extract().asString())
                .contains("Not UTF-8 text").contains("6f 6b c3 28 ff 3c 73 3e");
        byte[] download = as(session).get("/console/events/" + binary + "/payload").then().statusCode(200)
                .header("Content-Disposition", containsString("attachment"))
                .contentType("application/octet-stream").extract().asByteArray();
        assertThat(download).isEqualTo(invalid);

        String form = store("a=%3Cb%3E&c=d+e".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        assertThat(as(session).get("/console/events/" + form).then().statusCode(200).extract().asString())
                .contains("payload-form").contains("&lt;b&gt;").contains("d e");

        // A rejection whose body and path carry markup.
        byte[] body = ("<script>alert('" + marker + "')</script>").getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").header("X-Hub-Signature-256", "sha256=00").body(body)
                .post("/webhooks/github").then().statusCode(401);
        // Searched as bytes: other tests (the fuzzers) leave rejection excerpts that are not UTF-8 and cannot be decoded.
        io.hookgate.support.Await.until("the rejection record", Duration.ofSeconds(10), () -> Db.count(
                "SELECT count(*) FROM rejections WHERE position(convert_to(?, 'UTF8') in body_excerpt) > 0", marker) == 1);
        String reason = Db.query("SELECT reason FROM rejections WHERE position(convert_to(?, 'UTF8') in body_excerpt) > 0",
                marker).get(0).get("reason").toString();
        String rejections = as(session).get("/console/rejections?source=github&reason=" + reason).then()
                .statusCode(200).extract().asString();
        assertThat(rejections).contains("<span class=\"reason\">" + reason + "</span>").contains("&lt;script&gt;alert(&#39;" + marker)
                .doesNotContain("<script>alert");
    }

    @Test
    void replayNeedsTheCsrfTokenAndReachesTheBroker() {
        String session = signIn();
        String id = store(("{\"replay\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertThat(broker.await(id, 1, Duration.ofSeconds(10))).hasSize(1);
        String page = as(session).get("/console/events/" + id).then().statusCode(200).extract().asString();
        as(session).contentType("application/x-www-form-urlencoded").post("/console/events/" + id + "/replay")
                .then().statusCode(403);
        as(session).contentType("application/x-www-form-urlencoded").formParam("csrf", "forged")
                .post("/console/events/" + id + "/replay").then().statusCode(403);
        assertThat(broker.deliveries(id)).isEqualTo(1);
        as(session).contentType("application/x-www-form-urlencoded").formParam("csrf", csrf(page))
                .post("/console/events/" + id + "/replay").then().statusCode(303)
                .header("Location", containsString("/console/events/" + id + "?replayed=1"));
        assertThat(broker.await(id, 2, Duration.ofSeconds(10))).hasSize(2);
        assertThat(broker.await(id, 2, Duration.ofSeconds(1)).get(1).applicationProperties().getBoolean("replay")).isTrue();
        assertThat(as(session).get("/console/events/" + id + "?replayed=1").then().statusCode(200).extract().asString())
                .contains("Replayed: the broker accepted it (replay 1).");
        // Another session's CSRF token does not fit this one.
        String other = signIn();
        String otherCsrf = csrf(as(other).get("/console/events/" + id).then().extract().asString());
        if (!other.equals(session)) {
            as(session).contentType("application/x-www-form-urlencoded").formParam("csrf", otherCsrf)
                    .post("/console/events/" + id + "/replay").then().statusCode(403);
        }
    }

    @Test
    void bulkReplayCountsFirstThenRunsAndCanBeCancelled() {
        String session = signIn();
        String type = "console-bulk-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            store(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), "application/json", "X-Event-Type", type);
        }
        String form = as(session).get("/console/replays").then().statusCode(200).extract().asString();
        String dryRun = as(session).contentType("application/x-www-form-urlencoded").formParam("csrf", csrf(form))
                .formParam("source", "open").formParam("action", "dryrun").post("/console/replays").then().statusCode(200)
                .extract().asString();
        assertThat(dryRun).contains("id=\"dry-run\"").contains("events match this filter");
        long matched = Db.count("SELECT count(*) FROM events WHERE source = 'open'");
        assertThat(dryRun).contains("<strong>" + matched + "</strong>");
        Response started = as(session).contentType("application/x-www-form-urlencoded").formParam("csrf", csrf(form))
                .formParam("source", "open").formParam("action", "start").post("/console/replays");
        assertThat(started.statusCode()).isEqualTo(303);
        String job = started.header("Location");
        assertThat(job).contains("/console/replays/");
        String jobPage = as(session).get(job.substring(job.indexOf("/console"))).then().statusCode(200).extract().asString();
        assertThat(jobPage).contains("job-progress");
        if (jobPage.contains(">RUNNING<")) {
            as(session).contentType("application/x-www-form-urlencoded").formParam("csrf", csrf(jobPage))
                    .post(job.substring(job.indexOf("/console")) + "/cancel").then().statusCode(303);
            assertThat(as(session).get(job.substring(job.indexOf("/console"))).then().extract().asString())
                    .containsAnyOf(">CANCELLED<", ">COMPLETED<");
        }
    }

    @Test
    void overviewAndSourcesShowWhatOnCallNeedsAndNoSecret() {
        String session = signIn();
        String overview = as(session).get("/console/").then().statusCode(200).extract().asString();
        assertThat(overview).contains("<svg class=\"chart\"").contains("href=\"/console/events?source=github\"");
        String sources = as(session).get("/console/sources").then().statusCode(200).extract().asString();
        assertThat(sources).contains("http://localhost:8080/webhooks/github").contains("Reconcile now");
        for (String secret : new String[] { TestSources.GITHUB_SECRET, TestSources.STRIPE_SECRET, TestSources.ADMIN_TOKEN,
                EmbeddedServersResource.stripe().apiKey(), EmbeddedServersResource.github().token() }) {
            assertThat(sources).doesNotContain(secret);
            assertThat(overview).doesNotContain(secret);
        }
    }

    @Test
    void signOutEndsTheSession() {
        String session = signIn();
        String page = as(session).get("/console/").then().statusCode(200).extract().asString();
        as(session).contentType("application/x-www-form-urlencoded").formParam("csrf", csrf(page)).post("/console/logout")
                .then().statusCode(303).header("Set-Cookie", containsString("Max-Age=0"));
        // A copy of the cookie (kept by whoever read it) no longer opens anything: the session is gone server-side.
        for (String path : new String[] { "/console/", "/console/events", "/console/rejections" }) {
            as(session).get(path).then().statusCode(303).header("Location", containsString("/console/login"));
        }
        as(session).contentType("application/x-www-form-urlencoded").formParam("csrf", csrf(page))
                .post("/console/events/" + UUID.randomUUID() + "/replay").then().statusCode(401);
        // Another session of the same token is not affected.
        String other = signIn();
        as(other).get("/console/").then().statusCode(200);
    }

    @Test
    void theSessionCookieIsSecureByDefaultEvenOverPlainHttp() {
        Response r = console().contentType("application/x-www-form-urlencoded").formParam("token", TestSources.ADMIN_TOKEN)
                .post("/console/login");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.header("Set-Cookie")).containsIgnoringCase("; Secure");
    }

    /** A signed event on one of the routed test sources (RouteReceivers); returns its id. */
    static UUID postRouted(String source, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return UUID.fromString(given().contentType("application/json").header("X-GitHub-Event", type)
                .header("X-GitHub-Delivery", UUID.randomUUID().toString()).header("X-Hub-Signature-256", sign(bytes))
                .body(bytes).post("/webhooks/" + source).then().statusCode(202).extract().path("id"));
    }

    static boolean delivered(UUID id, int deliveries) {
        return Db.count("SELECT count(*) FROM deliveries WHERE event_id = ? AND state = 'PUBLISHED'", id) == deliveries;
    }

    static long received(Receiver receiver, UUID id) {
        return receiver.requests().stream().filter(r -> id.toString().equals(r.header("webhook-id"))).count();
    }

    /** The table row whose header cell holds this text, from the row's start to its end. */
    static String row(String html, String header) {
        int at = html.indexOf(header);
        assertThat(at).as("a row for %s", header).isPositive();
        return html.substring(html.lastIndexOf("<tr>", at), html.indexOf("</tr>", at));
    }

    @Test
    void sourcesListEachSourcesRoutesWithTheirFilterAsConfiguredAndNoSecret() {
        String session = signIn();
        UUID id = postRouted("routed", "orders.created", "{\"total\": 120, \"n\": \"" + UUID.randomUUID() + "\"}");
        Await.until("delivered", Duration.ofSeconds(15), () -> delivered(id, 5));
        String sources = as(session).get("/console/sources").then().statusCode(200).extract().asString();
        assertThat(sources).contains("<table class=\"routes\" id=\"routes-routed\">")
                .contains("No routes: github publishes every event to its own AMQP address, <code>webhooks.github</code>.");
        String fanA = row(sources, "<a href=\"/console/events?route=fan-a\">fan-a</a>");
        assertThat(fanA).contains("<td class=\"mono\">" + RouteReceivers.FAN_A.url() + "</td>").contains("<td>all</td>")
                .contains("<td>yes</td>").contains("<td>closed</td>");
        assertThat(Long.parseLong(fanA.replaceAll("(?s).*<td>(\\d+)</td>\\s*$", "$1"))).as("delivered 24 h").isPositive();
        String orders = row(sources, "<a href=\"/console/events?route=routed-orders\">routed-orders</a>");
        assertThat(orders).contains("<td>orders.*</td>")
                .contains("<code>{&quot;body&quot;: {&quot;total&quot;: {&quot;$gte&quot;: 100}}}</code>")
                .contains("<td>no</td>");
        String audit = row(sources, "<a href=\"/console/events?route=routed-audit\">routed-audit</a>");
        assertThat(audit).contains("amqp:" + RouteReceivers.AUDIT_ADDRESS).contains("<td>—</td>");
        assertThat(sources).doesNotContain(RouteReceivers.FAN_A_TOKEN).doesNotContain("route-token-must-never-show")
                .doesNotContain(RouteReceivers.FAN_A_SECRET).doesNotContain(RouteReceivers.FAN_B_SECRET);
    }

    @Test
    void anEventPageShowsItsDeliveriesAndAttemptsAndReplaysToOneRoute() {
        String session = signIn();
        String marker = UUID.randomUUID().toString();
        UUID id;
        RouteReceivers.FAN_C.answer(r -> new Receiver.Answer(200, java.util.Map.of(),
                "<img src=x onerror=alert('" + marker + "')>", 0));
        try {
            id = postRouted("routed", "customers.created", "{\"n\": \"" + marker + "\"}");
            UUID event = id;
            Await.until("delivered", Duration.ofSeconds(15), () -> delivered(event, 4));
        } finally {
            RouteReceivers.FAN_C.answer(r -> Receiver.Answer.ok());
        }
        String page = as(session).get("/console/events/" + id).then().statusCode(200).extract().asString();
        assertThat(page).contains("<table id=\"deliveries\">").contains("<caption>4 deliveries</caption>");
        String fanB = row(page, "<th scope=\"row\">fan-b</th>");
        assertThat(fanB).contains("<td class=\"mono\">" + RouteReceivers.FAN_B.url() + "</td>")
                .contains("state-PUBLISHED").contains("<td>1</td>")
                .contains("<input type=\"hidden\" name=\"route\" value=\"fan-b\">").contains("Replay to fan-b</button>");
        assertThat(row(page, "<th scope=\"row\">routed-audit</th>")).contains("amqp:" + RouteReceivers.AUDIT_ADDRESS);
        // The attempt log, with the receiver's answer as text.
        assertThat(page).contains("<table class=\"attempts\" id=\"attempts-fan-c\">").contains("<td>200</td>")
                .contains("&lt;img src=x onerror=alert(&#39;" + marker + "&#39;)&gt;").doesNotContain("<img src=x");
        assertThat(page.substring(page.indexOf("id=\"attempts-fan-c\""))).containsPattern("<td>\\d+ ms</td>");

        as(session).contentType("application/x-www-form-urlencoded").formParam("route", "fan-b")
                .post("/console/events/" + id + "/replay").then().statusCode(403);
        as(session).contentType("application/x-www-form-urlencoded").formParam("csrf", csrf(page))
                .formParam("route", "no-such-route").post("/console/events/" + id + "/replay").then().statusCode(404)
                .body(containsString("no such route: no-such-route"));
        assertThat(received(RouteReceivers.FAN_B, id)).isEqualTo(1);
        Response replayed = as(session).contentType("application/x-www-form-urlencoded").formParam("csrf", csrf(page))
                .formParam("route", "fan-b").post("/console/events/" + id + "/replay");
        assertThat(replayed.statusCode()).isEqualTo(303);
        assertThat(replayed.header("Location")).endsWith("/console/events/" + id + "?replayed=1&to=fan-b");
        UUID event = id;
        Await.until("fan-b got it again", Duration.ofSeconds(10), () -> received(RouteReceivers.FAN_B, event) == 2);
        assertThat(received(RouteReceivers.FAN_A, id)).isEqualTo(1);
        assertThat(as(session).get("/console/events/" + id + "?replayed=1&to=fan-b").then().statusCode(200).extract()
                .asString()).contains("Replayed to fan-b: AMQP deliveries were accepted by the broker, HTTP ones are due again");
    }

    @Test
    void theEventListShowsFailedAndUnroutedEventsAndFiltersByRoute() throws Exception {
        String session = signIn();
        UUID unrouted = postRouted("picky", "customer.created", "{\"n\": \"" + UUID.randomUUID() + "\"}");
        String list = as(session).get("/console/events?source=picky&status=UNROUTED").then().statusCode(200).extract()
                .asString();
        assertThat(list).contains("<option value=\"FAILED\">FAILED</option>")
                .contains("<option value=\"UNROUTED\" selected>UNROUTED</option>")
                .contains("<option value=\"fan-a\">fan-a</option>");
        assertThat(row(list, unrouted.toString())).contains("<span class=\"state state-UNROUTED\">UNROUTED</span>");
        String page = as(session).get("/console/events/" + unrouted).then().statusCode(200).extract().asString();
        assertThat(page).contains("id=\"unrouted\"").contains("<option value=\"picky-invoices\">picky-invoices</option>")
                .doesNotContain("<table id=\"deliveries\">");

        UUID failed = postRouted("routed", "customers.created", "{\"n\": \"" + UUID.randomUUID() + "\"}");
        Await.until("delivered", Duration.ofSeconds(15), () -> delivered(failed, 4));
        try (java.sql.Connection c = Db.connect(); java.sql.PreparedStatement st = c.prepareStatement(
                "UPDATE deliveries SET state = 'FAILED', last_error = 'gave up' WHERE event_id = ? AND destination = 'fan-c'")) {
            st.setObject(1, failed);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        String byRoute = as(session).get("/console/events?route=fan-c&status=FAILED").then().statusCode(200).extract()
                .asString();
        assertThat(byRoute).contains("<option value=\"fan-c\" selected>fan-c</option>");
        assertThat(row(byRoute, failed.toString())).contains("<span class=\"state state-FAILED\">FAILED</span>");
        assertThat(as(session).get("/console/events?route=fan-a&status=FAILED").then().statusCode(200).extract()
                .asString()).doesNotContain(failed.toString());
        assertThat(row(as(session).get("/console/events/" + failed).then().statusCode(200).extract().asString(),
                "<th scope=\"row\">fan-c</th>")).contains("state-FAILED").contains("<td>gave up</td>");
        as(session).get("/console/events?route=no-such-route").then().statusCode(400)
                .body(containsString("no such route: no-such-route"));
    }

    static String sign(byte[] body) {
        return Sign.github(TestSources.GITHUB_SECRET, body);
    }
}
