package io.hookgate.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.hookgate.source.ConfiguredSource;
import io.hookgate.source.Sources;
import io.quarkus.vertx.http.ManagementInterface;

/**
 * Serves the message contract (src/main/resources/asyncapi.yaml) on the management port at /q/asyncapi, with one
 * channel per configured source and its exact address in place of the generic {@code webhooks.{source}} channel, so
 * that a handler's author sees the address to consume. It names no secret: only source names and addresses.
 */
@Singleton
public class AsyncApiDocument {

    static final String PATH = "/q/asyncapi";
    private static final String MESSAGE_REF = "#/components/messages/webhookEvent";

    private final String yaml;
    private final String json;

    public AsyncApiDocument(Sources sources) {
        ObjectMapper yamlMapper = new ObjectMapper(new YAMLFactory()
                // Quotes kept: minimized, the string '1.0' (specversion's const) came out as a number.
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
        ObjectNode document = withSourceChannels(read(yamlMapper), sources);
        try {
            this.yaml = yamlMapper.writeValueAsString(document);
            this.json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(@Observes ManagementInterface management) {
        management.router().get(PATH).handler(rc -> {
            boolean asJson = "json".equals(rc.request().getParam("format"));
            rc.response().putHeader("Content-Type", asJson ? "application/json" : "application/yaml")
                    .end(asJson ? json : yaml);
        });
    }

    private static ObjectNode read(ObjectMapper yamlMapper) {
        try (InputStream in = AsyncApiDocument.class.getClassLoader().getResourceAsStream("asyncapi.yaml")) {
            return (ObjectNode) yamlMapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("asyncapi.yaml", e);
        }
    }

    static ObjectNode withSourceChannels(ObjectNode document, Sources sources) {
        ObjectNode channels = document.putObject("channels");
        ObjectNode operations = document.putObject("operations");
        for (ConfiguredSource source : sources.all().values()) {
            ObjectNode channel = channels.putObject(source.name());
            channel.put("address", source.address());
            channel.put("title", "Events of source " + source.name());
            channel.put("description", "Webhooks POSTed to /webhooks/" + source.name() + " (scheme "
                    + source.scheme().configName() + ").");
            channel.putObject("messages").putObject("webhookEvent").put("$ref", MESSAGE_REF);
            ObjectNode operation = operations.putObject("publish-" + source.name());
            operation.put("action", "send");
            operation.putObject("channel").put("$ref", "#/channels/" + source.name());
            operation.putArray("messages").addObject()
                    .put("$ref", "#/channels/" + source.name() + "/messages/webhookEvent");
        }
        return document;
    }
}
