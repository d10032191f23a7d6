package io.hookgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Everything under {@code hookgate.*}. Sources are GitOps-style: one map entry per provider endpoint. */
@ConfigMapping(prefix = "hookgate")
public interface HookgateConfig {

    /** The URL providers use to reach this gateway, e.g. https://hooks.example.com. Twilio signs it. */
    @WithName("public-base-url")
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    /** The configured webhook sources, keyed by the {source} path segment. */
    Map<String, Source> sources();

    /** The ingest hot path. */
    Ingest ingest();

    /** Publishing to the AMQP broker. */
    Publish publish();

    /** Rejection records. */
    Rejections rejections();

    /** The admin API on the management port. */
    Admin admin();

    /** The on-call console at /console on the management port. */
    Console console();

    /** How long events, rejections and replay jobs are kept. */
    Retention retention();

    /** The time partitions of events and deliveries (README "Storage"). */
    Storage storage();

    /** Reconciliation against the providers' own logs (enabled per source, under sources.<name>.reconcile). */
    Reconcile reconcile();

    /**
     * Routes, keyed by name: which of a source's events go where (README "Routes"). A source without routes publishes
     * every event to its own AMQP address; a source with routes delivers each event to every route that matches it.
     */
    Map<String, Route> routes();

    /** Delivery to the routes' HTTP destinations. */
    Delivery delivery();

    interface Route {
        /** The source whose events this route takes (hookgate.sources.<name>). */
        String source();

        /** Comma-separated globs of event types, e.g. "invoice.*, customer.created"; absent: every type. */
        Optional<String> types();

        /** A JSON match on the stored headers and body (docs/route-filters.md); absent: every event. */
        Optional<String> filter();

        /** amqp:<address>, or the http:// or https:// URL events are POSTed to. */
        String destination();

        /** HTTP: a whsec_ secret; deliveries are then signed the Standard Webhooks way (webhook-id = event id). */
        @WithName("signing-secret")
        Optional<String> signingSecret();

        /** HTTP: one attempt, from connecting to the last byte of the answer, at most. */
        @WithDefault("10s")
        Duration timeout();

        /** HTTP: attempts started per second, at most, by each replica; absent: no limit. */
        @WithName("rate-limit")
        Optional<Double> rateLimit();

        /** HTTP: attempts in flight at once, at most, per replica. */
        @WithDefault("16")
        int concurrency();

        /** HTTP: extra request headers, e.g. headers.authorization=Bearer ... (their values are never shown). */
        Map<String, String> headers();

        /** HTTP: the retry schedule. */
        RouteRetry retry();

        /** HTTP: the circuit breaker. */
        RouteCircuit circuit();
    }

    interface RouteRetry {
        /** Failed attempts (errors, timeouts, non-2xx other than a 429 or 503 with Retry-After) before FAILED. */
        @WithDefault("12")
        int attempts();

        /** The wait after the first failure; it doubles per failure (with up to 20 % jitter), up to backoff-max. */
        @WithName("backoff-initial")
        @WithDefault("5s")
        Duration backoffInitial();

        /** The longest wait between two attempts. */
        @WithName("backoff-max")
        @WithDefault("1h")
        Duration backoffMax();

        /** A delivery that still fails this long after the event was received is FAILED, whatever its attempts. */
        @WithName("max-age")
        @WithDefault("3d")
        Duration maxAge();

        /** The longest Retry-After honoured; a longer one is cut to this. */
        @WithName("max-retry-after")
        @WithDefault("1h")
        Duration maxRetryAfter();
    }

    interface RouteCircuit {
        /** Failed attempts in a row that open the circuit: no more attempts until open-for has passed. */
        @WithDefault("5")
        int failures();

        /** How long an open circuit waits before one probe (half-open); its success closes the circuit. */
        @WithName("open-for")
        @WithDefault("30s")
        Duration openFor();
    }

    interface Delivery {
        /** How often each replica looks for due HTTP deliveries (an event just stored is looked for at once). */
        @WithName("poll-interval")
        @WithDefault("1s")
        Duration pollInterval();

        /** Deliveries one route claims per round, at most. */
        @WithName("batch-size")
        @WithDefault("100")
        int batchSize();

        /** Bytes of a destination's answer kept with each attempt. */
        @WithName("response-excerpt")
        @WithDefault("512")
        MemorySize responseExcerpt();

        /** Attempts kept per delivery (the latest ones); the counts and the last error are always kept. */
        @WithName("attempt-log-size")
        @WithDefault("20")
        int attemptLogSize();
    }

    interface Reconcile {
        /** How often each replica looks for a source whose reconciliation is due; "off" disables scheduled runs. */
        @WithName("check-interval")
        @WithDefault("1m")
        String checkInterval();

