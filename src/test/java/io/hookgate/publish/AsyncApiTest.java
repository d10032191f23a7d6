package io.hookgate.publish;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.hookgate.support.BrokerProbe;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.Sign;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.amqp.AmqpMessage;

/**
 * The AsyncAPI document is the contract: a real published message has every property the document requires, and no
 * property the document does not describe, with the documented types. The served document is the repo's file with one
 * channel per configured source.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class AsyncApiTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static BrokerProbe broker;

    @BeforeAll
    static void consume() {
        broker = BrokerProbe.embedded().listen("webhooks.github").listen("webhooks.open");
    }

    @AfterAll
    static void close() {
        broker.close();
    }

    static int managementPort() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }

    static JsonNode served() throws Exception {
        return YAML.readTree(given().port(managementPort()).get("/q/asyncapi").then().statusCode(200)
                .contentType("application/yaml").extract().asString());
    }

    @Test
    void servedDocumentIsTheRepoFileWithOneChannelPerSource() throws Exception {
        JsonNode served = served();
        JsonNode repo = YAML.readTree(Files.readString(Path.of("src/main/resources/asyncapi.yaml")));
        assertThat(served.get("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(served.get("components")).isEqualTo(repo.get("components"));
        assertThat(served.at("/channels/github/address").asText()).isEqualTo("webhooks.github");
        assertThat(served.at("/channels/github/messages/webhookEvent/$ref").asText())
                .isEqualTo("#/components/messages/webhookEvent");
        assertThat(served.at("/operations/publish-github/action").asText()).isEqualTo("send");
        assertThat(served.at("/operations/publish-github/channel/$ref").asText()).isEqualTo("#/channels/github");
        assertThat(served.get("channels").has("webhooks")).as("the generic channel is replaced").isFalse();
        // The JSON form is the same document.
        JsonNode json = new ObjectMapper().readTree(given().port(managementPort()).get("/q/asyncapi?format=json")
                .then().statusCode(200).contentType("application/json").extract().asString());
        assertThat(json).isEqualTo(served);
    }

    @Test
    void aPublishedEventWithProviderIdAndTypeMatchesTheDocumentBothWays() throws Exception {
        byte[] body = Sign.utf8("{\"ref\":\"refs/heads/main\",\"n\":\"" + UUID.randomUUID() + "\"}");
        UUID id = PublishTest.postGithub(body, "push");
        Message message = received(id);
        conforms(message, served().at("/components/messages/webhookEvent"));
        assertThat(message.getApplicationProperties().getValue()).containsKey("cloudEvents:providereventid");
    }

    @Test
    void aPublishedEventWithoutProviderIdOrTypeMatchesTheDocumentBothWays() throws Exception {
        byte[] body = Sign.utf8("plain text " + UUID.randomUUID());
        UUID id = UUID.fromString(given().contentType("text/plain").body(body).post("/webhooks/open")
                .then().statusCode(202).extract().path("id"));
        Message message = received(id);
        conforms(message, served().at("/components/messages/webhookEvent"));
        Map<String, Object> props = message.getApplicationProperties().getValue();
        assertThat(props).doesNotContainKey("cloudEvents:providereventid")
                .containsEntry("cloudEvents:type", MessageContract.UNTYPED);
        assertThat(Db.event(id).get("dedup_key")).asString().startsWith("sha256:");
    }

    private static Message received(UUID id) {
        List<AmqpMessage> got = broker.await(id.toString(), 1, Duration.ofSeconds(15));
        assertThat(got).as("message " + id + " at the broker").isNotEmpty();
        return got.get(0).unwrap();
    }

    /** Both ways: documented required => present; present => documented, with the documented type. */
    private static void conforms(Message message, JsonNode documented) {
        checkAgainst("application property", message.getApplicationProperties().getValue(),
                documented.get("headers"));
        Map<String, Object> amqp = new LinkedHashMap<>();
        amqp.put("message-id", message.getMessageId());
        amqp.put("durable", message.getHeader() == null ? null : message.getHeader().getDurable());
        amqp.put("content-type", message.getContentType());
        amqp.put("subject", message.getSubject());
        amqp.put("creation-time", message.getCreationTime() == 0 ? null : message.getCreationTime());
        amqp.put("reply-to", message.getReplyTo());
        amqp.put("correlation-id", message.getCorrelationId());
        amqp.put("group-id", message.getGroupId());
        amqp.put("user-id", message.getUserId());
        amqp.put("content-encoding", message.getContentEncoding());
        amqp.values().removeIf(v -> v == null);
        checkAgainst("AMQP property", amqp, documented.get("x-amqp-properties"));
        assertThat(message.getBody()).isInstanceOf(Data.class);
        assertThat(((Binary) ((Data) message.getBody()).getValue()).getLength()).isPositive();
    }

    private static void checkAgainst(String kind, Map<String, Object> actual, JsonNode schema) {
        List<String> required = new ArrayList<>();
        schema.get("required").forEach(n -> required.add(n.asText()));
        assertThat(actual.keySet()).as("documented required %ss on the message", kind).containsAll(required);
        JsonNode properties = schema.get("properties");
        for (Map.Entry<String, Object> e : actual.entrySet()) {
            JsonNode property = properties.get(e.getKey());
            assertThat(property).as("%s %s is documented", kind, e.getKey()).isNotNull();
            assertThat(typeMatches(property.get("type"), e.getValue()))
                    .as("%s %s = %s has the documented type %s", kind, e.getKey(), e.getValue(), property.get("type"))
                    .isTrue();
            if (property.has("const")) {
                assertThat(String.valueOf(e.getValue())).isEqualTo(property.get("const").asText());
            }
            if (property.has("enum")) {
                List<String> allowed = new ArrayList<>();
                property.get("enum").forEach(n -> allowed.add(n.asText()));
                assertThat(allowed).contains(String.valueOf(e.getValue()));
            }
            if ("uuid".equals(property.path("format").asText())) {
                UUID.fromString(String.valueOf(e.getValue()));
            }
            if ("date-time".equals(property.path("format").asText())) {
                java.time.OffsetDateTime.parse(String.valueOf(e.getValue()));
            }
        }
    }

    private static boolean typeMatches(JsonNode type, Object value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> value instanceof Long || value instanceof Integer;
            case "null" -> value == null;
            default -> false;
        };
    }
}
