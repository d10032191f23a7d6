package io.hookgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * broker.rabbitmq.definitions: the chart renders the RabbitMQ objects hookgate's sources need (quorum queues, the
 * dead-letter exchange, a dead-letter queue per source and the policy that sets them), for load_definitions or the
 * messaging-topology operator, and hookgate then declares nothing.
 */
class RabbitMqDefinitionsChartTest {

    private static final Path VALUES = Chart.VALUES.resolve("rabbitmq-definitions.yaml");
    private static final YAMLMapper YAML = new YAMLMapper();

    static List<JsonNode> documents(Map<String, ?> sets) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        for (String part : Chart.template(VALUES, sets).split("(?m)^---\\s*$")) {
            JsonNode doc = YAML.readTree(part);
            if (doc != null && doc.has("kind")) {
                docs.add(doc);
            }
        }
        return docs;
    }

    static JsonNode definitions() throws Exception {
        JsonNode configMap = documents(Map.of()).stream()
                .filter(d -> d.at("/metadata/name").asText().equals("hookgate-rabbitmq-definitions")).findFirst()
                .orElseThrow();
        // Also written to target/, to load into a RabbitMQ by hand (rabbitmqctl import_definitions).
        java.nio.file.Files.writeString(Path.of("target", "rabbitmq-definitions.json"),
                configMap.at("/data/definitions.json").asText());
        return new ObjectMapper().readTree(configMap.at("/data/definitions.json").asText());
    }

    @Test
    void loadDefinitionsDeclaresAQuorumQueueAndADeadLetterQueuePerSource() throws Exception {
        JsonNode defs = definitions();
        List<String> queues = new ArrayList<>();
        defs.get("queues").forEach(q -> {
            queues.add(q.get("name").asText());
            assertThat(q.at("/arguments/x-queue-type").asText()).isEqualTo("quorum");
            assertThat(q.get("durable").asBoolean()).isTrue();
            assertThat(q.get("auto_delete").asBoolean()).isFalse();
            assertThat(q.get("vhost").asText()).isEqualTo("/");
        });
        assertThat(queues).containsExactlyInAnyOrder("webhooks.github", "webhooks.github.dead",
                "billing.stripe-events", "billing.stripe-events.dead");

        assertThat(defs.get("exchanges")).hasSize(1);
        assertThat(defs.at("/exchanges/0/name").asText()).isEqualTo("hookgate.dlx");
        assertThat(defs.at("/exchanges/0/type").asText()).isEqualTo("direct");
        assertThat(defs.at("/exchanges/0/durable").asBoolean()).isTrue();

        // A dead letter keeps the routing key it was published with: the source queue's name (default exchange).
        List<String> bindings = new ArrayList<>();
        defs.get("bindings").forEach(b -> bindings.add(b.get("source").asText() + " -[" + b.get("routing_key").asText()
                + "]-> " + b.get("destination").asText() + " (" + b.get("destination_type").asText() + ")"));
        assertThat(bindings).containsExactlyInAnyOrder(
                "hookgate.dlx -[webhooks.github]-> webhooks.github.dead (queue)",
                "hookgate.dlx -[billing.stripe-events]-> billing.stripe-events.dead (queue)");

        assertThat(defs.get("policies")).hasSize(1);
        JsonNode policy = defs.at("/policies/0");
        assertThat(policy.get("apply-to").asText()).isEqualTo("queues");
        assertThat(policy.at("/definition/dead-letter-exchange").asText()).isEqualTo("hookgate.dlx");
        assertThat(policy.at("/definition/delivery-limit").asInt()).isEqualTo(10);
        Pattern pattern = Pattern.compile(policy.get("pattern").asText());
        assertThat(pattern.matcher("webhooks.github").find()).isTrue();
        assertThat(pattern.matcher("billing.stripe-events").find()).isTrue();
        // The policy must not make the dead-letter queues dead-letter into themselves, nor catch other queues.
        assertThat(pattern.matcher("webhooks.github.dead").find()).isFalse();
        assertThat(pattern.matcher("webhooksXgithub").find()).isFalse();
        assertThat(pattern.matcher("other.queue").find()).isFalse();
    }

    @Test
    void hookgateIsToldToDeclareNothingAndToUseTheQueuesAddresses() throws Exception {
        JsonNode config = documents(Map.of()).stream()
                .filter(d -> d.get("kind").asText().equals("ConfigMap") && d.at("/data").has("hookgate.properties"))
                .findFirst().orElseThrow();
        String properties = config.at("/data/hookgate.properties").asText();
        assertThat(properties).contains("hookgate.publish.declare=none")
                .contains("hookgate.publish.address-prefix=/amq/queue/");
        assertThat(Chart.template(null, Map.of())).doesNotContain("hookgate.publish.declare");
    }

    @Test
    void topologyOperatorObjectsDescribeTheSameTopology() throws Exception {
        List<JsonNode> docs = documents(Map.of("broker.rabbitmq.definitions.format", "topologyOperator",
                "broker.rabbitmq.definitions.clusterName", "rabbit"));
        List<JsonNode> topology = docs.stream().filter(d -> d.get("apiVersion").asText().equals("rabbitmq.com/v1beta1"))
                .toList();
        assertThat(topology).extracting(d -> d.get("kind").asText()).containsExactlyInAnyOrder(
                "Queue", "Queue", "Queue", "Queue", "Binding", "Binding", "Exchange", "Policy");
        topology.forEach(d -> assertThat(d.at("/spec/rabbitmqClusterReference/name").asText()).isEqualTo("rabbit"));
        List<String> queues = topology.stream().filter(d -> d.get("kind").asText().equals("Queue"))
                .peek(q -> assertThat(q.at("/spec/type").asText()).isEqualTo("quorum"))
                .map(q -> q.at("/spec/name").asText()).toList();
        assertThat(queues).containsExactlyInAnyOrder("webhooks.github", "webhooks.github.dead",
                "billing.stripe-events", "billing.stripe-events.dead");
        JsonNode policy = topology.stream().filter(d -> d.get("kind").asText().equals("Policy")).findFirst().orElseThrow();
        assertThat(policy.at("/spec/definition/dead-letter-exchange").asText()).isEqualTo("hookgate.dlx");
        assertThat(policy.at("/spec/applyTo").asText()).isEqualTo("queues");
        assertThat(docs.stream().filter(d -> d.at("/metadata/name").asText().equals("hookgate-rabbitmq-definitions")))
                .isEmpty();
    }

    @Test
    void theTopologyOperatorNeedsTheClusterName() {
        assertThatThrownBy(() -> Chart.template(VALUES, Map.of("broker.rabbitmq.definitions.format", "topologyOperator")))
                .hasMessageContaining("broker.rabbitmq.definitions.clusterName is required");
    }

    @Test
    void nothingIsRenderedByDefault() {
        assertThat(Chart.template(null, Map.of())).doesNotContain("rabbitmq.com/").doesNotContain("definitions.json");
    }
}
