package io.hookgate.example.handler;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Handles an event at most once: the inbox claim and the work share one transaction. */
@ApplicationScoped
public class EventHandler {

    public enum Outcome {
        HANDLED, DUPLICATE
    }

    private final Inbox inbox;
    private final WebhookWork work;

    public EventHandler(Inbox inbox, WebhookWork work) {
        this.inbox = inbox;
        this.work = work;
    }

    /** Fails when the work fails; the transaction then rolls back, inbox row included, so a retry starts afresh. */
    @WithTransaction
    public Uni<Outcome> handle(WebhookEvent event) {
        return inbox.claim(event.id())
                .chain(isNew -> isNew
                        ? work.perform(event).replaceWith(Outcome.HANDLED)
                        : Uni.createFrom().item(Outcome.DUPLICATE));
    }
}