        /** One request to the provider's API, at most. */
        @WithName("request-timeout")
        @WithDefault("30s")
        Duration requestTimeout();

        /** The longest Retry-After or back-off a run waits for; a longer one fails the run. */
        @WithName("max-wait")
        @WithDefault("2m")
        Duration maxWait();

        /** Missing events a run holds before it stores them (a malformed page must store nothing). */
        @WithName("max-missing")
        @WithDefault("100000")
        int maxMissing();

        /**
         * Accept an http:// api-url. Off: the provider token only ever travels over TLS. For local fakes of the
         * providers' APIs (tests, the local profile), never in production.
         */
        @WithName("allow-insecure-http")
        @WithDefault("false")
        boolean allowInsecureHttp();
    }

    /** Per source: compare what was stored with the provider's event log, and fetch what was missed. */
    interface SourceReconcile {
        /** Opt-in; only for the stripe and github schemes. */
        @WithDefault("false")
        boolean enabled();

        /** A Stripe secret or restricted key with read access to events, or a GitHub token. From a Secret. */
        Optional<String> token();

        /** GitHub: repos/{owner}/{repo}/hooks/{id}, orgs/{org}/hooks/{id} or app. */
        @WithName("github-hook")
        Optional<String> githubHook();

        /** How often a run starts. */
        @WithDefault("1h")
        Duration interval();

        /** How far back a run looks; capped at what the provider keeps (Stripe 30 days, GitHub 3 days). */
        @WithDefault("3d")
        Duration lookback();

        /** The provider's API; default https://api.stripe.com or https://api.github.com. */
        @WithName("api-url")
        Optional<String> apiUrl();

        /**
         * Stripe: the event types the webhook endpoint subscribes to (at most 20). Stripe's event list holds every
         * event of the account; without this, reconciliation would store types the endpoint never sends.
         */
        @WithName("event-types")
        Optional<List<String>> eventTypes();
    }

    interface Admin {
        /** Serve /admin/* on the management port. */
        @WithDefault("true")
        boolean enabled();

        /** Bearer token for /admin/*; required in the prod profile while the admin API is enabled. */
        Optional<String> token();

        /** Messages a bulk replay publishes per second, at most. */
        @WithName("replay-rate")
        @WithDefault("100")
        int replayRate();

        /** Largest page a listing returns. */
        @WithName("max-page-size")
        @WithDefault("500")
        int maxPageSize();

        /**
         * Bulk replay jobs RUNNING at once in the whole cluster, at most; one more is refused with 409
         * too_many_replay_jobs. A dry run is always allowed.
         */
        @WithName("max-replay-jobs")
        @WithDefault("4")
        int maxReplayJobs();

        /** Failed authentications (admin API and console sign-in) allowed per minute before 429. */
        @WithName("auth-limit")
        AuthLimit authLimit();
    }

    interface AuthLimit {
        /** Failed authentications one client address may make per minute (per replica); then 429 with Retry-After. */
        @WithName("per-client")
        @WithDefault("10")
        int perClient();

        /**
         * Failed authentications of all clients together per minute (per replica); then everyone gets 429 until the
         * minute ends. Behind kubectl port-forward every client has the same address: this is the bound that holds.
         */
        @WithDefault("30")
        int global();
    }

    interface Console {
        /**
         * Mark the session cookie Secure, so that a browser only sends it over HTTPS (browsers count
         * http://localhost, as kubectl port-forward gives it, as secure too). False only for a plain-http host name
         * other than localhost, e.g. in tests.
         */
        @WithName("secure-cookie")
        @WithDefault("true")
        boolean secureCookie();
    }

    interface Storage {
        /**
         * The span of received time one partition of events (and of deliveries) holds: a whole number of hours that
         * divides a day, or of days. Applies to the partitions created from now on; existing ones keep theirs.
         */
        @WithName("partition-width")
        @WithDefault("1d")
        Duration partitionWidth();

        /** How far past now partitions exist: PartitionMaintenance creates them before they are needed. */
        @WithName("create-ahead")
        @WithDefault("3d")
        Duration createAhead();

        /** How often each replica creates the partitions ahead and drops the expired ones. */
        @WithName("maintenance-interval")
        @WithDefault("10m")
        Duration maintenanceInterval();

        /**
         * The longest partition maintenance waits for its locks: creating or dropping a partition locks the parent
         * table, and a DDL waiting in the lock queue would hold up every insert behind it.
         */
        @WithName("lock-timeout")
        @WithDefault("2s")
        Duration lockTimeout();
    }

