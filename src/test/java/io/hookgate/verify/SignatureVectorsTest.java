package io.hookgate.verify;

import static io.hookgate.verify.TestSupport.assertAccepted;
import static io.hookgate.verify.TestSupport.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hookgate.request.RejectionReason;
import io.hookgate.request.WebhookRequest;

/**
 * Published examples (provider documentation, provider SDK tests, RFCs) replayed through {@link VerifierFactory}.
 * Each vector in verify/signature-vectors.json names its source in {@code reference}.
 */
class SignatureVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> vectors() throws IOException {
        try (InputStream in = SignatureVectorsTest.class.getResourceAsStream("/verify/signature-vectors.json")) {
            List<Arguments> args = new ArrayList<>();
            JSON.readTree(in).forEach(v -> args.add(Arguments.of(v.get("name").asText(), v)));
            return args.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void publishedVector(String name, JsonNode v) {
        assertThat(v.path("reference").asText()).as("every vector names its source").isNotBlank();

        TestSupport.Source source = new TestSupport.Source(v.get("scheme").asText(),
                JSON.convertValue(v.get("secrets"), String[].class));
        JsonNode config = v.path("config");
        source.header = config.path("header").asText(null);
        source.algorithm = config.path("algorithm").asText("sha256");
        source.encoding = config.path("encoding").asText("hex");
        source.prefix = config.path("prefix").asText(null);

        List<String> headers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> h : v.get("headers").properties()) {
            headers.add(h.getKey());
            headers.add(h.getValue().asText());
        }
        WebhookRequest request = TestSupport.request(TestSupport.utf8(v.get("body").asText()),
                v.path("query").asText(null), headers.toArray(String[]::new));
        Clock clock = v.has("now") ? TestSupport.at(v.get("now").asLong()) : TestSupport.CLOCK;
        Verifier verifier = VerifierFactory.create("vectors", source, v.path("publicUrl").asText(null), clock);

        String expected = v.get("expected").asText();
        if (expected.equals("ACCEPTED")) {
            assertAccepted(verifier, request);
        } else {
            assertRejected(verifier, request, RejectionReason.valueOf(expected),
                    source.secrets.toArray(String[]::new));
        }
    }

    @Test
    void theDataFileCoversEveryPublishedScheme() throws IOException {
        List<String> schemes = vectors().map(a -> ((JsonNode) a.get()[1]).get("scheme").asText()).distinct().toList();
        assertThat(schemes).contains("github", "standard-webhooks", "slack", "twilio", "hmac");
    }
}
