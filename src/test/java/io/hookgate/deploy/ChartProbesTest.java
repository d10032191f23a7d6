package io.hookgate.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.hookgate.support.Await;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * What the chart points at exists in the running application: the probes' paths on the management port, the
 * ServiceMonitor's metrics path, and every hookgate series its alerts and dashboard query. ChartProbesIT runs the
 * same against the packaged artifact (jar, or the native binary with -Dnative).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class ChartProbesTest {

    static List<HasMetadata> chart;
    static Container container;

    @BeforeAll
    static void render() {
        chart = Chart.full();
        container = Manifests.hookgateContainer(Manifests.one(chart, Deployment.class));
    }

    static int managementPort() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }

    /** GET on the management port, where the chart's port 9000 is this test instance's management test port. */
    static Response management(String path) {
        return given().baseUri("http://localhost").port(managementPort()).get(path);
    }

    @Test
    void chartPortsAreTheApplicationsPorts() throws IOException {
        // The ports the image listens on (application.properties); tests run on the test ports instead.
        Properties application = new Properties();
        try (InputStream in = ChartProbesTest.class.getResourceAsStream("/application.properties")) {
            application.load(in);
        }
        assertThat(HelmChartTest.containerPort(container, "http"))
                .isEqualTo(Integer.parseInt(application.getProperty("quarkus.http.port")));
        assertThat(HelmChartTest.containerPort(container, "management"))
                .isEqualTo(Integer.parseInt(application.getProperty("quarkus.management.port")));
    }

    @Test
    void startupAndLivenessProbesAnswerUp() {
        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe())) {
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
            Response response = management(probe.getHttpGet().getPath());
            assertThat(response.statusCode()).as(probe.getHttpGet().getPath()).isEqualTo(200);
            assertThat(response.jsonPath().getString("status")).isEqualTo("UP");
        }
    }

    @Test
    void readinessProbeIsTheHealthCheckOfDatabaseAndBroker() {
        Probe probe = container.getReadinessProbe();
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
        Response response = management(probe.getHttpGet().getPath());
        // 503 while another test holds the broker down is still the real endpoint; a wrong path would be 404.
        assertThat(response.statusCode()).as(probe.getHttpGet().getPath()).isIn(200, 503);
        assertThat(response.jsonPath().getList("checks")).isNotEmpty();
    }

    @Test
    void alertsAndDashboardQuerySeriesTheApplicationExports() {
        ServiceMonitor monitor = Manifests.one(chart, ServiceMonitor.class);
        String metricsPath = monitor.getSpec().getEndpoints().get(0).getPath();

        // One accepted (and published) and one rejected webhook, so that every lazily registered series exists.
        byte[] body = ("{\"chart\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body))
                .body(body).post("/webhooks/github").then().statusCode(202);
        given().contentType("application/json").header("X-GitHub-Event", "push")
                .header("X-Hub-Signature-256", "sha256=00").body(body).post("/webhooks/github").then().statusCode(401);
        Await.until("a publish-lag observation on " + metricsPath, Duration.ofSeconds(20),
                () -> management(metricsPath).asString().contains("hookgate_publish_lag_seconds_bucket{"));
        // A successful reconcile run (against the empty fake GitHub log), so that the last-success gauge exists.
        EmbeddedServersResource.github().reset();
        given().port(managementPort()).header("Authorization", "Bearer " + TestSources.ADMIN_TOKEN)
                .contentType("application/json").body("{}").post("/admin/sources/github/reconcile")
                .then().statusCode(org.hamcrest.Matchers.oneOf(202, 409));
        Await.until("a reconcile success on " + metricsPath, Duration.ofSeconds(30), () -> management(metricsPath)
                .asString().contains("hookgate_reconcile_last_success_timestamp_seconds{"));

        // A routed event (delivered to the test app's HTTP routes) and an unrouted one ("picky" takes invoice.* only),
        // so that the route counters exist; the route gauges exist from the start.
        for (String source : List.of("routed", "picky")) {
            byte[] event = ("{\"chart\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
            given().contentType("application/json").header("X-GitHub-Event", "push")
                    .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                    .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, event))
                    .body(event).post("/webhooks/" + source).then().statusCode(202);
        }
        Await.until("route deliveries and an unrouted event on " + metricsPath, Duration.ofSeconds(30), () -> {
            String scrape = management(metricsPath).asString();
            return scrape.contains("hookgate_route_deliveries_total{") && scrape.contains("hookgate_events_unrouted_total{")
                    && scrape.contains("hookgate_route_backlog{");
        });

        Set<String> exported = exportedSeries(management(metricsPath).asString());
        Set<String> queried = new TreeSet<>();
        Manifests.one(chart, PrometheusRule.class).getSpec().getGroups().forEach(group -> group.getRules()
                .forEach(rule -> queried.addAll(Promql.metrics(rule.getExpr().getStrVal()))));
        queried.removeAll(Promql.KUBE_STATE_METRICS);
        assertThat(queried).isNotEmpty();
        assertThat(exported).containsAll(queried);
    }

    static Set<String> exportedSeries(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && line.startsWith("hookgate_")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}
