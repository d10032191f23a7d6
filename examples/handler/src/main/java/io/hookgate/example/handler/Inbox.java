package io.hookgate.example.handler;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The idempotency record: the ids of the messages already handled. Written in the same transaction as the
 * handler's effect, so an id is in the inbox exactly when its effect committed.
 */
@ApplicationScoped
public class Inbox {

    /**
     * True when the id is new. A concurrent transaction holding the same id makes this wait for its outcome, so two
     * replicas given the same message never both see it as new.
     */
    public Uni<Boolean> claim(UUID messageId) {
        return Panache.getSession()
                .chain(session -> session
                        .createNativeQuery("INSERT INTO inbox (message_id) VALUES (:id) ON CONFLICT DO NOTHING")
                        .setParameter("id", messageId)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
