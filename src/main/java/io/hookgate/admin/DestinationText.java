package io.hookgate.admin;

import java.net.URI;

import io.hookgate.route.ConfiguredRoute;
import io.hookgate.route.Destination;

/**
 * Where a delivery goes, as on-call may see it: amqp:&lt;address&gt;, or an HTTP URL without its query string and
 * user info (either may carry a token), and its kind.
 */
final class DestinationText {

    static final String AMQP = "amqp";
    static final String HTTP = "http";

    private DestinationText() {
    }

    static String of(Destination destination) {
        if (destination instanceof Destination.Http http) {
            URI url = http.url();
            String port = url.getPort() < 0 ? "" : ":" + url.getPort();
            return url.getScheme() + "://" + url.getHost() + port + (url.getRawPath() == null ? "" : url.getRawPath());
        }
        return destination.toString();
    }

    static String kind(ConfiguredRoute route) {
        return route.isHttp() ? HTTP : AMQP;
    }
}
