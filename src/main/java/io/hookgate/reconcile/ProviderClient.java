package io.hookgate.reconcile;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Calls one provider's API for one reconcile run, within its rate limits. A 429 (and GitHub's 403 with
 * x-ratelimit-remaining: 0 or a Retry-After) waits for Retry-After or x-ratelimit-reset and tries again; a 5xx or a failed connection
 * backs off 1 s, 2 s, 4 s, 8 s; 401 and 403 stop the run at once with the key to fix; a wait longer than max-wait
 * fails the run. The token only goes to the api-url's origin: a 3xx fails the run (the WebClient follows no
 * redirects) and a URL of another origin is never requested. Vert.x WebClient, not the Quarkus REST client: the base URL and token are per source, known from
 * configuration only at run time, and every answer's status, headers and exact bytes are needed, 4xx and 5xx too.
 */
final class ProviderClient {

    private static final int MAX_RETRIES = 4;

    private final WebClient web;
    private final ReconcileTarget target;
    private final long timeoutMillis;
    private final Duration maxWait;
    private final AtomicInteger requests = new AtomicInteger();

    ProviderClient(WebClient web, ReconcileTarget target, Duration timeout, Duration maxWait) {
        this.web = web;
        this.target = target;
        this.timeoutMillis = timeout.toMillis();
        this.maxWait = maxWait;
    }

    /** The answer, once it is a 2xx. */
    Uni<HttpResponse<Buffer>> get(String url) {
        return send(HttpMethod.GET, url, 0);
    }

    Uni<HttpResponse<Buffer>> post(String url) {
        return send(HttpMethod.POST, url, 0);
    }

    /** Requests sent so far, retries included. */
    int requests() {
        return requests.get();
    }

    private Uni<HttpResponse<Buffer>> send(HttpMethod method, String url, int retry) {
        if (!target.origin().equals(ReconcileTarget.originOf(url))) { // callers check first; this is the last guard
            return Uni.createFrom().failure(new ReconcileException("not sending the " + target.provider().code()
                    + " token to " + ReconcileTarget.originOf(url) + ": only to the origin of hookgate.sources."
                    + target.name() + ".reconcile.api-url (" + target.origin() + ")"));
        }
        HttpRequest<Buffer> request = web.requestAbs(method, url).timeout(timeoutMillis)
                .putHeader("Authorization", "Bearer " + target.token())
                .putHeader("User-Agent", "hookgate-reconcile");
        if (target.provider() == Provider.GITHUB) {
            request.putHeader("Accept", "application/vnd.github+json").putHeader("X-GitHub-Api-Version", "2022-11-28");
        }
        requests.incrementAndGet();
        return request.send()
                .onFailure().recoverWithUni(failure -> retry(method, url, retry, backoff(retry),
                        "could not reach " + target.provider().code() + " (" + failure.getMessage() + ")"))
                .onItem().transformToUni(response -> answer(method, url, retry, response));
    }

    private Uni<HttpResponse<Buffer>> answer(HttpMethod method, String url, int retry, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return Uni.createFrom().item(response);
        }
        String provider = target.provider().code();
        // GitHub answers its rate limits with 403 (or 429) and x-ratelimit-remaining: 0 or a Retry-After.
        if (status == 429 || (status == 403 && ("0".equals(response.getHeader("x-ratelimit-remaining"))
                || response.getHeader("Retry-After") != null))) {
            return retry(method, url, retry, rateLimitWait(response), provider + " rate limit (" + status + ")");
        }
        if (status == 401 || status == 403) {
            throw new ReconcileException(provider + " refused the token (" + status + " on " + method + " "
                    + pathOf(url) + "): check hookgate.sources." + target.name() + ".reconcile.token and its permissions");
        }
        if (status >= 500) {
            return retry(method, url, retry, backoff(retry), provider + " answered " + status);
        }
        if (status >= 300 && status < 400) {
            String location = response.getHeader("Location");
            String to = location == null ? null : ReconcileTarget.originOf(location);
            throw new ReconcileException(provider + " answered " + status + " (a redirect" + (to == null ? "" : " to " + to)
                    + ") to " + method + " " + pathOf(url) + ": redirects are not followed, so that the token only goes "
                    + "to hookgate.sources." + target.name() + ".reconcile.api-url; point it at the API itself");
        }
        throw new ReconcileException(provider + " answered " + status + " to " + method + " " + pathOf(url));
    }

    private Uni<HttpResponse<Buffer>> retry(HttpMethod method, String url, int retry, Duration wait, String why) {
        if (retry >= MAX_RETRIES) {
            throw new ReconcileException(why + " on " + method + " " + pathOf(url) + ", " + (retry + 1) + " times");
        }
        if (wait.compareTo(maxWait) > 0) {
            throw new ReconcileException(why + ": asked to wait " + wait.toSeconds() + " s, more than "
                    + "hookgate.reconcile.max-wait (" + maxWait.toSeconds() + " s)");
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(wait)
                .onItem().transformToUni(x -> send(method, url, retry + 1));
    }

    private static Duration backoff(int retry) {
        return Duration.ofSeconds(1L << retry);
    }

    /** Retry-After in seconds or as an HTTP date, else GitHub's x-ratelimit-reset (epoch seconds), else 1 s. */
    static Duration rateLimitWait(HttpResponse<Buffer> response) {
        String retryAfter = response.getHeader("Retry-After");
        if (retryAfter != null) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.strip())));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(retryAfter.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    return Duration.ofMillis(Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis()));
                } catch (DateTimeParseException unusable) {
                    // fall through
                }
            }
        }
        String reset = response.getHeader("x-ratelimit-reset");
        if (reset != null) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(reset.strip()) - System.currentTimeMillis() / 1000));
            } catch (NumberFormatException unusable) {
                // fall through
            }
        }
        return Duration.ofSeconds(1);
    }

    /** The path without the query: what an error message may show. */
    private static String pathOf(String url) {
        String noQuery = url.split("\\?", 2)[0];
        int scheme = noQuery.indexOf("://");
        int slash = scheme < 0 ? -1 : noQuery.indexOf('/', scheme + 3);
        return slash < 0 ? noQuery : noQuery.substring(slash);
    }
}
