#!/usr/bin/env bash
# The storage targets (README "Storage"), on this machine's PostgreSQL and RabbitMQ, each the median of RUNS:
#   pgbench       PostgreSQL CPU per INSERT: one row of hookgate's shape per transaction, CONCURRENCY clients (the
#                 baseline of the CPU target);
#   empty         hookgate at max throughput on an empty store: PostgreSQL CPU per stored event, events rows updated
#                 or deleted (pg_stat_user_tables over the partitions), disk per event;
#   fill + full   FILL events (5,000,000) stored with INSERT ... SELECT generate_series over the past days, then
#                 the same max-throughput runs on that store;
#   drop          a day of DROP_ROWS events (1,000,000) dropped as a partition, next to V7's DELETE-based purge of
#                 the same rows (batches of 1,000, one commit each, as RetentionJob did): seconds and dead tuples;
#   migrate       V8 (the partitioning migration) on a V7 store of MIGRATE_ROWS events (1,000,000): seconds.
# With BEFORE_REF (a git ref, e.g. the commit before V8), the empty, fill and full phases also run that build on a
# database of its own, run for run alternating with this checkout's: the before/after figures side by side.
# One summary on stdout. Run it on a quiet machine: nothing else building or testing (bench/README.md).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PG_PASSWORD=${PG_PASSWORD:-postgres}
DB=${DB:-hookgate_storage}            # dropped and created afresh (and ${DB}_before with BEFORE_REF)
BEFORE_REF=${BEFORE_REF:-}
MIGRATE_DB=${MIGRATE_DB:-hookgate_migrate}
AMQP_PORT=${AMQP_PORT:-5672}
AMQP_USER=${AMQP_USER:-guest}
AMQP_PASSWORD=${AMQP_PASSWORD:-guest}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-30s}
DURATION=${DURATION:-20s}
CONCURRENCY=${CONCURRENCY:-32}
BODY_SIZE=${BODY_SIZE:-1024}
FILL=${FILL:-5000000}
FILL_DAYS=${FILL_DAYS:-25}
DROP_ROWS=${DROP_ROWS:-1000000}
MIGRATE_ROWS=${MIGRATE_ROWS:-1000000}
PHASES=${PHASES:-pgbench,empty,fill,full,drop,migrate}
HEAP=${HEAP:-512m}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_WORK=${KEEP_WORK:-0}

HTTP_PORT=8080
MGMT_PORT=9000
SOURCE=github-demo

log() { printf '[storage %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
JAVA_HOME=$(pick_jdk) || die "no JDK >= 21 found; set JAVA_HOME"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
for c in psql pgbench curl; do command -v $c >/dev/null || die "$c not found (Debian: apt-get install postgresql-client curl)"; done
require_free_ports "$HTTP_PORT" "$MGMT_PORT"
has_phase() { [[ ",$PHASES," == *",$1,"* ]]; }

WORK_BASE=${WORK_BASE:-$REPO/target/bench-storage}
WORK="$WORK_BASE/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$WORK"
RES="$WORK/results"
: >"$RES"
STARTED=()
QUEUES=()
cleanup() {
    local pid q
    for pid in "${STARTED[@]}"; do stop_pid "$pid" 10; done
    if command -v rabbitmqctl >/dev/null; then
        for q in "${QUEUES[@]}"; do rabbitmqctl -q delete_queue "$q" >/dev/null 2>&1 || true; done
    fi
    [[ "$KEEP_WORK" == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
put() { echo "$1=$2" >>"$RES"; }
rv() { sed -n "s/^$1=//p" "$RES" | tail -1 | grep . || echo na; }
export PGPASSWORD="$PG_PASSWORD"
export PGOPTIONS="-c client_min_messages=warning"
PSQL=(psql -qAtX -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1)
CUR_DB=$DB
sql() { "${PSQL[@]}" -d "$CUR_DB" "$@"; }
secs() { local v=$1; case $v in *ms) echo $((${v%ms} / 1000)) ;; *s) echo "${v%s}" ;; *m) echo $((${v%m} * 60)) ;; *) echo "$v" ;; esac; }
median_row() { sort -n "$1" | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'; }
all_of() { awk -v c="$2" '{ printf "%s%s", (NR > 1 ? "/" : ""), $c }' "$1"; }
elapsed_ms() { awk -v a="$(now_us)" -v b="$1" 'BEGIN { printf "%.0f", (a - b) / 1000 }'; }

# ---- build ---------------------------------------------------------------------------------------------------------
APP_DIR="$WORK_BASE/hookgate-app"
BENCH_JAR="$BENCH_DIR/target/hookgate-bench.jar"
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building hookgate (fast-jar) -> $APP_DIR, and the load generator"
    (cd "$REPO" && ./mvnw -B -q -Dmaven.test.skip=true package -Dquarkus.package.output-directory="$APP_DIR") \
        >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "build failed"; }
    (cd "$BENCH_DIR" && "$REPO/mvnw" -B -q -DskipTests package) >>"$WORK/build.log" 2>&1 \
        || { tail -40 "$WORK/build.log" >&2; die "bench build failed"; }
    # Since the lean serving binary, hookgate carries no Flyway: this checkout's schema is the migrator's.
    (cd "$REPO/migrator" && ./mvnw -B -q -Dmaven.test.skip=true package) >>"$WORK/build.log" 2>&1 \
        || { tail -40 "$WORK/build.log" >&2; die "migrator build failed"; }
