package io.hookgate.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.hookgate.publish.MessagePublisher;

/**
 * Ready only while the AMQP connection is open. The connection carries heartbeats, so a broker that
 * stops answering is noticed within the idle timeout. (PostgreSQL readiness comes from the reactive
 * datasource's own check, which runs a query.)
 */
@Readiness
@ApplicationScoped
public class BrokerReadinessCheck implements HealthCheck {

    private final MessagePublisher publisher;

    public BrokerReadinessCheck(MessagePublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = publisher.isConnected();
        var builder = HealthCheckResponse.named("amqp-broker").status(up);
        if (!up && publisher.lastError() != null) {
            builder.withData("error", publisher.lastError());
        }
        return builder.build();
    }
}
