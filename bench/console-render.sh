#!/usr/bin/env bash
# Time to first render of the console's events page with many stored events, measured in the browser.
#
# Against a hookgate that is already running with the local profile (./mvnw -Plocal quarkus:dev, or the -Plocal jar
# as bench/run.sh starts it), this script
#   1. stores EVENTS events (default 1,000,000) with one INSERT ... SELECT generate_series into its embedded
#      PostgreSQL (127.0.0.1:15432, postgres/postgres: the %local keys in application.properties), unless they are
#      there already, then VACUUM ANALYZEs the table: half on github-demo, half on stripe-demo, five event types
#      each, received over the last 30 days, PUBLISHED, a 640-byte JSON body and a few headers each;
#   2. signs in to the console in headless Chromium (playwright-core from src/test/browser, Debian's chromium) and
#      loads each page LOADS times (default 5), printing the median of the navigation timing (TTFB, responseEnd,
#      domContentLoaded) and of first-contentful-paint, from performance.getEntriesByType('navigation'/'paint');
#   3. prints how PostgreSQL runs the events page's query for each filter (EXPLAIN ANALYZE: plan and time).
#
# Needs psql, node 20+, /usr/bin/chromium and `cd src/test/browser && npm ci`. The events stay in the local database
# (.hookgate/ by default): delete them with
#   psql postgresql://postgres:postgres@127.0.0.1:15432/postgres -c "DELETE FROM events WHERE dedup_key LIKE 'bench-console-%'"
#
# Environment overrides: EVENTS [1000000]  LOADS [5]  CONSOLE_URL [http://localhost:9000/console]
#   ADMIN_TOKEN [local-admin-token-not-for-production]  PG_URL [postgresql://postgres:postgres@127.0.0.1:15432/postgres]  CHROMIUM
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

