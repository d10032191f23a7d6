package io.hookgate.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Requests written byte for byte to the public port: an HTTP client would normalise the path, fix the framing or
 * refuse the header, and then the attack is never sent.
 */
final class RawHttp {

    private RawHttp() {
    }

    static int port() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
    }

    /** The status line's code, or -1 when the server closed (or said nothing within 15 s) without one. */
    static int send(String head, byte[] body) throws IOException {
        return statusOf(exchange(head, body));
    }

    /** The whole answer (head and body) as text, read until the server closes or goes quiet. */
    static String exchange(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException closedEarly) {
                // The server may answer (413, 431) and close before the body is sent: read what it said.
            }
            return readAnswer(socket.getInputStream());
        }
    }

    static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0;) {
                answer.write(buf, 0, n);
                if (complete(answer.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException stopped) {
            // what arrived is the answer
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }

    /** A head with a Content-Length whose body has fully arrived. */
    private static boolean complete(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        var m = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(answer.substring(0, end));
        return m.find() && answer.length() - end - 4 >= Integer.parseInt(m.group(1));
    }

    static int statusOf(String answer) {
        if (!answer.startsWith("HTTP/1.1 ") || answer.length() < 12) {
            return -1;
        }
        return Integer.parseInt(answer.substring(9, 12));
    }

    static String post(String target, String extraHeaders, int contentLength) {
        return "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n" + extraHeaders + "\r\n";
    }
}
