package io.hookgate.route;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hookgate.config.HookgateConfig;
import io.hookgate.delivery.WebhookSigner;
import io.hookgate.event.EventWriter;
import io.hookgate.event.NewEvent;
import io.hookgate.source.Sources;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * The configured routes, checked at boot (an error names the key and stops the boot), and the routing of an event:
 * which destinations its delivery rows get, in the insert that stores it. A source without routes keeps the one
 * 'default' destination, its own AMQP address; a source with routes gets a row per matching route, and an event
 * that matches none is stored with no delivery row (unrouted: counted, and shown as UNROUTED).
 */
@Startup
@ApplicationScoped
public class Routes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DEFAULT_ONLY = List.of(EventWriter.DEFAULT_DESTINATION);
    private static final Set<String> RESERVED = Set.of(EventWriter.DEFAULT_DESTINATION);

    private final Map<String, ConfiguredRoute> byName = new TreeMap<>();
    private final Map<String, List<ConfiguredRoute>> bySource = new HashMap<>();
    private final Sources sources;

    public Routes(HookgateConfig config, Sources sources) {
        this.sources = sources;
        String prefix = config.publish().addressPrefix().orElse("");
        config.routes().forEach((name, route) -> byName.put(name, configure(name, route, sources.all().keySet(), prefix)));
        byName.values().forEach(r -> bySource.computeIfAbsent(r.source(), s -> new ArrayList<>()).add(r));
        bySource.replaceAll((s, list) -> List.copyOf(list));
        byName.values().forEach(r -> Log.infof("route %s: source %s%s%s -> %s", r.name(), r.source(),
                r.types() == null ? "" : ", types " + r.typesText(),
                r.filter() == null ? "" : ", filter " + r.filterText(), r.destination()));
    }

    static ConfiguredRoute configure(String name, HookgateConfig.Route route, Set<String> sources, String addressPrefix) {
        String key = "hookgate.routes." + name;
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(key + ": '" + name + "' is reserved (a source's own address); pick another name");
        }
        if (!sources.contains(route.source())) {
            throw new IllegalArgumentException(key + ".source: no source '" + route.source()
                    + "' is configured (hookgate.sources." + route.source() + ".scheme)");
        }
        TypeGlobs types = route.types().filter(t -> !t.isBlank()).map(t -> TypeGlobs.parse(t, key + ".types")).orElse(null);
        RouteFilter filter = route.filter().filter(f -> !f.isBlank()).map(f -> RouteFilter.parse(f, key + ".filter")).orElse(null);
        Destination destination = Destination.parse(route.destination(), key + ".destination", addressPrefix);
        if (destination instanceof Destination.Http) {
            route.signingSecret().ifPresent(secret -> WebhookSigner.of(secret, key + ".signing-secret"));
            if (route.rateLimit().isPresent() && !(route.rateLimit().get() > 0)) {
                throw new IllegalArgumentException(key + ".rate-limit: must be above 0 (leave it out for no limit)");
            }
            if (route.concurrency() < 1) {
                throw new IllegalArgumentException(key + ".concurrency: must be at least 1");
            }
            if (route.retry().attempts() < 1) {
                throw new IllegalArgumentException(key + ".retry.attempts: must be at least 1");
            }
            if (route.circuit().failures() < 1) {
                throw new IllegalArgumentException(key + ".circuit.failures: must be at least 1");
            }
        } else if (route.signingSecret().isPresent() || !route.headers().isEmpty()) {
            throw new IllegalArgumentException(key + ": signing-secret and headers apply to http(s) destinations only");
        }
        return new ConfiguredRoute(name, route.source(), types, filter, destination, route);
    }

    /**
     * The destinations of a new event: 'default' for a source without routes, else the names of the routes that
     * match it (none: unrouted). Filters see the headers as stored (redacted) and the exact body.
     */
    public List<String> destinationsFor(NewEvent event) {
        List<ConfiguredRoute> routes = bySource.get(event.source());
        if (routes == null) {
            return DEFAULT_ONLY;
        }
        FilterInput input = null;
        List<String> matched = new ArrayList<>(routes.size());
        for (ConfiguredRoute route : routes) {
            if (route.types() != null && !route.types().matches(event.eventType())) {
                continue;
            }
            if (route.filter() != null) {
                if (input == null) {
                    input = FilterInput.of(headersOf(event), event.payload());
                }
                if (!route.filter().matches(input)) {
                    continue;
                }
            }
            matched.add(route.name());
        }
        return matched;
    }

    private static Map<String, List<String>> headersOf(NewEvent event) {
        try {
            return JSON.readValue(event.headersJson(), new TypeReference<Map<String, List<String>>>() {
            });
        } catch (Exception unreadable) {
            // Written by HeaderRedactor, so always readable; a filter on headers then simply does not match.
            return Map.of();
        }
    }

    /** Every route, by name. */
    public Map<String, ConfiguredRoute> all() {
        return Collections.unmodifiableMap(byName);
    }

    /** The routes of a source; empty when it has none (and so publishes to its own address). */
    public List<ConfiguredRoute> ofSource(String source) {
        return bySource.getOrDefault(source, List.of());
    }

    public ConfiguredRoute find(String name) {
        return byName.get(name);
    }

    /** Whether a delivery's destination is an HTTP route (delivered by HttpDeliveries, not the AMQP relay). */
    public boolean isHttp(String destination) {
        ConfiguredRoute route = byName.get(destination);
        return route != null && route.isHttp();
    }

    /** The destinations the AMQP relay serves: 'default' and every amqp: route. */
    public String[] amqpDestinations() {
        List<String> names = new ArrayList<>(DEFAULT_ONLY);
        byName.values().stream().filter(r -> !r.isHttp()).forEach(r -> names.add(r.name()));
        return names.toArray(String[]::new);
    }

    /**
     * The AMQP address of a delivery: the source's own for 'default', the route's for an amqp: route; null for an
     * HTTP route or one no longer configured.
     */
    public String addressOf(String source, String destination) {
        if (EventWriter.DEFAULT_DESTINATION.equals(destination)) {
            return sources.addressOf(source);
        }
        ConfiguredRoute route = byName.get(destination);
        return route != null && route.destination() instanceof Destination.Amqp amqp ? amqp.address() : null;
    }
}
