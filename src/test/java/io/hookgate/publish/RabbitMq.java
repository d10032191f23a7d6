package io.hookgate.publish;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

import io.hookgate.support.BrokerProbe;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Interop with RabbitMQ 3.x over AMQP 1.0 (rabbitmq_amqp1_0 plugin) on 127.0.0.1:5672, guest/guest.
 * The tests run when that broker is reachable, and must run when -Drabbitmq.interop=required.
 */
public class RabbitMq implements QuarkusTestProfile {

    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;
    // A missing exchange: RabbitMQ refuses the link (or drops the connection), so nothing may count.
    static final String UNROUTABLE = "/exchange/hookgate-test-no-such-exchange/x";

    private static volatile boolean selected;

    public static boolean reachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean required() {
        return "required".equals(System.getProperty("rabbitmq.interop"));
    }

    static boolean selected() {
        return selected;
    }

    static BrokerProbe probe() {
        return new BrokerProbe(HOST, PORT, "guest", "guest");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        selected = true;
        return Map.of(
                "amqp-host", HOST,
                "amqp-port", Integer.toString(PORT),
                "amqp-username", "guest",
                "amqp-password", "guest",
                "hookgate.sources.unroutable.address", UNROUTABLE);
    }
}