    interface Retention {
        /**
         * Events (with their deliveries) are kept this long at least: a partition is dropped once its whole span is
         * older than this and none of its deliveries is still pending. Rejections and finished jobs older than this
         * are purged.
         */
        @WithName("max-age")
        @WithDefault("30d")
        Duration maxAge();

        /** Rows deleted per statement (rejections, jobs and runs), so a purge never holds long locks. */
        @WithName("batch-size")
        @WithDefault("1000")
        int batchSize();

        /** How often the purge runs. */
        @WithDefault("10m")
        Duration interval();
    }

    interface Source {
        /** The verification scheme: github, stripe, slack, shopify, standard-webhooks, twilio, hmac, token or none. */
        String scheme();

        /** Signing secrets. Several allow zero-downtime rotation: a signature matching any of them passes. */
        Optional<List<String>> secrets();

        /** How far a signed timestamp may be from now, either way. */
        @WithDefault("5m")
        Duration tolerance();

        /** Bodies larger than this are refused with 413 while they are read. */
        @WithName("max-body-size")
        @WithDefault("1M")
        MemorySize maxBodySize();

        /** The AMQP address events are published to; default webhooks.{source}. */
        Optional<String> address();

        /** The URL as the provider calls it; default public-base-url + /webhooks/{source}. */
        @WithName("public-url")
        Optional<String> publicUrl();

        /** Header holding the provider's event id (overrides the scheme's default). */
        @WithName("id-header")
        Optional<String> idHeader();

        /** JSON pointer to the provider's event id in the body (overrides the scheme's default). */
        @WithName("id-json-pointer")
        Optional<String> idJsonPointer();

        /** Header holding the event type (overrides the scheme's default). */
        @WithName("type-header")
        Optional<String> typeHeader();

        /** JSON pointer to the event type in the body (overrides the scheme's default). */
        @WithName("type-json-pointer")
        Optional<String> typeJsonPointer();

        /** hmac and token schemes: the header carrying the signature or the token. */
        Optional<String> header();

        /** hmac scheme: sha1, sha256 or sha512. */
        @WithDefault("sha256")
        String algorithm();

        /** hmac scheme: hex or base64. */
        @WithDefault("hex")
        String encoding();

        /** hmac and token schemes: a literal prefix before the signature, e.g. "sha256=". */
        Optional<String> prefix();

        /** hmac scheme: what is signed; {body} and {header:Name} are replaced. Default: the body alone. */
        @WithName("signed-content")
        @WithDefault("{body}")
        String signedContent();

        /** hmac scheme: a header holding a unix timestamp to check against the tolerance. */
        @WithName("timestamp-header")
        Optional<String> timestampHeader();

        /** Reconciliation against the provider's event log (stripe and github). */
        SourceReconcile reconcile();
    }

    interface Ingest {
        /** Most events written in one INSERT; concurrent requests share it (group commit). */
        @WithName("batch-size")
        @WithDefault("256")
        int batchSize();

        /**
         * The most insert batches in flight at once. Below it, hookgate keeps about (commit latency / batch-linger)
         * + 1 in flight (at least 2), so that under load a batch leaves once per linger however long a commit
         * takes; without a linger this is the limit. Measured on the 2-core bench machine against its PostgreSQL
         * (commits of 2-6 ms): fixed 2, 4 and 8 slots gave the same throughput within noise (bench/README.md).
         */
        @WithName("max-concurrent-batches")
        @WithDefault("8")
        int maxConcurrentBatches();

        /**
         * A batch that is not full leaves only once the previous batch left this long ago, or once its oldest
         * request has waited this long: under load, about one INSERT per linger per instance. After a quiet
         * spell a request leaves at once. 0 sends whenever a slot is free.
         */
        @WithName("batch-linger")
        @WithDefault("2ms")
        Duration batchLinger();

        /** Requests waiting for the database past this answer 503 with Retry-After. */
        @WithName("db-timeout")
        @WithDefault("5s")
        Duration dbTimeout();

        /** Requests queued for the database past this many are refused with 503 at once. */
        @WithName("max-queued")
        @WithDefault("10000")
        int maxQueued();

        /** A body must arrive completely within this time (slow-body defence); otherwise 408. */
        @WithName("body-timeout")
        @WithDefault("10s")
        Duration bodyTimeout();

        /**
         * Body bytes all webhook requests of this instance may hold at once, from the first byte read until the
         * answer is sent; a request that would go past it gets 503 with Retry-After. Counted as bytes arrive, never
         * from Content-Length, so headers alone reserve nothing. Sized for the chart's 256 MiB heap: a body is
         * copied about three times on its way to the database.
         */
        @WithName("max-inflight-body-bytes")
        @WithDefault("32M")
        MemorySize maxInflightBodyBytes();

