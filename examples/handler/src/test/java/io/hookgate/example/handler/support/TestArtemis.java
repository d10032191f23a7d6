package io.hookgate.example.handler.support;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * ActiveMQ Artemis in the test JVM with an AMQP acceptor on a free port, persistent, without security. The address
 * settings are the ones the README gives for production: webhooks.# auto-creates anycast queues, and a message
 * rejected or delivered max-delivery-attempts times goes to webhooks.dead.
 */
public final class TestArtemis implements AutoCloseable {

    public static final String DEAD_LETTER_QUEUE = "webhooks.dead";
    public static final int MAX_DELIVERY_ATTEMPTS = 5;

    // Outside @QuarkusTest (the IT, the bench) nothing else quiets Artemis' per-message audit lines; kept in a field
    // because java.util.logging holds loggers weakly.
    private static final java.util.logging.Logger ARTEMIS_LOG = quiet("org.apache.activemq");

    private final int port = Ports.free();
    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

    public TestArtemis start() throws Exception {
        Path data = Files.createTempDirectory("artemis");
        Configuration config = new ConfigurationImpl()
                .setName("handler-test")
                .setSecurityEnabled(false)
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setLargeMessagesDirectory(data.resolve("large-messages").toString())
                .setGracefulShutdownEnabled(false);
        config.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP");
        config.addAddressSetting("webhooks.#", new AddressSettings()
                .setAutoCreateAddresses(true)
                .setAutoCreateQueues(true)
                .setAutoDeleteAddresses(false)
                .setAutoDeleteQueues(false)
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST)
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_QUEUE))
                .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS));
        config.addQueueConfiguration(QueueConfiguration.of(DEAD_LETTER_QUEUE)
                .setAddress(DEAD_LETTER_QUEUE).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        server.setConfiguration(config);
        server.start();
        return this;
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** Messages in the queue, those delivered but not yet settled included; 0 when it does not exist. */
    public long messageCount(String queue) {
        Queue q = server.getActiveMQServer().locateQueue(queue);
        return q == null ? 0 : q.getMessageCount();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
