package io.hookgate.route;

import io.hookgate.config.HookgateConfig;

/**
 * One route, checked and compiled at boot: the events of {@code source} whose type matches {@code types} (null: all)
 * and whose stored headers and body match {@code filter} (null: all) go to {@code destination}. The route's name is
 * its deliveries' destination column.
 */
public record ConfiguredRoute(String name, String source, TypeGlobs types, RouteFilter filter, Destination destination,
        HookgateConfig.Route config) {

    public boolean isHttp() {
        return destination instanceof Destination.Http;
    }

    /**
     * The filter exactly as configured (trimmed), for the admin API and the console, so that an operator can search
     * their values file for it; null when the route has none.
     */
    public String filterText() {
        return filter == null ? null : config.filter().map(String::strip).orElseGet(filter::toString);
    }

    /** The type globs as configured; null when the route takes every type. */
    public String typesText() {
        return types == null ? null : types.toString();
    }
}