EVENTS=${EVENTS:-1000000}
LOADS=${LOADS:-5}
CONSOLE_URL=${CONSOLE_URL:-http://localhost:9000/console}
ADMIN_TOKEN=${ADMIN_TOKEN:-local-admin-token-not-for-production}
PG_URL=${PG_URL:-postgresql://postgres:postgres@127.0.0.1:15432/postgres}

log() { printf '[console-render %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v psql >/dev/null || die "psql is missing (apt-get install postgresql-client)"
command -v node >/dev/null || die "node is missing"
[[ -x "${CHROMIUM:-/usr/bin/chromium}" ]] || die "no ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)"
[[ -d "$REPO/src/test/browser/node_modules/playwright-core" ]] || die "run: cd src/test/browser && npm ci"
curl -fsS --max-time 5 -o /dev/null "$CONSOLE_URL/login" || die "no console at $CONSOLE_URL: start hookgate first (./mvnw -Plocal quarkus:dev)"

sql() { psql "$PG_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }

# ---- 1. the events -------------------------------------------------------------------------------------------------
# One event per n: even n on github-demo, odd on stripe-demo; 'bench-console-<n>' is its provider id.
last="bench-console-$EVENTS"
if [[ $(sql -tA -c "SELECT count(*) FROM events WHERE source IN ('github-demo', 'stripe-demo') AND dedup_key = '$last'") == 1 ]]; then
    log "the $EVENTS events are there already"
else
    log "storing $EVENTS events (one INSERT ... SELECT generate_series)"
    start=$(date +%s)
    sql -v events="$EVENTS" <<'SQL'
-- The 30 days of partitions they fall in (hookgate itself makes them from today on).
DO $$
DECLARE day timestamptz;
BEGIN
    FOR day IN SELECT generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '31 days',
                                      date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', interval '1 day')
    LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                       'events_p' || to_char(day AT TIME ZONE 'UTC', 'YYYYMMDD'), day, day + interval '1 day');
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF deliveries FOR VALUES FROM (%L) TO (%L)',
                       'deliveries_p' || to_char(day AT TIME ZONE 'UTC', 'YYYYMMDD'), day, day + interval '1 day');
    END LOOP;
END $$;
WITH e AS (
INSERT INTO events (id, source, dedup_key, event_type, received_at, content_type, headers, payload, origin)
SELECT gen_random_uuid(),
       CASE WHEN n % 2 = 0 THEN 'github-demo' ELSE 'stripe-demo' END,
       'bench-console-' || n,
       CASE WHEN n % 2 = 0
            THEN (ARRAY['push', 'pull_request', 'issues', 'workflow_run', 'check_suite'])[1 + (n / 2) % 5]
            ELSE (ARRAY['invoice.paid', 'customer.created', 'charge.succeeded', 'payment_intent.succeeded',
                        'customer.subscription.updated'])[1 + (n / 2) % 5] END,
       at, 'application/json',
       jsonb_build_object('content-type', jsonb_build_array('application/json'),
                          'user-agent', jsonb_build_array('bench-console'),
                          'x-hub-signature-256', jsonb_build_array('[redacted]')),
       convert_to('{"n":' || lpad(n::text, 7, '0') || ',"pad":"' || repeat('x', 620) || '"}', 'UTF8'), 'webhook'
FROM generate_series(1, :events) AS n,
     LATERAL (SELECT now() - (:events - n) * (interval '30 days' / :events)) AS t(at)
RETURNING id, received_at, source)
INSERT INTO deliveries (received_at, event_id, destination, source, state, attempts, delivered_at)
SELECT received_at, id, 'default', source, 'PUBLISHED', 1, received_at + interval '40 ms' FROM e;
VACUUM ANALYZE events;
VACUUM ANALYZE deliveries;
SQL
    log "stored in $(( $(date +%s) - start )) s"
fi
sql -tA -c "SELECT 'events table: ' || count(*) || ' rows, ' || pg_size_pretty(pg_total_relation_size('events')) FROM events" >&2

# ---- 2. the pages, in the browser ----------------------------------------------------------------------------------
mid=$(( EVENTS / 2 - (EVENTS / 2) % 2 ))   # an even n: a github-demo event
key="bench-console-$mid"
PAGES=$(cat <<JSON
[["overview", "/"],
 ["events, unfiltered", "/events"],
 ["events, source", "/events?source=github-demo"],
 ["events, source + type", "/events?source=github-demo&type=push"],
 ["events, type", "/events?type=push"],
 ["events, source + status", "/events?source=github-demo&status=PUBLISHED"],
 ["find by provider id (source any)", "/events?dedupKey=$key"],
 ["find by provider id + source", "/events?source=github-demo&dedupKey=$key"],
 ["events, older page (cursor)", "CURSOR"]]
JSON
)
# The "Older events" link of the unfiltered list: the second page.
next=$(curl -fsS -c - -o /dev/null --data-urlencode "token=$ADMIN_TOKEN" "$CONSOLE_URL/login" | awk '$6 == "hookgate_console" {print $7}')
cursor_link=$(curl -fsS -b "hookgate_console=$next" "$CONSOLE_URL/events" | sed -n 's/.*rel="next" href="\/console\([^"]*\)".*/\1/p' | sed 's/&amp;/\&/g')
PAGES=${PAGES/CURSOR/$cursor_link}
log "chromium: $("${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null | head -1), $LOADS loads per page"
CONSOLE_URL=$CONSOLE_URL ADMIN_TOKEN=$ADMIN_TOKEN LOADS=$LOADS PAGES=$PAGES node "$BENCH_DIR/console-render.mjs"

# ---- 3. the queries behind them (EventQueries.list: 50 rows and one more, newest first) ------------------------------
echo
echo "PostgreSQL, the events page's query per filter (EXPLAIN ANALYZE):"
# EventSummary.COLUMNS and EventSummary.FROM: the events with their deliveries' state.
cols="e.id, e.source, e.dedup_key, e.event_type, e.received_at, e.content_type, d.status, d.publish_attempts, d.published_at, d.last_error, d.replay_count, e.origin, octet_length(e.payload) AS size"
from="FROM events e LEFT JOIN LATERAL (SELECT CASE WHEN bool_or(x.state = 'PENDING') THEN 'PENDING' ELSE 'PUBLISHED' END AS status, sum(x.attempts)::int AS publish_attempts, max(x.delivered_at) AS published_at, max(x.last_error) AS last_error, sum(x.replays)::int AS replay_count FROM deliveries x WHERE x.received_at = e.received_at AND x.event_id = e.id) d ON true"
while IFS='|' read -r label where; do
    plan=$(sql -tA -c "EXPLAIN (ANALYZE, COSTS OFF) SELECT $cols $from $where ORDER BY e.received_at DESC, e.id DESC LIMIT 51")
    printf '  %-34s %-12s %s\n' "$label" "$(sed -n 's/^Execution Time: \(.*\)/\1/p' <<<"$plan")" \
        "$(grep -oE '(Index Only Scan|Index Scan Backward|Index Scan|Bitmap Heap Scan|Seq Scan|Parallel Seq Scan)( using [a-z0-9_]+)? on events[a-z0-9_]*' <<<"$plan" | head -1)"
done <<SQL
unfiltered|
source|WHERE e.source = 'github-demo'
source + type|WHERE e.source = 'github-demo' AND e.event_type = 'push'
type|WHERE e.event_type = 'push'
source + status|WHERE e.source = 'github-demo' AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.received_at = e.received_at AND p.event_id = e.id AND p.state <> 'PUBLISHED')
provider id (source any)|WHERE e.dedup_key = '$key'
provider id + source|WHERE e.source = 'github-demo' AND e.dedup_key = '$key'
SQL