fi
MIGRATOR_JAR="$REPO/migrator/target/quarkus-app/quarkus-run.jar"
FLAVOURS=(after)
if [[ -n "$BEFORE_REF" ]]; then
    FLAVOURS=(before after)
    BEFORE_SRC="$WORK_BASE/before-src"
    if [[ "$SKIP_BUILD" != 1 ]]; then
        log "building $BEFORE_REF (fast-jar) -> $WORK_BASE/hookgate-before"
        rm -rf "$BEFORE_SRC" && mkdir -p "$BEFORE_SRC"
        git -C "$REPO" archive "$BEFORE_REF" | tar -x -C "$BEFORE_SRC"
        (cd "$BEFORE_SRC" && ./mvnw -B -q -Dmaven.test.skip=true package -Dquarkus.package.output-directory="$WORK_BASE/hookgate-before") \
            >>"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "build of $BEFORE_REF failed"; }
    fi
fi
app_dir() { if [[ $1 == before ]]; then echo "$WORK_BASE/hookgate-before"; else echo "$APP_DIR"; fi; }
db_of() { if [[ $1 == before ]]; then echo "${DB}_before"; else echo "$DB"; fi; }
for fl in "${FLAVOURS[@]}"; do
    for f in "$(app_dir "$fl")/quarkus-run.jar" "$BENCH_JAR"; do [[ -f "$f" ]] || die "missing $f (SKIP_BUILD=0)"; done
done

PG_DATA=$("${PSQL[@]}" -d postgres -c "SHOW data_directory") || die "cannot reach PostgreSQL at $PG_HOST:$PG_PORT"
PG_PID=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null) || die "cannot read $PG_DATA/postmaster.pid (run as the server's user or root)"
BROKER_PID=${BROKER_PID:-$(pgrep -f 'beam.smp.*rabbit' | head -1 || true)}
[[ -n "$BROKER_PID" ]] || die "no broker process found; set BROKER_PID"
if command -v rabbitmq-plugins >/dev/null && ! rabbitmq-plugins list -e 2>/dev/null | grep -q rabbitmq_amqp1_0; then
    die "RabbitMQ speaks AMQP 1.0 only through its plugin: rabbitmq-plugins enable --online rabbitmq_amqp1_0"
fi
pg_ticks() { # the postmaster and all its children, utime + stime
    local kids
    kids=$(pgrep -P "$PG_PID" 2>/dev/null | tr '\n' ' ' || true)
    {
        sed 's/^.*) //' "/proc/$PG_PID/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || true
        for k in $kids; do sed 's/^.*) //' "/proc/$k/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true; done
    } | awk '{ t += $1 } END { print t + 0 }'
}
CLK_TCK=$(getconf CLK_TCK)

