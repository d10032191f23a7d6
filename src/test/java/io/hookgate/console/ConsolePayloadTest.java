package io.hookgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.hookgate.support.EmbeddedServersResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A large payload on the console: its page shows a bounded start of it (viewing one used to hold about five copies
 * of the whole body: bytes, base64, decoded bytes, a JSON tree, pretty text), and its download is the exact bytes.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class ConsolePayloadTest {

    @Test
    void aLargeBodyIsShownByItsStartAndDownloadedWhole() {
        StringBuilder json = new StringBuilder("{\"items\":[");
        while (json.length() < 700_000) {
            json.append("{\"n\":\"\u00e9t\u00e9 ").append(json.length()).append("\"},");
        }
        json.append("{}], \"end\":\"THE-END-MARKER\"}");
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        String id = ConsoleTest.store(body, "application/json");
        String session = ConsoleTest.signIn();

        String page = ConsoleTest.as(session).get("/console/events/" + id).then().statusCode(200).extract().asString();
        assertThat(page).contains("id=\"payload-truncated\"").contains("first 256 KiB of " + body.length + " bytes")
                .doesNotContain("id=\"payload-pretty\"").doesNotContain("THE-END-MARKER").contains("{&quot;items&quot;:[");
        assertThat(page.length()).isLessThan(2 * PayloadView.SHOWN_BYTES);

        byte[] download = ConsoleTest.as(session).get("/console/events/" + id + "/payload").then().statusCode(200)
                .extract().asByteArray();
        assertThat(download).isEqualTo(body);
    }

    @Test
    void aSmallBodyIsStillPrettyPrintedWhole() {
        byte[] body = "{\"a\":{\"b\":\"\u00e9\"}}".getBytes(StandardCharsets.UTF_8);
        String id = ConsoleTest.store(body, "application/json");
        String page = ConsoleTest.as(ConsoleTest.signIn()).get("/console/events/" + id).then().statusCode(200).extract()
                .asString();
        assertThat(page).contains("id=\"payload-pretty\"").doesNotContain("payload-truncated");
    }

    @Test
    void aCutNeverSplitsACharacter() {
        byte[] body = new byte[PayloadView.SHOWN_BYTES + 11];
        body[0] = 'x';
        for (int i = 1; i + 1 < body.length; i += 2) {
            body[i] = (byte) 0xC3; // é is C3 A9, and with the 'x' first the limit falls between C3 and A9
            body[i + 1] = (byte) 0xA9;
        }
        PayloadView view = PayloadView.of(io.vertx.core.buffer.Buffer.buffer(body), "text/plain");
        assertThat(view.raw()).isNotNull().doesNotContain("\uFFFD");
        assertThat(view.truncated()).isTrue();
    }
}