        /**
         * The most of max-inflight-body-bytes one source's requests may hold (at least that source's max-body-size),
         * so that a flood of large bodies sent to one source leaves room for the others' deliveries.
         */
        @WithName("max-inflight-body-bytes-per-source")
        @WithDefault("8M")
        MemorySize maxInflightBodyBytesPerSource();

        /** Webhook requests of this instance between their headers and their answer; past it, 503 with Retry-After. */
        @WithName("max-inflight-requests")
        @WithDefault("2000")
        int maxInflightRequests();

        /** Bytes (payloads and headers) waiting for an insert batch, at most; past it, 503 with Retry-After. */
        @WithName("max-queued-bytes")
        @WithDefault("32M")
        MemorySize maxQueuedBytes();

        /**
         * Per source whose scheme signs neither a timestamp nor an id (github, shopify, twilio): how many recent
         * signatures are remembered, each until it has not been seen for the source's tolerance, so that a captured
         * request replayed under a fresh id header is answered as a duplicate. About 220 bytes each
         * (ReplayCacheMemoryBench: 4.2 MiB per full source at the default); 0 turns it off.
         */
        @WithName("replay-cache-size")
        @WithDefault("20000")
        int replayCacheSize();

        /** The Retry-After value sent with a 503. */
        @WithName("retry-after")
        @WithDefault("5s")
        Duration retryAfter();
    }

    /** What hookgate asks the broker to create when it opens a link to an address. */
    enum Declare {
        /**
         * A durable link target with the "queue" capability: RabbitMQ 3.x declares a durable classic queue of that
         * name, Artemis auto-creates an anycast queue.
         */
        QUEUE,
        /**
         * Nothing: the queue was declared by the platform team (a RabbitMQ quorum queue, RabbitMQ 4.x /queues/NAME,
         * an Artemis address without auto-create), and hookgate checks that it exists before it sends.
         */
        NONE
    }

    interface Publish {
        /** Prepended to every source address, e.g. "/amq/queue/" for pre-declared RabbitMQ 3.x queues (README). */
        @WithName("address-prefix")
        @WithDefault("")
        Optional<String> addressPrefix();

        /** queue: have the broker create a durable queue per address; none: attach to queues that already exist. */
        @WithDefault("queue")
        Declare declare();

        /** How often the relay looks for PENDING events. */
        @WithName("relay-interval")
        @WithDefault("2s")
        Duration relayInterval();

        /**
         * Events the relay claims per round; rounds follow each other while they come back full. After a 60 s broker
         * outage at 2,500 events/s on the bench machine, 500 drained the 150,000-event backlog no faster than 200
         * (55 s either way) and tripled the ingest p99 meanwhile (bench/README.md).
         */
        @WithName("relay-batch-size")
        @WithDefault("200")
        int relayBatchSize();

        /** Only events PENDING for longer than this are re-published by the relay (the live path owns fresh ones). */
        @WithName("relay-grace")
        @WithDefault("5s")
        Duration relayGrace();

        /** First backoff after a failed publish; doubles per attempt. */
        @WithName("backoff-initial")
        @WithDefault("1s")
        Duration backoffInitial();

        /** Longest backoff between publish attempts. */
        @WithName("backoff-max")
        @WithDefault("5m")
        Duration backoffMax();

        /** AMQP heartbeat: a broker silent for this long counts as gone. */
        @WithName("idle-timeout")
        @WithDefault("10s")
        Duration idleTimeout();

        /** Delay between reconnect attempts while the broker is down. */
        @WithName("reconnect-interval")
        @WithDefault("1s")
        Duration reconnectInterval();

        /**
         * Broker acceptances are recorded (PUBLISHED) at most once per this interval, all in one statement: a
         * commit per handful of events cost as much database CPU as the inserts. Keep it far below relay-grace.
         */
        @WithName("mark-delay")
        @WithDefault("20ms")
        Duration markDelay();

        /** How long to wait for the broker to settle one message. */
        @WithName("send-timeout")
        @WithDefault("10s")
        Duration sendTimeout();
    }

    interface Rejections {
        /** How many body bytes of a rejected request are kept. */
        @WithName("body-excerpt")
        @WithDefault("4K")
        MemorySize bodyExcerpt();

        /** At most this many rejection records are kept; older ones are pruned. */
        @WithName("max-rows")
        @WithDefault("100000")
        long maxRows();

        /** Rejection records written per second at most; the rest are counted and logged only. */
        @WithName("max-per-second")
        @WithDefault("50")
        int maxPerSecond();

        /** Rejection log lines written per second at most; the rest are summarised every 10 s. */
        @WithName("max-log-lines-per-second")
        @WithDefault("20")
        int maxLogLinesPerSecond();
    }
}