for fl in "${FLAVOURS[@]}"; do
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $(db_of "$fl")" -c "CREATE DATABASE $(db_of "$fl")" >/dev/null
done
gen_jvm
start_hookgate() { # flavour name -> APP_PID, once ready
    local fl=$1 name=$2 i
    QUEUES+=("bench.$name")
    DB=$(db_of "$fl") hookgate_stack_conf
    (cd "$WORK" && exec "$JAVA" "-Xmx$HEAP" "${HOOKGATE_CONF[@]}" "-Dhookgate.sources.$SOURCE.address=bench.$name" \
        -jar "$(app_dir "$fl")/quarkus-run.jar") >"$WORK/$name.log" 2>&1 &
    APP_PID=$!
    STARTED+=("$APP_PID")
    for ((i = 0; i < 1200; i++)); do
        kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$WORK/$name.log" >&2; die "$name exited"; }
        curl -fs -o /dev/null "http://127.0.0.1:$MGMT_PORT/q/health/ready" && return 0
        sleep 0.1
    done
    die "$name did not become ready (RabbitMQ without AMQP 1.0? rabbitmq-plugins enable rabbitmq_amqp1_0)"
}
gen() { # name extra-args...
    local name=$1
    shift
    "$JAVA" "${GEN_JVM[@]}" -jar "$BENCH_JAR" \
        --url=http://127.0.0.1:$HTTP_PORT --source=$SOURCE --concurrency="$CONCURRENCY" --body-size="$BODY_SIZE" \
        "--jdbc=jdbc:postgresql://$PG_HOST:$PG_PORT/$CUR_DB" "--db-user=$PG_USER" "--db-password=$PG_PASSWORD" \
        "--amqp=amqp://$AMQP_USER:$AMQP_PASSWORD@127.0.0.1:$AMQP_PORT" "--amqp-address=bench.$name" \
        --drain-timeout=180s --broker-idle=20s "--cpu-of=app:$APP_PID,pg:$PG_PID,broker:$BROKER_PID" "$@" \
        >"$WORK/$name.gen" 2>&1 || { tail -25 "$WORK/$name.gen" >&2; die "generator failed ($name)"; }
    grep '^RESULT ' "$WORK/$name.gen" >"$WORK/$name.result" || die "no RESULT from the generator ($name)"
}
# A table and its partitions, if any (V7's events has none).
parts() { echo "SELECT '$1'::regclass AS oid UNION ALL SELECT inhrelid FROM pg_inherits WHERE inhparent = '$1'::regclass"; }
# Rows of events updated, HOT-updated or deleted, summed over its partitions (the server's statistics).
event_changes() {
    sql -c "SELECT coalesce(sum(n_tup_upd + n_tup_hot_upd + n_tup_del), 0) FROM pg_stat_user_tables
            WHERE relid IN ($(parts events))"
}
# Bytes of a table and its partitions (heap, TOAST, indexes) per stored event; na when there is no such table.
bytes_per_event() {
    [[ $(sql -c "SELECT to_regclass('$1') IS NOT NULL") == t ]] || { echo na; return; }
    sql -c "SELECT round(sum(pg_total_relation_size(oid)) / greatest((SELECT count(*) FROM events), 1)) FROM ($(parts "$1")) p"
}

log "JDK $JAVA_HOME; PostgreSQL $PG_HOST:$PG_PORT (pid $PG_PID), RabbitMQ :$AMQP_PORT (pid $BROKER_PID); load $(cut -d' ' -f1 /proc/loadavg)"
for fl in "${FLAVOURS[@]}"; do
    if [[ $fl == after ]]; then
        log "migrating $(db_of "$fl") with the migrator"
        DB_URL="postgresql://$PG_HOST:$PG_PORT/$(db_of "$fl")" DB_USERNAME="$PG_USER" DB_PASSWORD="$PG_PASSWORD" \
            "$JAVA" -Xmx64m -jar "$MIGRATOR_JAR" >"$WORK/migrator.log" 2>&1 \
            || { tail -30 "$WORK/migrator.log" >&2; die "the migrator failed"; }
    else
        # A BEFORE_REF from before the migrator (V8 and earlier) migrates its database on its first start (Flyway).
        log "migrating $(db_of "$fl") with a first start of the $fl build"
        start_hookgate "$fl" "migrate-$fl"
        stop_pid "$APP_PID" 20
    fi
done

# ---- pgbench: one INSERT per transaction into a table of events' columns and indexes --------------------------------
if has_phase pgbench; then
    sql -c "DROP TABLE IF EXISTS bench_events" -c "CREATE TABLE bench_events (LIKE events INCLUDING ALL)" \
        -c "CREATE UNIQUE INDEX ON bench_events (source, dedup_key)"
    cat >"$WORK/insert.sql" <<EOF
