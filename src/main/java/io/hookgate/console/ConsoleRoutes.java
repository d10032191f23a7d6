package io.hookgate.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hookgate.admin.AdminRoutes;
import io.hookgate.admin.AuthLimiter;
import io.hookgate.admin.BadRequestException;
import io.hookgate.admin.BulkReplays;
import io.hookgate.admin.Cursor;
import io.hookgate.admin.DeliveryView;
import io.hookgate.admin.EventFilter;
import io.hookgate.admin.EventPage;
import io.hookgate.admin.EventQueries;
import io.hookgate.admin.OverviewQueries;
import io.hookgate.admin.ProblemException;
import io.hookgate.admin.RejectionQueries;
import io.hookgate.admin.RejectionView;
import io.hookgate.admin.ReplayDryRun;
import io.hookgate.admin.ReplayJobView;
import io.hookgate.admin.ReplayService;
import io.hookgate.admin.RouteNames;
import io.hookgate.admin.RouteQueries;
import io.hookgate.admin.RouteView;
import io.hookgate.admin.SourceStats;
import io.hookgate.admin.SourceView;
import io.hookgate.admin.StoredEvent;
import io.hookgate.admin.TooManyReplayJobsException;
import io.hookgate.config.HookgateConfig;
import io.hookgate.reconcile.AlreadyRunningException;
import io.hookgate.reconcile.ReconcileTarget;
import io.hookgate.reconcile.ReconcileTargets;
import io.hookgate.reconcile.Reconciler;
import io.hookgate.route.ConfiguredRoute;
import io.hookgate.route.Routes;
import io.hookgate.source.Sources;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.vertx.http.ManagementInterface;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The on-call console at /console on the management interface (never the public port), next to the admin API and
 * reading through the same queries. Pages are Qute templates, escaped by default, because payloads, headers and
 * rejection bodies are attacker-controlled; no inline script (the CSP forbids it), one small script of its own. A
 * Vert.x router, like the admin API: Quarkus REST does not serve on the management interface.
 */
@Singleton
public class ConsoleRoutes {

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final int PAGE_SIZE = 50;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance login(String error);

        static native TemplateInstance overview(ConsolePage page, List<SourceStats> stats);

        static native TemplateInstance events(ConsolePage page, Filters filters, EventPage events, List<String> routes);

        static native TemplateInstance event(ConsolePage page, StoredEvent event, PayloadView payload,
                List<DeliveryView> deliveries, List<String> sourceRoutes);

        static native TemplateInstance rejections(ConsolePage page, Filters filters, List<RejectionView> rejections);

        static native TemplateInstance replays(ConsolePage page, Filters filters, ReplayDryRun dryRun);

        static native TemplateInstance replay(ConsolePage page, ReplayJobView job);

        static native TemplateInstance sources(ConsolePage page, List<SourceView> sources, List<RouteView> routes);

