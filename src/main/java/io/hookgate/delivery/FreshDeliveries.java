package io.hookgate.delivery;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.event.EventWriter;
import io.hookgate.event.NewEvent;
import io.hookgate.publish.OutboundMessage;
import io.hookgate.publish.OutboxPublisher;
import io.hookgate.route.Routes;

/**
 * Starts the deliveries of an event just committed, once per destination its rows were written for: an AMQP one
 * ('default' or an amqp: route) is published at once, fire-and-forget (the relay has it after the grace otherwise);
 * an HTTP route's lane is nudged to claim it.
 */
@ApplicationScoped
public class FreshDeliveries {

    private final Routes routes;
    private final OutboxPublisher publisher;
    private final HttpDeliveries http;

    public FreshDeliveries(Routes routes, OutboxPublisher publisher, HttpDeliveries http) {
        this.routes = routes;
        this.publisher = publisher;
        this.http = http;
    }

    public void start(NewEvent event, List<String> destinations) {
        for (String destination : destinations) {
            if (!EventWriter.DEFAULT_DESTINATION.equals(destination) && routes.isHttp(destination)) {
                http.nudge(destination);
                continue;
            }
            String address = routes.addressOf(event.source(), destination);
            if (address != null) {
                publisher.publishFresh(OutboundMessage.fresh(event, destination, address));
            }
        }
    }
}