INSERT INTO bench_events (id, source, dedup_key, event_type, received_at, content_type, headers, payload) SELECT k::uuid, '$SOURCE', 'pgbench-' || k, 'push', now(), 'application/json', jsonb_build_object('content-type', 'application/json', 'user-agent', 'hookgate-bench', 'x-github-delivery', k, 'x-github-event', 'push', 'x-hub-signature-256', '[redacted]', 'host', '127.0.0.1'), convert_to(repeat('x', $BODY_SIZE), 'UTF8') FROM (SELECT lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000000)::bigint), 14, '0') || substr(md5(random()::text), 1, 18) AS k) s ON CONFLICT (source, dedup_key) DO NOTHING RETURNING id;
EOF
    PGB=(pgbench -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -n -M prepared -c "$CONCURRENCY" -j 2 -f "$WORK/insert.sql")
    log "pgbench: $CONCURRENCY clients, warm-up $(secs "$WARMUP") s, then $RUNS x $(secs "$DURATION") s"
    "${PGB[@]}" -T "$(secs "$WARMUP")" "$DB" >"$WORK/pgbench-warmup.out" 2>&1 || die "pgbench failed: $(tail -3 "$WORK/pgbench-warmup.out")"
    for ((r = 1; r <= RUNS; r++)); do
        sql -c "CHECKPOINT"
        p0=$(pg_ticks)
        "${PGB[@]}" -T "$(secs "$DURATION")" "$DB" >"$WORK/pgbench-$r.out" 2>&1 || die "pgbench failed"
        p1=$(pg_ticks)
        tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$WORK/pgbench-$r.out")
        tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$WORK/pgbench-$r.out" | awk '{ printf "%.0f", $1 }')
        echo "$(awk -v d=$((p1 - p0)) -v n="$tx" -v h="$CLK_TCK" 'BEGIN { printf "%.4f", d / h * 1000 / n }') $tps" >>"$WORK/pgbench"
        log "  pgbench run $r: $(tail -1 "$WORK/pgbench")  (PG CPU ms per INSERT, tps)"
    done
    read -r cpu tps <<<"$(median_row "$WORK/pgbench")"
    put pgbench-cpu "$cpu"; put pgbench-tps "$tps"; put pgbench-all "$(all_of "$WORK/pgbench" 1)"
    sql -c "DROP TABLE bench_events"
fi

# ---- hookgate at max throughput: accepted/s, PostgreSQL CPU per event, events rows changed -------------------------
max_runs() { # phase: RUNS runs per flavour, the flavours alternating
    local phase=$1 r name before after fl
    for ((r = 1; r <= RUNS; r++)); do
        for fl in "${FLAVOURS[@]}"; do
            name="$phase-$fl-$r"
            CUR_DB=$(db_of "$fl")
            if [[ $phase == empty ]]; then
                sql -c "TRUNCATE events" -c "TRUNCATE $([[ $fl == before ]] && echo outbox || echo deliveries)"
            fi
            sql -c "CHECKPOINT"
            start_hookgate "$fl" "$name"
            before=$(event_changes)
            gen "$name" --warmup="$WARMUP" --duration="$DURATION"
            stop_pid "$APP_PID" 20
            sleep 1.5 # the backends' statistics reach the shared counters within a second or so of their last commit
            after=$(event_changes)
            echo "$(field "$name" accepted_per_s) $(field "$name" cpu_pg_ms_per_event) $((after - before))" \
                "$(field "$name" cpu_app_ms_per_event) $(field "$name" p99_ms) $(field "$name" lost)" \
                "$(bytes_per_event events) $(bytes_per_event deliveries) $(bytes_per_event outbox)" >>"$WORK/$phase-$fl"
            log "  $phase $fl run $r: $(tail -1 "$WORK/$phase-$fl")"
        done
        log "    (accepted/s, PG CPU ms/event, events rows changed, app CPU ms/event, p99 ms, lost, B/event: events, deliveries, outbox)"
    done
    CUR_DB=$DB
    for fl in "${FLAVOURS[@]}"; do max_result "$phase" "$fl"; done
}
max_result() { # phase flavour: the medians, under <phase>[-before]-*
    local phase=$1 fl=$2 file="$WORK/$1-$2" p rps pg changes app p99 lost bytes dbytes obytes
    p=$phase
    [[ $fl == before ]] && p="$phase-before"
    read -r rps pg changes app p99 lost bytes dbytes obytes <<<"$(median_row "$file")"
    phase=$p
    put "$phase-rps" "$rps"; put "$phase-pg-cpu" "$pg"; put "$phase-app-cpu" "$app"; put "$phase-p99" "$p99"
    put "$phase-rps-all" "$(all_of "$file" 1)"; put "$phase-pg-all" "$(all_of "$file" 2)"
    put "$phase-changes" "$(awk '{ s += $3 } END { print s + 0 }' "$file")"
    put "$phase-lost" "$(awk '{ s += ($6 == "na" ? 0 : $6) } END { print s + 0 }' "$file")"
    put "$phase-bytes" "$bytes"; put "$phase-dbytes" "$dbytes"; put "$phase-obytes" "$obytes"
}

