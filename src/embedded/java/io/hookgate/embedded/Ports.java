package io.hookgate.embedded;

import java.io.IOException;
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
}
