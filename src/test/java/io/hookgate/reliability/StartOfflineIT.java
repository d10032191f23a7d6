package io.hookgate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hookgate.embedded.EmbeddedBroker;
import io.hookgate.embedded.Ports;
import io.hookgate.support.EmbeddedServersResource;

/**
 * Issue 25, item 2: nothing on the start path waits for PostgreSQL's answer. hookgate (the packaged jar, or the native
 * executable after -Dnative) starts against a "PostgreSQL" that accepts TCP connections and never says a word: it
 * must come up live all the same (Hibernate Reactive starts offline, with the dialect's version fixed at build), and
 * report itself not ready, because readiness asks the reactive pool. With a version check or a blocking first query
 * on the start path, the process would hang before its HTTP servers listen, and liveness would never answer.
 */
class StartOfflineIT {

    static Path dir;
    static EmbeddedBroker broker;
    static SilentServer silentPostgres;

    @BeforeAll
    static void servers() throws Exception {
        dir = Files.createTempDirectory("hookgate-start-offline");
        broker = new EmbeddedBroker(Ports.free(), dir.resolve("artemis")).start();
        silentPostgres = new SilentServer();
    }

    @AfterAll
    static void stop() throws Exception {
        silentPostgres.close();
        broker.stop();
    }

    @Test
    void startsLiveButNotReadyWhenPostgresAcceptsConnectionsAndNeverAnswers() throws Exception {
        Map<String, String> config = EmbeddedServersResource.connectionConfig(
                "postgresql://127.0.0.1:" + silentPostgres.port() + "/hookgate", broker);
        try (HookgateProcess hookgate = new HookgateProcess("start-offline", config, dir).launch()) {
            // 20 s: a start here takes 1-5 s on the JVM and well under 1 s native. With the version check on the
            // start path (quarkus.hibernate-orm.database.start-offline=false) the process hangs until the check's
            // connection times out, about 30 s later, and this fails.
            hookgate.awaitLive(Duration.ofSeconds(20));
            assertThat(Files.readString(hookgate.logFile().toPath())).contains("started in");
            // Not a 200: a 503, or no answer within the chart's probe timeout, which the kubelet counts as failed.
            assertThat(hookgate.status("/q/health/ready", Duration.ofSeconds(10))).isNotEqualTo(200);
            assertThat(hookgate.status("/q/health/live", Duration.ofSeconds(10))).isEqualTo(200);
            // The fake really was the database hookgate talked to: the start's background work (the partition
            // round, the isolation check) and readiness opened connections to it, and got nothing back.
            assertThat(silentPostgres.accepted()).isPositive();
        }
    }

    /** Accepts connections, reads nothing and answers nothing: a PostgreSQL hung behind a live TCP stack. */
    static final class SilentServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::acceptForever, "silent-postgres");

        SilentServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return held.size();
        }

        private void acceptForever() {
            try {
                while (true) {
                    held.add(server.accept());
                }
            } catch (IOException closed) {
                // close() was called
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