if has_phase empty; then
    log "hookgate on an empty store: $RUNS x ($WARMUP warm-up + $DURATION), $CONCURRENCY connections"
    max_runs empty
    put stored-bytes "$(sql -c "SELECT round(avg(octet_length(payload) + pg_column_size(headers))) FROM events")"
    if [[ -n "$BEFORE_REF" ]]; then
        put stored-bytes-before "$(CUR_DB=$(db_of before) sql -c "SELECT round(avg(octet_length(payload) + pg_column_size(headers))) FROM events")"
    fi
fi

# ---- fill: FILL events over the FILL_DAYS days before today, as fast as PostgreSQL takes them ------------------------
fill_store() { # flavour
    local fl=$1 d t0 per_day=$((FILL / FILL_DAYS))
    CUR_DB=$(db_of "$fl")
    t0=$(now_us)
    for ((d = FILL_DAYS; d >= 1; d--)); do
        FILL_AT="date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '$d days' + (n - 1) * (interval '1 day' / $per_day)"
        if [[ $fl == before ]]; then
            sql <<SQL
INSERT INTO events (id, received_at, source, dedup_key, event_type, content_type, headers, payload, status,
                    publish_attempts, published_at)
SELECT gen_random_uuid(), t.at, '$SOURCE', 'fill-$d-' || n, 'push', 'application/json', $FILL_HEADERS, $FILL_PAYLOAD,
       'PUBLISHED', 1, t.at + interval '30 ms'
FROM generate_series(1, $per_day) n, LATERAL (SELECT $FILL_AT) t(at);
SQL
            continue
        fi
        sql <<SQL
DO \$\$
DECLARE day timestamptz := date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '$d days';
BEGIN
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                   'events_p' || to_char(day AT TIME ZONE 'UTC', 'YYYYMMDD'), day, day + interval '1 day');
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF deliveries FOR VALUES FROM (%L) TO (%L)',
                   'deliveries_p' || to_char(day AT TIME ZONE 'UTC', 'YYYYMMDD'), day, day + interval '1 day');
END \$\$;
WITH e AS (
    INSERT INTO events (id, received_at, source, dedup_key, event_type, content_type, headers, payload)
    SELECT gen_random_uuid(), t.at, '$SOURCE', 'fill-$d-' || n, 'push', 'application/json', $FILL_HEADERS, $FILL_PAYLOAD
    FROM generate_series(1, $per_day) n, LATERAL (SELECT $FILL_AT) t(at)
    RETURNING id, received_at, source)
INSERT INTO deliveries (received_at, event_id, destination, source, state, attempts, delivered_at)
SELECT received_at, id, 'default', source, 'PUBLISHED', 1, received_at + interval '30 ms' FROM e;
SQL
    done
    sql -c "VACUUM ANALYZE" -c "CHECKPOINT"
    local p=fill
    [[ $fl == before ]] && p=fill-before
    put "$p-s" "$(awk -v ms="$(elapsed_ms "$t0")" 'BEGIN { printf "%.0f", ms / 1000 }')"
    put "$p-rows" "$(sql -c "SELECT count(*) FROM events")"
    put "$p-size" "$(sql -c "SELECT pg_size_pretty(sum(pg_total_relation_size(oid))) FROM ($(parts events)) p")"
    log "  $fl: $(rv "$p-rows") events stored ($(rv "$p-size")) in $(rv "$p-s") s"
    CUR_DB=$DB
}
# The fill's rows: a GitHub delivery's stored headers and a BODY_SIZE payload (FILL_AT spreads them over a day).
FILL_HEADERS="jsonb_build_object('content-type', jsonb_build_array('application/json'),
    'user-agent', jsonb_build_array('GitHub-Hookshot/bench'), 'x-github-delivery', jsonb_build_array(gen_random_uuid()::text),
    'x-github-event', jsonb_build_array('push'), 'x-hub-signature-256', jsonb_build_array('[redacted]'))"
