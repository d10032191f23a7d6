package io.hookgate.example.handler;

import java.net.URI;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

/**
 * One hookgate event as the handler sees it: the CloudEvents attributes hookgate sets (binary mode, read by the
 * AMQP connector into {@link IncomingCloudEventMetadata}) and the provider's exact bytes.
 *
 * @param id the hookgate event id; a duplicate delivery or a replay carries the same one
 * @param sourceName hookgate's source name (extension {@code hookgatesource}), e.g. {@code github}
 * @param providerEventId the provider's own id (extension {@code providereventid}), absent when it sent none
 */
public record WebhookEvent(UUID id, URI source, String type, Optional<ZonedDateTime> time, String sourceName,
        Optional<String> origin, boolean replay, Optional<String> providerEventId, byte[] body) {

    /** Read from a message; fails with {@link ContractViolation} when the message is not a hookgate event. */
    public static WebhookEvent from(Message<byte[]> message) {
        IncomingCloudEventMetadata<?> ce = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new ContractViolation("no CloudEvents attributes (cloudEvents:id, ...)"));
        UUID id;
        try {
            id = UUID.fromString(ce.getId());
        } catch (RuntimeException e) {
            throw new ContractViolation("cloudEvents:id is not a UUID: " + ce.getId());
        }
        Optional<String> sourceName = ce.<Object> getExtension("hookgatesource").map(Object::toString);
        return new WebhookEvent(id, ce.getSource(), ce.getType(), ce.getTimeStamp(),
                // The extension is the source's name; the CE source "/webhooks/<name>" says the same.
                sourceName.orElseGet(() -> lastSegment(ce.getSource())),
                ce.<Object> getExtension("hookgateorigin").map(Object::toString),
                ce.<Object> getExtension("hookgatereplay").map(r -> Boolean.parseBoolean(r.toString())).orElse(false),
                ce.<Object> getExtension("providereventid").map(Object::toString),
                message.getPayload());
    }

    private static String lastSegment(URI source) {
        String path = source.getPath() == null ? source.toString() : source.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The message does not follow hookgate's contract: no retry can fix it. */
    public static final class ContractViolation extends RuntimeException {
        public ContractViolation(String message) {
            super(message);
        }
    }
}
