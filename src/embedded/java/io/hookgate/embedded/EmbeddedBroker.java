package io.hookgate.embedded;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * A real AMQP 1.0 broker (Apache ActiveMQ Artemis) in-process, persisting to disk so that a restart keeps
 * what it accepted. Addresses auto-create an anycast queue of the same name; addresses under
 * "unroutable." can never be created, to prove such sends are not counted as published.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final int port;
    private final Path dataDirectory;
    private EmbeddedActiveMQ server;

    public EmbeddedBroker(int port, Path dataDirectory) {
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    public synchronized EmbeddedBroker start() throws Exception {
        if (server == null) {
            Ports.requireFree(port, "the embedded AMQP broker");
            EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
            broker.setConfiguration(configuration());
            broker.start();
            // Artemis logs an acceptor that cannot bind and runs on without it: a broker nobody can reach.
            if (!broker.getActiveMQServer().getRemotingService().getAcceptor("amqp").isStarted()) {
                broker.stop();
                throw new Ports.PortInUseException("the embedded AMQP broker could not listen on 127.0.0.1:" + port);
            }
            server = broker;
        }
        return this;
    }

    public synchronized void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public int port() {
        return port;
    }

    private Configuration configuration() throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("hookgate-embedded")
                .setSecurityEnabled(false)
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDirectory.resolve("journal").toString())
                .setBindingsDirectory(dataDirectory.resolve("bindings").toString())
                .setPagingDirectory(dataDirectory.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDirectory.resolve("large-messages").toString())
                .setGracefulShutdownEnabled(false);
        config.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP");
        config.addAddressSetting("#", new AddressSettings()
                .setAutoCreateAddresses(true)
                .setAutoCreateQueues(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false)
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST));
        config.addAddressSetting("unroutable.#", new AddressSettings()
                .setAutoCreateAddresses(false)
                .setAutoCreateQueues(false));
        return config;
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