FILL_PAYLOAD="convert_to('{\"n\":' || n || ',\"pad\":\"' || repeat('x', $BODY_SIZE - 20) || '\"}', 'UTF8')"
if has_phase fill; then
    for fl in "${FLAVOURS[@]}"; do
        log "filling $(db_of "$fl") ($fl) with $FILL events over $FILL_DAYS days (INSERT ... SELECT generate_series, a statement a day)"
        fill_store "$fl"
    done
fi
if has_phase full; then
    log "hookgate on a store of $(sql -c "SELECT count(*) FROM events") events: $RUNS x ($WARMUP warm-up + $DURATION)"
    max_runs full
fi

# ---- drop a day of DROP_ROWS events, next to V7's DELETE purge of the same rows ------------------------------------
fill_day() { # table-suffix age-days rows: a partition of events and deliveries for that day, full
    sql <<SQL
DO \$\$
DECLARE day timestamptz := date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '$2 days';
BEGIN
    EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', 'events_p$1', day, day + interval '1 day');
    EXECUTE format('CREATE TABLE %I PARTITION OF deliveries FOR VALUES FROM (%L) TO (%L)', 'deliveries_p$1', day, day + interval '1 day');
END \$\$;
WITH e AS (
    INSERT INTO events (id, received_at, source, dedup_key, event_type, content_type, headers, payload)
    SELECT gen_random_uuid(), date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '$2 days'
               + (n - 1) * (interval '1 day' / $3), '$SOURCE', 'drop-$1-' || n, 'push', 'application/json',
           '{"content-type": ["application/json"], "x-github-event": ["push"]}',
           convert_to(repeat('x', $BODY_SIZE), 'UTF8')
    FROM generate_series(1, $3) n
    RETURNING id, received_at, source)
INSERT INTO deliveries (received_at, event_id, destination, source, state, attempts, delivered_at)
SELECT received_at, id, 'default', source, 'PUBLISHED', 1, received_at FROM e;
SQL
}
# V7's events table (V1..V7: fillfactor 50, its six indexes) holding the same rows, all PUBLISHED, 40 days old.
fill_v7() { # rows
    sql <<SQL
DROP TABLE IF EXISTS purge_v7;
CREATE TABLE purge_v7 (
    id uuid PRIMARY KEY, source text COLLATE "C" NOT NULL, dedup_key text COLLATE "C" NOT NULL, event_type text COLLATE "C",
    received_at timestamptz NOT NULL, content_type text, headers jsonb NOT NULL, payload bytea NOT NULL,
    status text NOT NULL DEFAULT 'PENDING', publish_attempts integer NOT NULL DEFAULT 0, published_at timestamptz,
    last_error text, replay_count integer NOT NULL DEFAULT 0, origin text NOT NULL DEFAULT 'webhook',
    UNIQUE (source, dedup_key)) WITH (fillfactor = 50);
CREATE INDEX ON purge_v7 (received_at DESC, id DESC);
CREATE INDEX ON purge_v7 (source, received_at DESC, id DESC);
CREATE INDEX ON purge_v7 (event_type, received_at DESC, id DESC);
CREATE INDEX ON purge_v7 (source, event_type, received_at DESC, id DESC);
INSERT INTO purge_v7 (id, source, dedup_key, event_type, received_at, content_type, headers, payload, status, publish_attempts, published_at)
SELECT gen_random_uuid(), '$SOURCE', 'purge-' || n, 'push', now() - interval '40 days' + n * interval '1 ms', 'application/json',
       '{"content-type": ["application/json"], "x-github-event": ["push"]}', convert_to(repeat('x', $BODY_SIZE), 'UTF8'),
       'PUBLISHED', 1, now() - interval '40 days'
FROM generate_series(1, $1) n;
SQL
}
if has_phase drop; then
    for ((r = 1; r <= RUNS; r++)); do
        log "drop run $r: a day of $DROP_ROWS events (partition), then the same rows purged by V7's DELETE batches"
        suffix="bench_drop_$r"
        fill_day "$suffix" $((60 + r)) "$DROP_ROWS"
        sql -c "CHECKPOINT"
        dead_before=$(sql -c "SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables WHERE relname LIKE 'events_p%' OR relname LIKE 'deliveries_p%'")
        t0=$(now_us)
        sql -c "DROP TABLE events_p$suffix, deliveries_p$suffix"
        drop_ms=$(elapsed_ms "$t0")
        sleep 1
        dead_after=$(sql -c "SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables WHERE relname LIKE 'events_p%' OR relname LIKE 'deliveries_p%'")

        fill_v7 "$DROP_ROWS"
        sql -c "VACUUM ANALYZE purge_v7" -c "CHECKPOINT"
        t0=$(now_us)
        # RetentionJob's statement before V8, one commit per batch of 1,000, until a batch comes back short.
        sql <<'SQL'
