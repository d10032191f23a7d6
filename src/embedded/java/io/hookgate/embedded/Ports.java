package io.hookgate.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports, so embedded servers never collide with the machine's own PostgreSQL or broker. */
public final class Ports {

    private Ports() {
    }

    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /**
     * Fails with a one-line reason when something already listens on the loopback port. An embedded server that
     * cannot bind must stop the start: Artemis only logs a failed acceptor and runs on without it.
     */
    public static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new PortInUseException(what + " cannot listen on 127.0.0.1:" + port + ": the port is in use ("
                    + e.getMessage() + ")");
        }
    }

    /** An embedded server's port is taken by another process. */
    public static final class PortInUseException extends IllegalStateException {
        public PortInUseException(String message) {
            super(message);
        }
    }
}
