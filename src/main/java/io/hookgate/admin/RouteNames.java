package io.hookgate.admin;

import jakarta.enterprise.context.ApplicationScoped;

import io.hookgate.event.EventWriter;
import io.hookgate.route.Routes;

/** Checks the route a listing or a bulk replay filters on: a configured route, or 'default' (sources' own address). */
@ApplicationScoped
public class RouteNames {

    private final Routes routes;

    public RouteNames(Routes routes) {
        this.routes = routes;
    }

    /** The filter, when its route (if any) is known; else a 400 problem, reason unknown_route. */
    public EventFilter check(EventFilter filter) {
        String route = filter.route();
        if (route != null && !EventWriter.DEFAULT_DESTINATION.equals(route) && routes.find(route) == null) {
            throw ProblemException.unknownRoute(route, 400);
        }
        return filter;
    }
}