DO $$
DECLARE n bigint;
BEGIN
    LOOP
        DELETE FROM purge_v7 WHERE id IN (
            SELECT id FROM purge_v7 WHERE received_at < now() - interval '30 days' AND status = 'PUBLISHED'
            LIMIT 1000 FOR UPDATE SKIP LOCKED);
        GET DIAGNOSTICS n = ROW_COUNT;
        COMMIT;
        EXIT WHEN n < 1000;
    END LOOP;
END $$;
SQL
        purge_ms=$(elapsed_ms "$t0")
        sleep 1
        purge_dead=$(sql -c "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'purge_v7'")
        purge_size=$(sql -c "SELECT pg_size_pretty(pg_total_relation_size('purge_v7'))")
        sql -c "DROP TABLE purge_v7"
        echo "$drop_ms $purge_ms $((dead_after - dead_before)) $purge_dead $purge_size" >>"$WORK/drop"
        log "  $(tail -1 "$WORK/drop")  (drop ms, DELETE purge ms, dead tuples left by the drop, by the purge, V7 table size after)"
    done
    read -r dms pms ddead pdead psize <<<"$(median_row "$WORK/drop")"
    put drop-ms "$dms"; put purge-ms "$pms"; put drop-dead "$ddead"; put purge-dead "$pdead"; put purge-size "$psize"
    put drop-all "$(all_of "$WORK/drop" 1)"; put purge-all "$(all_of "$WORK/drop" 2)"
fi

# ---- migrate: V8 over a V7 store of MIGRATE_ROWS events ---------------------------------------------------------
if has_phase migrate; then
    log "migrate: a V7 store of $MIGRATE_ROWS events (V1..V7_2 applied with psql), then V8 timed"
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $MIGRATE_DB" -c "CREATE DATABASE $MIGRATE_DB" >/dev/null
    for f in "$REPO"/src/main/resources/db/migration/V*.sql; do
        [[ $(basename "$f") == V8__* ]] && continue
        "${PSQL[@]}" -d "$MIGRATE_DB" -1 -f "$f" >/dev/null
    done
    "${PSQL[@]}" -d "$MIGRATE_DB" <<SQL
INSERT INTO events (id, source, dedup_key, event_type, received_at, content_type, headers, payload, status,
                    publish_attempts, published_at)
SELECT gen_random_uuid(), '$SOURCE', 'migrate-' || n, 'push', now() - interval '7 days' + n * (interval '7 days' / $MIGRATE_ROWS),
       'application/json', '{"content-type": ["application/json"], "x-github-event": ["push"]}',
       convert_to(repeat('x', $BODY_SIZE), 'UTF8'),
       CASE WHEN n % 100 = 0 THEN 'PENDING' ELSE 'PUBLISHED' END, 1, CASE WHEN n % 100 <> 0 THEN now() END
FROM generate_series(1, $MIGRATE_ROWS) n;
INSERT INTO outbox (event_id, next_attempt_at) SELECT id, now() FROM events WHERE status = 'PENDING';
VACUUM ANALYZE events;
CHECKPOINT;
SQL
    v7_size=$("${PSQL[@]}" -d "$MIGRATE_DB" -c "SELECT pg_size_pretty(pg_total_relation_size('events'))")
    t0=$(now_us)
    "${PSQL[@]}" -d "$MIGRATE_DB" -1 -f "$REPO/src/main/resources/db/migration/V8__partitioned_append_only_events.sql" >/dev/null
    put migrate-s "$(awk -v ms="$(elapsed_ms "$t0")" 'BEGIN { printf "%.1f", ms / 1000 }')"
    put migrate-v7-size "$v7_size"
    put migrate-v8-size "$("${PSQL[@]}" -d "$MIGRATE_DB" -c "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent IN ('events'::regclass, 'deliveries'::regclass)")"
    log "  V8 over $MIGRATE_ROWS events: $(rv migrate-s) s ($(rv migrate-v7-size) before, $(rv migrate-v8-size) after)"
    "${PSQL[@]}" -d postgres -c "DROP DATABASE $MIGRATE_DB" >/dev/null
fi