        static native TemplateInstance error(ConsolePage page, int status, String message);
    }

    private final HookgateConfig.Admin config;
    private final boolean secureCookie;
    private final ConsoleSession sessions;
    private final AuthLimiter limiter;
    private final ObjectMapper json;
    private final EventQueries events;
    private final RejectionQueries rejections;
    private final ReplayService replays;
    private final BulkReplays jobs;
    private final OverviewQueries overview;
    private final Sources sources;
    private final ReconcileTargets reconcileTargets;
    private final Reconciler reconciler;
    private final Routes routes;
    private final RouteQueries routeQueries;
    private final RouteNames routeNames;

    public ConsoleRoutes(HookgateConfig config, EventQueries events, RejectionQueries rejections, ReplayService replays,
            BulkReplays jobs, OverviewQueries overview, Sources sources, ReconcileTargets reconcileTargets,
            Reconciler reconciler, Pool pool, AuthLimiter limiter, ObjectMapper json, Routes routes,
            RouteQueries routeQueries, RouteNames routeNames) {
        this.routes = routes;
        this.routeQueries = routeQueries;
        this.routeNames = routeNames;
        this.config = config.admin();
        this.secureCookie = config.console().secureCookie();
        this.sessions = new ConsoleSession(this.config.token(), pool);
        this.limiter = limiter;
        this.json = json;
        this.events = events;
        this.rejections = rejections;
        this.replays = replays;
        this.jobs = jobs;
        this.overview = overview;
        this.sources = sources;
        this.reconcileTargets = reconcileTargets;
        this.reconciler = reconciler;
    }

    void register(@Observes ManagementInterface management) {
        if (!config.enabled()) {
            return;
        }
        Router router = management.router();
        router.route("/console*").handler(this::securityHeaders);
        router.route("/console/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.get("/console/static/:file").handler(this::asset);
        router.get("/console/login").handler(rc -> html(rc, 200, Templates.login(null)));
        router.post("/console/login").handler(this::login);
        router.route("/console*").handler(this::requireSession);
        router.post("/console/*").handler(this::requireCsrf);
        router.post("/console/logout").handler(this::logout);
        router.get("/console/").handler(rc -> render(rc, overview.bySource().map(stats -> Templates.overview(
                page(rc, "overview"), stats))));
        router.get("/console/events").handler(this::eventList);
        router.get("/console/events/:id").handler(this::eventPage);
        router.get("/console/events/:id/payload").handler(this::payload);
        router.post("/console/events/:id/replay").handler(this::replay);
        router.get("/console/rejections").handler(this::rejectionList);
        router.get("/console/replays").handler(rc -> html(rc, 200, Templates.replays(page(rc, "replays"),
                Filters.from(rc.request()::getParam), null)));
        router.post("/console/replays").handler(this::bulkReplay);
        router.get("/console/replays/:id").handler(rc -> render(rc, jobs.get(uuid(rc)).map(job -> job == null ? null
                : Templates.replay(page(rc, "replays"), job))));
        router.post("/console/replays/:id/cancel").handler(rc -> jobs.cancel(uuid(rc)).subscribe().with(
                job -> seeOther(rc, "/console/replays/" + uuid(rc)), rc::fail));
        router.get("/console/sources").handler(rc -> render(rc, routeQueries.all().map(views -> Templates.sources(
                page(rc, "sources"), sourceViews(), views))));
        router.post("/console/sources/:name/reconcile").handler(this::reconcile);
        router.route("/console*").failureHandler(this::failure);
    }

    private void securityHeaders(RoutingContext rc) {
        rc.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Frame-Options", "DENY")
                .putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store");
        rc.next();
    }

    private void asset(RoutingContext rc) {
        String file = rc.pathParam("file");
        String type = file.endsWith(".css") ? "text/css; charset=utf-8"
                : file.endsWith(".js") ? "text/javascript; charset=utf-8" : null;
        if (type == null || !file.matches("[a-z-]+\\.(css|js)")) {
            rc.response().setStatusCode(404).end();
            return;
        }
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + file)) {
            if (in == null) {
                rc.response().setStatusCode(404).end();
                return;
            }
            rc.response().putHeader("Content-Type", type).putHeader("Cache-Control", "max-age=300")
                    .end(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            rc.fail(e);
        }
    }

    /** The admin token, unless this client (or everyone) failed too often this minute (AuthLimiter): then 429. */
    private void login(RoutingContext rc) {
        String client = AdminRoutes.client(rc);
        if (AdminRoutes.tooManyFailures(rc, limiter, client, "console", json)) {
            return;
        }
        if (!sessions.tokenMatches(rc.request().getFormAttribute("token"))) {
            limiter.failed(client);
            limiter.refused("console", "unauthorized");
            Log.warnf("console sign-in refused from %s", client);
            html(rc, 401, Templates.login(config.token().filter(t -> !t.isBlank()).isEmpty()
                    ? "No admin token is configured (hookgate.admin.token): the console is closed."
                    : "That is not the admin token."));
            return;
        }
        sessions.issue().subscribe().with(session -> {
            rc.response().addCookie(cookie(session, rc.request().isSSL()).setMaxAge(ConsoleSession.LIFETIME.toSeconds()));
            seeOther(rc, "/console/");
        }, rc::fail);
    }

    /** Deletes the session server-side, so that a copy of the cookie stops working too, and clears the cookie. */
    private void logout(RoutingContext rc) {
        sessions.revoke(session(rc)).subscribe().with(x -> {
            rc.response().addCookie(cookie("", rc.request().isSSL()).setMaxAge(0));
            seeOther(rc, "/console/login");
        }, rc::fail);
    }

    /** Secure unless hookgate.console.secure-cookie=false (and then still over TLS). */
    private Cookie cookie(String value, boolean tls) {
        return Cookie.cookie(ConsoleSession.COOKIE, value).setPath("/console").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(secureCookie || tls);
    }

    /** Without a valid session nothing but the sign-in page: a GET is sent there, anything else is refused. */
    private void requireSession(RoutingContext rc) {
        sessions.valid(session(rc)).subscribe().with(valid -> {
            if (valid) {
                rc.next();
            } else if ("GET".equals(rc.request().method().name())) {
                seeOther(rc, "/console/login");
            } else {
                html(rc, 401, Templates.login("Sign in again: the session ended."));
            }
        }, rc::fail);
    }

    private void requireCsrf(RoutingContext rc) {
        if (sessions.csrfMatches(session(rc), rc.request().getFormAttribute("csrf"))) {
            rc.next();
        } else {
            Log.warnf("console %s refused: no valid CSRF token", rc.request().path());
            html(rc, 403, Templates.error(page(rc, ""), 403, "This form is stale or did not come from the console: "
                    + "reload the page and try again."));
        }
    }

    private void eventList(RoutingContext rc) {
        Filters filters = Filters.from(rc.request()::getParam);
        EventFilter filter = EventFilter.from(filters.asParams());
        Cursor cursor = Cursor.decode(rc.request().getParam("cursor"));
        routeNames.check(filter);
        render(rc, events.list(filter, cursor, PAGE_SIZE).map(page -> Templates.events(page(rc, "events"), filters, page,
                List.copyOf(routes.all().keySet()))));
    }

    private void eventPage(RoutingContext rc) {
        String replayed = rc.request().getParam("replayed");
        String to = rc.request().getParam("to");
        render(rc, events.load(uuid(rc)).onItem().ifNotNull().transformToUni(event -> events.deliveriesOf(event)
                .map(deliveries -> Templates.event(page(rc, "events", replayNotice(replayed, to, deliveries), null), event,
                        PayloadView.of(event.payload(), event.summary().contentType()), deliveries,
                        routes.ofSource(event.summary().source()).stream().map(ConfiguredRoute::name).toList()))));
    }

    /** What the last replay did: AMQP deliveries were accepted by the broker, HTTP ones are only due again. */
    private static String replayNotice(String replayed, String to, List<DeliveryView> deliveries) {
        if (replayed == null) {
            return null;
        }
        boolean http = deliveries.stream().anyMatch(d -> "http".equals(d.kind()) && (to == null || to.equals(d.route())));
        return "Replayed" + (to == null ? "" : " to " + to) + (http
                ? ": AMQP deliveries were accepted by the broker, HTTP ones are due again (replay " + replayed + ")."
                : ": the broker accepted it (replay " + replayed + ").");
    }

    /** The exact stored bytes, as a download: never rendered, whatever their content type. */
    private void payload(RoutingContext rc) {
        UUID id = uuid(rc);
        events.load(id).subscribe().with(event -> {
            if (event == null) {
                html(rc, 404, Templates.error(page(rc, "events"), 404, "No such event."));
                return;
            }
            rc.response().putHeader("Content-Type", "application/octet-stream")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + id + ".body\"")
                    .end(event.payload());
        }, rc::fail);
    }

    /** Replays the event to every delivery it has, or to the one route of the form's route field. */
    private void replay(RoutingContext rc) {
        UUID id = uuid(rc);
        String route = EventFilter.blankToNull(rc.request().getFormAttribute("route"));
        replays.replay(id, route).subscribe().with(result -> {
            if (result == null) {
                html(rc, 404, Templates.error(page(rc, "events"), 404, "No such event."));
            } else {
                seeOther(rc, "/console/events/" + id + "?replayed=" + result.replayCount()
                        + (route == null ? "" : "&to=" + URLEncoder.encode(route, StandardCharsets.UTF_8)));
            }
        }, rc::fail);
    }

    private void rejectionList(RoutingContext rc) {
        Filters filters = Filters.from(rc.request()::getParam);
        OffsetDateTime since = EventFilter.instant("since", filters.since());
        render(rc, rejections.list(EventFilter.blankToNull(filters.source()), EventFilter.blankToNull(filters.reason()),
                since, PAGE_SIZE).map(items -> Templates.rejections(page(rc, "rejections"), filters, items)));
    }

    private void bulkReplay(RoutingContext rc) {
        Filters filters = Filters.from(rc.request()::getFormAttribute);
        boolean dryRun = !"start".equals(rc.request().getFormAttribute("action"));
        EventFilter filter = EventFilter.from(filters.asParams());
        jobs.create(filter, dryRun).subscribe().with(answer -> {
            if (answer instanceof ReplayDryRun count) {
                html(rc, 200, Templates.replays(page(rc, "replays"), filters, count));
            } else {
                seeOther(rc, "/console/replays/" + ((ReplayJobView) answer).id());
            }
        }, rc::fail);
    }

    private void reconcile(RoutingContext rc) {
        String name = rc.pathParam("name");
        ReconcileTarget target = reconcileTargets.find(name);
        if (target == null) {
            throw new BadRequestException("source " + name + " does not reconcile");
        }
        boolean dryRun = "on".equals(rc.request().getFormAttribute("dryRun"));
        reconciler.startManual(target, null, null, dryRun).subscribe().with(
                run -> render(rc, routeQueries.all().map(views -> Templates.sources(page(rc, "sources",
                        "Reconcile run " + run.id + " of " + name + " started" + (dryRun ? " (dry run)" : "") + ".", null),
                        sourceViews(), views))),
                rc::fail);
    }

    private List<SourceView> sourceViews() {
        return sources.all().values().stream().map(s -> SourceView.of(s, reconcileTargets.find(s.name()),
                routes.ofSource(s.name()).stream().map(ConfiguredRoute::name).toList())).toList();
    }

    private void failure(RoutingContext rc) {
        Throwable failure = rc.failure();
        int status;
        String message;
        if (failure instanceof BadRequestException bad) {
            status = 400;
            message = bad.getMessage();
        } else if (failure instanceof ProblemException problem) {
            status = problem.status();
            message = problem.getMessage();
        } else if (failure instanceof AlreadyRunningException running) {
            status = 409;
            message = running.getMessage();
        } else if (failure instanceof TooManyReplayJobsException tooMany) {
            status = 409;
            message = tooMany.getMessage();
        } else if (failure instanceof io.hookgate.publish.BrokerRejectedException broker) {
            status = 503;
            message = "The broker did not accept it: " + broker.getMessage();
        } else {
            Log.warnf(failure, "console request %s %s failed", rc.request().method(), rc.request().path());
            status = 500;
            message = "Something went wrong; the hookgate log has the details.";
        }
        html(rc, status, Templates.error(page(rc, ""), status, message));
    }

    /** Renders the page the Uni gives; no page (null) is a 404. */
    private void render(RoutingContext rc, Uni<TemplateInstance> page) {
        page.subscribe().with(template -> {
            if (template == null) {
                html(rc, 404, Templates.error(page(rc, ""), 404, "Not found."));
            } else {
                html(rc, 200, template);
            }
        }, rc::fail);
    }

    private void html(RoutingContext rc, int status, TemplateInstance template) {
        if (rc.response().ended()) {
            return;
        }
        template.renderAsync().whenComplete((html, failure) -> {
            if (failure != null) {
                Log.warnf(failure, "console page %s could not be rendered", rc.request().path());
                if (!rc.response().ended()) {
                    rc.response().setStatusCode(500).end();
                }
                return;
            }
            if (!rc.response().ended()) {
                rc.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
            }
        });
    }

    /** 303: after a POST the browser GETs the next page, so a reload never repeats the action. */
    private static void seeOther(RoutingContext rc, String location) {
        if (!rc.response().ended()) {
            rc.response().setStatusCode(303).putHeader("Location", location).end();
        }
    }

    private ConsolePage page(RoutingContext rc, String nav) {
        return page(rc, nav, null, null);
    }

    private ConsolePage page(RoutingContext rc, String nav, String notice, String error) {
        String session = session(rc);
        return new ConsolePage(nav, session == null ? "" : sessions.csrf(session), List.copyOf(sources.all().keySet()),
                notice, error);
    }

    private static String session(RoutingContext rc) {
        Cookie cookie = rc.request().getCookie(ConsoleSession.COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    private static UUID uuid(RoutingContext rc) {
        try {
            return UUID.fromString(rc.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("not an id: " + rc.pathParam("id"));
        }
    }
}
