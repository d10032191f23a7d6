package io.hookgate.example.handler;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.smallrye.reactive.messaging.ce.DefaultCloudEventMetadataBuilder;
import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;

/**
 * A message for the in-memory channel with the CloudEvents metadata the AMQP connector builds from hookgate's
 * properties, remembering whether it was acked or nacked.
 */
final class TrackedMessage {

    final CompletableFuture<Void> acked = new CompletableFuture<>();
    final CompletableFuture<Throwable> nacked = new CompletableFuture<>();
    final Message<byte[]> message;

    private TrackedMessage(byte[] body, Metadata metadata) {
        message = Message.of(body, metadata,
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    nacked.complete(failure);
                    return CompletableFuture.completedFuture(null);
                });
    }

    static TrackedMessage event(UUID id, String body) {
        return event(id, body, false);
    }

    static TrackedMessage event(UUID id, String body, boolean replay) {
        var ce = new DefaultCloudEventMetadataBuilder<byte[]>()
                .withSpecVersion("1.0")
                .withId(id.toString())
                .withSource(URI.create("/webhooks/github"))
                .withType("issues")
                .withTimestamp(ZonedDateTime.now(ZoneOffset.UTC))
                .withExtensions(Map.of("hookgatesource", "github", "hookgateorigin", "webhook",
                        "hookgatereplay", replay, "providereventid", "delivery-" + id))
                .build();
        return new TrackedMessage(body.getBytes(StandardCharsets.UTF_8),
                Metadata.of(new DefaultIncomingCloudEventMetadata<>(ce)));
    }

    static TrackedMessage withoutCloudEvents(String body) {
        return new TrackedMessage(body.getBytes(StandardCharsets.UTF_8), Metadata.empty());
    }
}
