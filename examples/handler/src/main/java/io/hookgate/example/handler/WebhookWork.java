package io.hookgate.example.handler;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * What this handler does with an event: the place for your own logic. Here it parses the body as a JSON object
 * (so a body that is not JSON fails, as a real handler's parsing would) and records the event in handled_events.
 * It runs inside the inbox's transaction: whatever it writes commits together with the inbox row, or not at all.
 */
@ApplicationScoped
public class WebhookWork {

    public Uni<Void> perform(WebhookEvent event) {
        return Uni.createFrom().item(() -> parse(event))
                .chain(json -> {
                    Log.debugf("event %s (%s from %s): %d top-level fields", event.id(), event.type(),
                            event.sourceName(), json.size());
                    return HandledEvent.of(event, Instant.now()).persist();
                })
                .replaceWithVoid();
    }

    private static JsonObject parse(WebhookEvent event) {
        return Buffer.buffer(event.body()).toJsonObject();
    }
}
