package io.hookgate.publish;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application properties of every published message: hookgate's own (source, event-type, received-at, replay,
 * origin) and the CloudEvents 1.0 AMQP binding in binary mode, under the "cloudEvents:" prefix that SmallRye's AMQP
 * connector reads into {@code IncomingCloudEventMetadata}. The AMQP content-type is the CloudEvent's datacontenttype
 * (binding 3.1.1), so it is not repeated here. src/main/resources/asyncapi.yaml documents every name; AsyncApiTest
 * checks a real message against it both ways.
 */
public final class MessageContract {

    public static final String CE_PREFIX = "cloudEvents:";
    /** The CloudEvent type of an event whose provider sends none. */
    public static final String UNTYPED = "hookgate.untyped";

    private MessageContract() {
    }

    public static Map<String, Object> applicationProperties(OutboundMessage m) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("source", m.source());
        props.put("event-type", m.eventType());
        props.put("received-at", m.receivedAt().toString());
        props.put("replay", m.replay());
        props.put("origin", m.origin().code());
        props.put(CE_PREFIX + "specversion", "1.0");
        props.put(CE_PREFIX + "id", m.eventId().toString());
        props.put(CE_PREFIX + "source", "/webhooks/" + m.source());
        props.put(CE_PREFIX + "type", m.eventType() == null ? UNTYPED : m.eventType());
        props.put(CE_PREFIX + "time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(m.receivedAt()));
        // Extensions: lower-case alphanumerics only (CloudEvents 1.0 naming rules).
        props.put(CE_PREFIX + "hookgatesource", m.source());
        props.put(CE_PREFIX + "hookgateorigin", m.origin().code());
        props.put(CE_PREFIX + "hookgatereplay", m.replay());
        String providerId = m.providerEventId();
        if (providerId != null) {
            props.put(CE_PREFIX + "providereventid", providerId);
        }
        return props;
    }
}
