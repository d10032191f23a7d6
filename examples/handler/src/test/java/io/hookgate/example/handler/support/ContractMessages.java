package io.hookgate.example.handler.support;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;

/** AMQP messages exactly as hookgate's contract describes them (README of this example, "The message contract"). */
public final class ContractMessages {

    private ContractMessages() {
    }

    public static Message event(UUID id, String source, String type, String body) {
        return event(id, source, type, "application/json", body.getBytes(StandardCharsets.UTF_8), false);
    }

    /** A GitHub-style JSON event. */
    public static Message githubEvent(UUID id, String source, int n) {
        return event(id, source, "issues", "{\"action\":\"opened\",\"issue\":{\"number\":" + n + "}}");
    }

    /**
     * A body no JSON parser takes, as a GitHub hook set to content type application/x-www-form-urlencoded sends it.
     * (With content-type application/json, the AMQP connector itself fails on it: see README, "Known limits".)
     */
    public static Message poison(UUID id, String source) {
        return event(id, source, "issues", "application/x-www-form-urlencoded",
                "payload=%7Bnot+json".getBytes(StandardCharsets.UTF_8), false);
    }

    public static Message event(UUID id, String source, String type, String contentType, byte[] body, boolean replay) {
        OffsetDateTime receivedAt = OffsetDateTime.now(ZoneOffset.UTC);
        Message m = Proton.message();
        m.setMessageId(id.toString());
        m.setDurable(true);
        m.setContentType(contentType);
        m.setSubject(type);
        m.setCreationTime(receivedAt.toInstant().toEpochMilli());
        Map<String, Object> props = new HashMap<>();
        props.put("source", source);
        props.put("event-type", type);
        props.put("received-at", receivedAt.toString());
        props.put("replay", replay);
        props.put("origin", "webhook");
        props.put("cloudEvents:specversion", "1.0");
        props.put("cloudEvents:id", id.toString());
        props.put("cloudEvents:source", "/webhooks/" + source);
        props.put("cloudEvents:type", type);
        props.put("cloudEvents:time", ZonedDateTime.now(ZoneOffset.UTC).toString());
        props.put("cloudEvents:hookgatesource", source);
        props.put("cloudEvents:hookgateorigin", "webhook");
        props.put("cloudEvents:hookgatereplay", replay);
        props.put("cloudEvents:providereventid", "delivery-" + id);
        m.setApplicationProperties(new ApplicationProperties(props));
        m.setBody(new Data(new Binary(body)));
        return m;
    }

    /** A replay: same id, replay=true. */
    public static Message replayOf(UUID id, String source, int n) {
        return event(id, source, "issues", "application/json",
                ("{\"action\":\"opened\",\"issue\":{\"number\":" + n + "}}").getBytes(StandardCharsets.UTF_8), true);
    }

    /** What an old hookgate sends: its application-properties, no CloudEvents attributes. */
    public static Message withoutCloudEvents(UUID id, String source) {
        Message m = event(id, source, "issues", "{}");
        Map<String, Object> props = new HashMap<>(m.getApplicationProperties().getValue());
        props.keySet().removeIf(k -> k.startsWith("cloudEvents:"));
        m.setApplicationProperties(new ApplicationProperties(props));
        return m;
    }
}