# ---- summary ---------------------------------------------------------------------------------------------------------
verdict() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { if (a == "na" || a == "" || b == "na" || b == "") { print "n/a"; exit }
    ok = (op == "<=" ? a <= b : op == ">=" ? a >= b : op == "<" ? a < b : a == b); print (ok ? "PASS" : "FAIL") }'; }
half=$(awk -v p="$(rv pgbench-cpu)" 'BEGIN { if (p != "na") printf "%.4f", p / 2; else print "na" }')
limit_bytes=$(awk -v s="$(rv stored-bytes)" 'BEGIN { if (s != "na") printf "%.0f", s * 1.5; else print "na" }')
full_ratio=$(ratio "$(rv full-rps)" "$(rv empty-rps)")
changes=$(awk -v a="$(rv empty-changes)" -v b="$(rv full-changes)" 'BEGIN { print (a == "na" ? 0 : a) + (b == "na" ? 0 : b) }')
cat <<EOF

hookgate storage (bench/storage.sh), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, PostgreSQL $("${PSQL[@]}" -d postgres -c "SHOW server_version"), median of $RUNS
  pgbench INSERT (one per transaction, $CONCURRENCY clients)   PG CPU $(rv pgbench-cpu) ms/insert at $(rv pgbench-tps) tps  [runs $(rv pgbench-all)]
  hookgate, empty store                      $(rv empty-rps) events/s [$(rv empty-rps-all)], PG CPU $(rv empty-pg-cpu) ms/event [$(rv empty-pg-all)], app $(rv empty-app-cpu) ms/event, p99 $(rv empty-p99) ms, lost $(rv empty-lost)
  hookgate, $(rv fill-rows) stored          $(rv full-rps) events/s [$(rv full-rps-all)], PG CPU $(rv full-pg-cpu) ms/event [$(rv full-pg-all)], p99 $(rv full-p99) ms, lost $(rv full-lost)
  fill                                        $(rv fill-rows) events, $(rv fill-size), in $(rv fill-s) s
EOF
if [[ -n "$BEFORE_REF" ]]; then
    cat <<EOF
  before ($BEFORE_REF), empty store          $(rv empty-before-rps) events/s [$(rv empty-before-rps-all)], PG CPU $(rv empty-before-pg-cpu) ms/event [$(rv empty-before-pg-all)], app $(rv empty-before-app-cpu) ms/event, p99 $(rv empty-before-p99) ms, events rows changed $(rv empty-before-changes)
  before, $(rv fill-before-rows) stored            $(rv full-before-rps) events/s [$(rv full-before-rps-all)], PG CPU $(rv full-before-pg-cpu) ms/event [$(rv full-before-pg-all)], p99 $(rv full-before-p99) ms
  before, bytes per event                     events $(rv empty-before-bytes) B + outbox $(rv empty-before-obytes) B (payload+headers $(rv stored-bytes-before) B); filled: $(rv fill-before-size)
  before, throughput $(rv fill-before-rows) stored / empty   $(ratio "$(rv full-before-rps)" "$(rv empty-before-rps)")
EOF
fi
cat <<EOF

target                                                        measured                         limit      verdict
PG CPU per stored event <= 1/2 pgbench's per INSERT           $(rv empty-pg-cpu) ms                       $half ms  $(verdict "$(rv empty-pg-cpu)" "<=" "$half")
events rows updated or deleted during the load runs           $changes                                0          $(verdict "$changes" "==" 0)
disk per event, events (heap+TOAST+indexes)                   $(rv empty-bytes) B (payload+headers $(rv stored-bytes) B)   $limit_bytes B    $(verdict "$(rv empty-bytes)" "<=" "$limit_bytes")
  the same with its deliveries row                            $(awk -v a="$(rv empty-bytes)" -v b="$(rv empty-dbytes)" 'BEGIN { if (a != "na" && b != "na") print a + b; else print "na" }') B
throughput with $(rv fill-rows) stored / empty store          $full_ratio                             >= 0.90    $(verdict "$full_ratio" ">=" 0.90)
drop a day of $DROP_ROWS events                            $(rv drop-ms) ms [$(rv drop-all)], $(rv drop-dead) dead tuples   < 1000 ms  $(verdict "$(rv drop-ms)" "<" 1000)
  V7's DELETE purge of the same rows                          $(rv purge-ms) ms [$(rv purge-all)], $(rv purge-dead) dead tuples, table $(rv purge-size) after
V8 migration of $MIGRATE_ROWS V7 events                    $(rv migrate-s) s ($(rv migrate-v7-size) -> $(rv migrate-v8-size))
EOF
