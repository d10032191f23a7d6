package io.hookgate.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The local run's embedded servers must stop the start with a one-line reason when their port is taken: Artemis used
 * to log the failed acceptor and run on, so hookgate answered 202 but never became ready.
 */
class EmbeddedServersPortTest {

    @Test
    void theBrokerRefusesToStartOnATakenPort() throws Exception {
        Path dir = Files.createTempDirectory("hookgate-port-test");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            EmbeddedBroker broker = new EmbeddedBroker(port, dir.resolve("artemis"));
            assertThatThrownBy(broker::start).isInstanceOf(Ports.PortInUseException.class)
                    .hasMessageContaining("embedded AMQP broker").hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageNotContaining("\n");
            broker.stop();
        }
    }

    @Test
    void theDatabaseRefusesToStartOnATakenPort() throws Exception {
        Path dir = Files.createTempDirectory("hookgate-port-test");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            EmbeddedDatabase database = new EmbeddedDatabase(port, dir.resolve("postgres"));
            assertThatThrownBy(database::start).isInstanceOf(Ports.PortInUseException.class)
                    .hasMessageContaining("embedded PostgreSQL").hasMessageContaining("127.0.0.1:" + port);
        }
    }
}
