package io.hookgate.admin;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hookgate.config.HookgateConfig;
import io.hookgate.reconcile.AlreadyRunningException;
import io.hookgate.reconcile.ReconcileRuns;
import io.hookgate.reconcile.ReconcileTarget;
import io.hookgate.reconcile.ReconcileTargets;
import io.hookgate.reconcile.Reconciler;
import io.hookgate.reconcile.Reconciliation;
import io.hookgate.reconcile.ReconciliationView;
import io.hookgate.request.Problem;
import io.hookgate.route.ConfiguredRoute;
import io.hookgate.route.Routes;
import io.hookgate.source.Sources;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.ManagementInterface;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The on-call API, mounted on the management interface (port 9000) only, so the Ingress can never route
 * to it. Every route needs the bearer token. Handlers only parse and answer; queries live in
 * EventQueries, DeliveryQueries, RouteQueries, RejectionQueries, ReplayService and BulkReplays;
 * answers are records (EventPage, EventDetail, RejectionView, ReplayJobView, ...).
 */
@Singleton
public class AdminRoutes {

    private static final int DEFAULT_LIMIT = 50;

    private final HookgateConfig.Admin config;
    private final BearerAuth auth;
    private final EventQueries events;
    private final RejectionQueries rejections;
    private final ReplayService replays;
    private final BulkReplays jobs;
    private final Sources sources;
    private final ReconcileTargets reconcileTargets;
    private final Reconciler reconciler;
    private final ReconcileRuns reconcileRuns;
    private final OverviewQueries overview;
    private final ObjectMapper json;
    private final AuthLimiter limiter;
    private final DeliveryQueries deliveries;
    private final RouteQueries routeQueries;
    private final RouteNames routeNames;
    private final Routes routes;
    // What register() mounted, as "METHOD /path/{param}": OpenApiContractTest checks it against openapi.yaml.
    private final List<String> mounted = new ArrayList<>();

    public AdminRoutes(HookgateConfig config, EventQueries events, RejectionQueries rejections, ReplayService replays,
            BulkReplays jobs, Sources sources, ReconcileTargets reconcileTargets, Reconciler reconciler,
            ReconcileRuns reconcileRuns, OverviewQueries overview, ObjectMapper json, AuthLimiter limiter,
            DeliveryQueries deliveries, RouteQueries routeQueries, RouteNames routeNames, Routes routes) {
        this.deliveries = deliveries;
        this.routeQueries = routeQueries;
        this.routeNames = routeNames;
        this.routes = routes;
        this.config = config.admin();
        this.auth = new BearerAuth(this.config.token());
        this.events = events;
        this.rejections = rejections;
        this.replays = replays;
        this.jobs = jobs;
        this.sources = sources;
        this.reconcileTargets = reconcileTargets;
        this.reconciler = reconciler;
        this.reconcileRuns = reconcileRuns;
        this.overview = overview;
        this.json = json;
        this.limiter = limiter;
    }

