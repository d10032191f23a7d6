package io.hookgate.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.hookgate.support.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A NUL byte in a header value, written to the socket as is (an HTTP client would refuse to send it). The HTTP layer
 * (Netty) refuses it with 400 before hookgate sees the request, so no such header ever reaches the database; stored
 * headers are made NUL-free anyway (StorableTextTest), should that layer change.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class NulHeaderTest {

    @Test
    void aNulInAHeaderIsRefusedBeforeAnythingIsStored() throws Exception {
        String marker = UUID.randomUUID().toString();
        byte[] body = Sign.utf8("{\"nul-header\":\"" + marker + "\"}");
        String headers = "X-GitHub-Event: push\u0000evil\r\nX-GitHub-Delivery: " + marker + "\u0000x\r\n"
                + "X-Hub-Signature-256: " + Sign.github(TestSources.GITHUB_SECRET, body) + "\r\n";
        assertThat(RawHttp.send(RawHttp.post("/webhooks/github", headers, body.length), body)).isEqualTo(400);
        assertThat(Db.count("SELECT count(*) FROM events WHERE source = 'github' AND dedup_key LIKE ?", marker + "%"))
                .isZero();
    }
}
