package io.hookgate.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Runs the README's "On call" commands against this live instance, so the runbook never goes stale. */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class RunbookTest {

    @Test
    void everyOnCallCommandInTheReadmeWorks() throws Exception {
        List<String> commands = runbookCommands();
        assertThat(commands).as("runbook commands").hasSizeGreaterThanOrEqualTo(9)
                .anyMatch(c -> c.contains("/admin/rejections"))
                .anyMatch(c -> c.contains("/admin/events/$EVENT_ID\""))
                .anyMatch(c -> c.contains("/admin/events/$EVENT_ID/replay"))
                .anyMatch(c -> c.contains("/admin/replays") && c.contains("$SINCE"))
                .anyMatch(c -> c.contains("dedupKey=$DEDUP_KEY"))
                .anyMatch(c -> c.contains("/admin/sources/$SOURCE/reconcile"))
                .anyMatch(c -> c.contains("/admin/reconciliations/$JOB"));

        EmbeddedServersResource.github().reset(); // the reconcile run reads the fake's (empty) delivery log
        Instant since = Instant.now().minusSeconds(5);
        String delivery = UUID.randomUUID().toString();
        byte[] body = Sign.utf8("{\"runbook\":\"" + UUID.randomUUID() + "\"}");
        String eventId = given().contentType("application/json").header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", Sign.github(TestSources.GITHUB_SECRET, body)).body(body)
                .post("/webhooks/github").then().statusCode(202).extract().path("id");

        String script = "set -euo pipefail\n" + String.join("\n", commands) + "\n";
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        bash.environment().put("HG", "http://localhost:" + AdminApiTest.managementPort());
        bash.environment().put("TOKEN", TestSources.ADMIN_TOKEN);
        bash.environment().put("SOURCE", "github");
        bash.environment().put("ROUTE", "fan-c");
        bash.environment().put("EVENT_ID", eventId);
        bash.environment().put("DEDUP_KEY", delivery);
        bash.environment().put("SINCE", since.toString());
        bash.environment().put("UNTIL", Instant.now().plusSeconds(5).toString());
        Process process = bash.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains(eventId).contains("\"replayed\" : true").contains("\"dryRun\" : true")
                .contains("\"scheme\" : \"github\"").contains("\"dedupKey\" : \"" + delivery + "\"")
                .contains("\"provider\" : \"github\"").contains("\"trigger\" : \"manual\"");
    }

    /** The curl lines (and the JOB= capture) between the README's oncall markers. */
    static List<String> runbookCommands() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int begin = readme.indexOf("<!-- oncall:begin");
        int end = readme.indexOf("<!-- oncall:end -->");
        assertThat(begin).as("README oncall markers").isPositive().isLessThan(end);
        return readme.substring(begin, end).lines()
                .filter(line -> line.startsWith("curl ") || line.startsWith("JOB="))
                .toList();
    }
}
