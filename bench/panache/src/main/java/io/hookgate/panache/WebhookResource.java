package io.hookgate.panache;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata;

/**
 * The webhook endpoint the Quarkus guides lead to: verify the GitHub signature, persist a Panache entity in a
 * transaction of its own (@WithTransaction), then send it with a SmallRye Reactive Messaging emitter and answer 202
 * once the broker has accepted it. Nothing shared between requests: one INSERT and one commit per webhook. A
 * duplicate delivery fails the unique constraint and is answered 200.
 */
@Path("/webhooks")
public class WebhookResource {

    public record Accepted(boolean duplicate, UUID id) {
    }

    @Channel("webhooks")
    MutinyEmitter<byte[]> emitter;

    @ConfigProperty(name = "webhook.secret")
    String secret;

    @POST
    @Path("{source}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@RestPath String source, @RestHeader("X-Hub-Signature-256") String signature,
            @RestHeader("X-GitHub-Delivery") String delivery, @RestHeader("X-GitHub-Event") String type,
            @RestHeader("Content-Type") String contentType, byte[] body) {
        if (signature == null || delivery == null || !validSignature(signature, body)) {
            return Uni.createFrom().item(Response.status(401).build());
        }
        WebhookEvent event = new WebhookEvent();
        event.source = source;
        event.dedupKey = delivery;
        event.eventType = type;
        event.receivedAt = OffsetDateTime.now();
        event.contentType = contentType;
        event.headers = Map.of("X-GitHub-Delivery", delivery, "X-GitHub-Event", String.valueOf(type),
                "Content-Type", String.valueOf(contentType));
        event.payload = body;
        return store(event)
                .chain(stored -> emitter.sendMessage(Message.of(body, Metadata.of(OutgoingAmqpMetadata.builder()
                        .withMessageId(stored.id.toString()).withDurable(true).withSubject(type).build())))
                        .replaceWith(Response.accepted(new Accepted(false, stored.id)).build()))
                .onFailure(WebhookResource::isDuplicate)
                .recoverWithItem(() -> Response.ok(new Accepted(true, null)).build());
    }

    @WithTransaction
    Uni<WebhookEvent> store(WebhookEvent event) {
        return event.persist();
    }

    private boolean validSignature(String header, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isDuplicate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("23505")) {
                return true;
            }
        }
        return false;
    }
}
