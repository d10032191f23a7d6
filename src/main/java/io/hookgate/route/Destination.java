package io.hookgate.route;

import java.net.URI;
import java.net.URISyntaxException;

/** Where a route sends: an AMQP address (amqp:&lt;address&gt;) or an HTTP endpoint (an http:// or https:// URL). */
public sealed interface Destination {

    /** Published like a source's own address: the AMQP publisher and its relay, at-least-once. */
    record Amqp(String address) implements Destination {
        @Override
        public String toString() {
            return "amqp:" + address;
        }
    }

    /** POSTed with the exact stored bytes by the HTTP delivery (package delivery). */
    record Http(URI url) implements Destination {
        @Override
        public String toString() {
            return url.toString();
        }
    }

    /** Parses hookgate.routes.&lt;name&gt;.destination; errors name the key. */
    static Destination parse(String value, String key, String addressPrefix) {
        String v = value == null ? "" : value.strip();
        if (v.startsWith("amqp:")) {
            String address = v.substring("amqp:".length());
            if (address.isBlank()) {
                throw new IllegalArgumentException(key + ": amqp: needs an address, e.g. amqp:billing.stripe");
            }
            return new Amqp(addressPrefix + address);
        }
        if (v.startsWith("http://") || v.startsWith("https://")) {
            try {
                URI url = new URI(v);
                if (url.getHost() == null || url.getHost().isBlank()) {
                    throw new IllegalArgumentException(key + ": the URL has no host: " + v);
                }
                if (url.getRawUserInfo() != null) {
                    // It would be logged and shown; credentials belong in headers.<name>, which are never shown.
                    throw new IllegalArgumentException(key + ": put credentials in hookgate.routes.<name>.headers, not in the URL");
                }
                return new Http(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(key + ": not a URL: " + e.getMessage());
            }
        }
        throw new IllegalArgumentException(key + ": expected amqp:<address> or an http:// or https:// URL, got '" + v + "'");
    }
}
