package io.hookgate.publish;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The broker connection, under Quarkus' standard AMQP keys (amqp-host, amqp-port, amqp-username, ...). */
@ApplicationScoped
public class AmqpSettings {

    @ConfigProperty(name = "amqp-host", defaultValue = "localhost")
    String host;

    @ConfigProperty(name = "amqp-port", defaultValue = "5672")
    int port;

    @ConfigProperty(name = "amqp-username")
    Optional<String> username;

    @ConfigProperty(name = "amqp-password")
    Optional<String> password;

    @ConfigProperty(name = "amqp-use-ssl", defaultValue = "false")
    boolean useSsl;


    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Optional<String> username() {
        return username.filter(s -> !s.isBlank());
    }

    public Optional<String> password() {
        return password.filter(s -> !s.isBlank());
    }

    public boolean useSsl() {
        return useSsl;
    }
}