    void register(@Observes ManagementInterface management) {
        if (!config.enabled()) {
            Log.info("admin API disabled (hookgate.admin.enabled=false)");
            return;
        }
        if (config.token().filter(t -> !t.isBlank()).isEmpty()) {
            Log.warn("hookgate.admin.token is not set: every /admin request will be refused");
        }
        Router router = management.router();
        router.route("/admin/*").handler(this::authenticate);
        router.route("/admin/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.get("/admin/events").handler(rc -> answer(rc, 200,
                events.list(routeNames.check(EventFilter.from(rc.request()::getParam)),
                        Cursor.decode(rc.request().getParam("cursor")), limit(rc))));
        router.get("/admin/events/:id").handler(rc -> answer(rc, 200, events.get(uuid(rc, "id")), "event"));
        router.get("/admin/events/:id/deliveries").handler(rc -> answer(rc, 200, deliveries.ofEvent(uuid(rc, "id")),
                "event"));
        router.post("/admin/events/:id/replay").handler(rc -> answer(rc, 200, replays.replay(uuid(rc, "id"),
                EventFilter.blankToNull(rc.request().getParam("route"))), "event"));
        router.post("/admin/replays").handler(this::startReplay);
        router.get("/admin/replays/:id").handler(rc -> answer(rc, 200, jobs.get(uuid(rc, "id")), "replay job"));
        router.delete("/admin/replays/:id").handler(rc -> answer(rc, 200, jobs.cancel(uuid(rc, "id")), "replay job"));
        router.get("/admin/rejections").handler(rc -> answer(rc, 200, rejections.list(
                EventFilter.blankToNull(rc.request().getParam("source")),
                EventFilter.blankToNull(rc.request().getParam("reason")),
                EventFilter.instant("since", rc.request().getParam("since")), limit(rc))
                .map(Items::new)));
        router.get("/admin/sources").handler(rc -> answer(rc, 200, Uni.createFrom().item(
                new Items<>(sources.all().values().stream()
                        .map(s -> SourceView.of(s, reconcileTargets.find(s.name()), routeNamesOf(s.name()))).toList()))));
        router.get("/admin/routes").handler(rc -> answer(rc, 200, routeQueries.all().map(Items::new)));
        router.get("/admin/overview").handler(rc -> answer(rc, 200, overview.bySource().map(Items::new)));
        router.post("/admin/sources/:name/reconcile").handler(this::startReconcile);
        router.get("/admin/reconciliations").handler(rc -> answer(rc, 200, reconcileRuns.list(
                EventFilter.blankToNull(rc.request().getParam("source")), limit(rc))
                .map(runs -> new Items<>(runs.stream().map(ReconciliationView::of).toList()))));
        router.get("/admin/reconciliations/:id").handler(rc -> answer(rc, 200, reconcileRuns.find(uuid(rc, "id"))
                .map(run -> run == null ? null : ReconciliationView.of(run)), "reconciliation"));
        router.route("/admin/*").failureHandler(this::failure);
        router.getRoutes().stream().filter(r -> r.getPath() != null && r.getPath().startsWith("/admin/")
                && r.methods() != null && !r.getPath().endsWith("*"))
                .forEach(r -> r.methods().forEach(m -> mounted.add(m.name() + " "
                        + r.getPath().replaceAll(":([A-Za-z]+)", "{$1}"))));
    }

    private List<String> routeNamesOf(String source) {
        return routes.ofSource(source).stream().map(ConfiguredRoute::name).toList();
    }

    /** The admin routes, as "METHOD /path/{param}", in the form openapi.yaml documents them. */
    List<String> mounted() {
        return List.copyOf(mounted);
    }

    /** The bearer token, unless this client (or everyone) failed too often this minute: then 429, token unread. */
    private void authenticate(RoutingContext rc) {
        String client = client(rc);
        if (tooManyFailures(rc, limiter, client, "admin", json)) {
            return;
        }
        if (auth.allows(rc.request().getHeader("Authorization"))) {
            rc.next();
            return;
        }
        limiter.failed(client);
        limiter.refused("admin", "unauthorized");
        rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"hookgate-admin\"");
        problem(rc, 401, "Unauthorized", "unauthorized", "a valid admin bearer token is required");
    }

    /** The client's address as the management port sees it (X-Forwarded-For is not trusted here). */
    public static String client(RoutingContext rc) {
        return rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().host();
    }

    /**
     * Answers 429 (problem+json, Retry-After) and returns true when this client may not try to authenticate now;
     * shared with the console's sign-in.
     */
    public static boolean tooManyFailures(RoutingContext rc, AuthLimiter limiter, String client, String endpoint,
            ObjectMapper json) {
        long wait = limiter.retryAfterSeconds(client);
        if (wait == 0) {
            return false;
        }
        limiter.refused(endpoint, "rate_limited");
        Log.warnf("%s authentication from %s refused for %d s: too many failed attempts", endpoint, client, wait);
        try {
            rc.response().setStatusCode(429).putHeader("Retry-After", Long.toString(wait))
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(Problem.body(429, "Too Many Requests", "too_many_auth_failures",
                            "too many failed authentications from this address or in all; try again after Retry-After ("
                                    + wait + " s)")));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            rc.fail(e);
        }
        return true;
    }

    private void startReconcile(RoutingContext rc) {
        String name = rc.pathParam("name");
        JsonNode body = jsonObject(rc);
        if (sources.find(name) == null) {
            answer(rc, 404, Uni.createFrom().nullItem(), "source");
            return;
        }
        ReconcileTarget target = reconcileTargets.find(name);
        if (target == null) {
            throw new BadRequestException("reconciliation is not enabled for source " + name
                    + " (hookgate.sources." + name + ".reconcile.enabled)");
        }
        OffsetDateTime since = EventFilter.instant("since", body.hasNonNull("since") ? body.get("since").asText() : null);
        OffsetDateTime until = EventFilter.instant("until", body.hasNonNull("until") ? body.get("until").asText() : null);
        Uni<Reconciliation> run;
        try {
            run = reconciler.startManual(target, since, until, body.path("dryRun").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        answer(rc, 202, run.map(ReconciliationView::of), "reconciliation");
    }

    private JsonNode jsonObject(RoutingContext rc) {
        JsonNode body;
        try {
            body = rc.body().length() == 0 ? json.createObjectNode() : json.readTree(rc.body().buffer().getBytes());
        } catch (java.io.IOException e) {
            throw new BadRequestException("the body must be a JSON object");
        }
        if (body == null || !body.isObject()) {
            throw new BadRequestException("the body must be a JSON object");
        }
        return body;
    }

    private void startReplay(RoutingContext rc) {
        JsonNode body = jsonObject(rc);
        EventFilter filter = EventFilter.from(key -> body.hasNonNull(key) ? body.get(key).asText() : null);
        boolean dryRun = body.path("dryRun").asBoolean(false);
        answer(rc, dryRun ? 200 : 202, jobs.create(filter, dryRun));
    }

    private void answer(RoutingContext rc, int status, Uni<?> result) {
        answer(rc, status, result, "resource");
    }

    /** Writes the item as JSON; no item is a 404 that names what was not found. */
    private void answer(RoutingContext rc, int status, Uni<?> result, String what) {
        result.subscribe().with(item -> {
            if (item == null) {
                problem(rc, 404, "Not Found", "not_found", "no such " + what);
                return;
            }
            write(rc, status, "application/json", item);
        }, rc::fail);
    }

    private void failure(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (failure instanceof BadRequestException bad) {
            problem(rc, 400, "Bad Request", "bad_request", bad.getMessage());
        } else if (failure instanceof ProblemException p) {
            problem(rc, p.status(), p.title(), p.reason(), p.getMessage());
        } else if (failure instanceof AlreadyRunningException running) {
            problem(rc, 409, "Conflict", "already_running", running.getMessage());
        } else if (failure instanceof TooManyReplayJobsException tooMany) {
            problem(rc, 409, "Conflict", "too_many_replay_jobs", tooMany.getMessage());
        } else if (failure instanceof io.hookgate.publish.BrokerRejectedException broker) {
            problem(rc, 503, "Broker unavailable", "unavailable", broker.getMessage());
        } else if (rc.statusCode() == 413) {
            problem(rc, 413, "Payload too large", "payload_too_large", "admin request bodies are limited to 64 KiB");
        } else {
            Log.warnf(failure, "admin request %s %s failed", rc.request().method(), rc.request().path());
            problem(rc, 500, "Internal Server Error", "internal", "see the hookgate log");
        }
    }

    private void problem(RoutingContext rc, int status, String title, String reason, String detail) {
        write(rc, status, Problem.MEDIA_TYPE, Problem.body(status, title, reason, detail));
    }

    private void write(RoutingContext rc, int status, String contentType, Object body) {
        if (rc.response().ended()) {
            return;
        }
        try {
            rc.response().setStatusCode(status).putHeader("Content-Type", contentType)
                    .end(json.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            rc.fail(e);
        }
    }

    private int limit(RoutingContext rc) {
        String value = rc.request().getParam("limit");
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit < 1 || limit > config.maxPageSize()) {
                throw new BadRequestException("limit must be between 1 and " + config.maxPageSize());
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new BadRequestException("limit must be a number");
        }
    }

    private static UUID uuid(RoutingContext rc, String name) {
        try {
            return UUID.fromString(rc.pathParam(name));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(name + " must be a UUID");
        }
    }
}
