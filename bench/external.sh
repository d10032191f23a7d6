#!/usr/bin/env bash
# hookgate on the stack users run: a PostgreSQL server and an AMQP 1.0 broker that are already running (by default
# this machine's PostgreSQL on 5432 and RabbitMQ on 5672), against two baselines on the same servers:
#   - pgbench, one INSERT per transaction (the database's own ceiling for a one-commit-per-webhook design);
#   - bench/panache, the same webhook written the usual Quarkus way (a Panache transaction per request, then a
#     SmallRye AMQP emitter).
# Max throughput (median of RUNS), CPU per event per process, a fixed rate, and a broker outage under that rate.
# One summary table on stdout, with the targets of issue 16. Everything talks to 127.0.0.1 only; every process it
# starts is stopped by the EXIT trap. See bench/README.md ("The external stack").
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PG_PASSWORD=${PG_PASSWORD:-postgres}
DB=${DB:-hookgate_ext}                # dropped and created afresh, like PANACHE_DB
PANACHE_DB=${PANACHE_DB:-panache_ext}
AMQP_PORT=${AMQP_PORT:-5672}
AMQP_USER=${AMQP_USER:-guest}
AMQP_PASSWORD=${AMQP_PASSWORD:-guest}
BROKER_PID=${BROKER_PID:-}            # default: RabbitMQ's beam.smp
RUNS=${RUNS:-3}                       # runs per measurement; the median is reported
WARMUP=${WARMUP:-40s}
DURATION=${DURATION:-20s}
CONCURRENCY=${CONCURRENCY:-32}        # generator connections = pgbench clients
BODY_SIZE=${BODY_SIZE:-1024}
RATE=${RATE:-}                        # fixed rate for the latency and outage phases; default RATE_FRACTION of max
RATE_FRACTION=${RATE_FRACTION:-0.4}      # at 40 % of max the machine is about 60-65 % busy (a fixed rate costs more per event)
RATE_WARMUP=${RATE_WARMUP:-20s}
OUTAGE=${OUTAGE:-60}                  # s the broker is stopped (rabbitmqctl stop_app) under the fixed rate
OUTAGE_RUNS=${OUTAGE_RUNS:-$RUNS}     # 0 skips the outage
BROKER_STOP=${BROKER_STOP:-rabbitmqctl -q stop_app}
BROKER_START=${BROKER_START:-rabbitmqctl -q start_app}
PHASES=${PHASES:-pgbench,max,rate,outage}
APPS=${APPS:-panache,hookgate}        # the max-throughput contenders, alternating in each round
HEAP=${HEAP:-512m}
HOOKGATE_OPTS=${HOOKGATE_OPTS:-}      # extra -D options for hookgate (e.g. -Dhookgate.ingest.max-concurrent-batches=4)
GEN_ARGS=${GEN_ARGS:-}                # extra generator options for every run (e.g. --progress=true)
GEN_JAVA_OPTS=${GEN_JAVA_OPTS:-}      # extra JVM options of the generator (e.g. -Xlog:gc:file=gen-gc.log)
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_WORK=${KEEP_WORK:-0}

HTTP_PORT=8080
MGMT_PORT=9000
SOURCE=github-demo

log() { printf '[external %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
JAVA_HOME=$(pick_jdk) || die "no JDK >= 21 found; set JAVA_HOME"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
for c in psql pgbench; do command -v $c >/dev/null || die "$c not found (Debian: apt-get install postgresql-client)"; done
require_free_ports "$HTTP_PORT" "$MGMT_PORT"
has_phase() { [[ ",$PHASES," == *",$1,"* ]]; }

WORK_BASE=${WORK_BASE:-$REPO/target/bench-external}
WORK="$WORK_BASE/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$WORK"
RES="$WORK/results"
: >"$RES"
STARTED=()
QUEUES=()                             # each run's queue, deleted at the end (RabbitMQ: rabbitmqctl)
BROKER_DOWN=0
cleanup() {
    local pid q
    if [[ "$BROKER_DOWN" == 1 ]]; then
        log "starting the broker again"
        $BROKER_START || true
    fi
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
PSQL=(psql -qAtX -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1)

# ---- build: hookgate's fast-jar into the work base (the checkout's target/ stays as it is), the baseline, the generator
APP_DIR="$WORK_BASE/hookgate-app"
PANACHE_JAR="$BENCH_DIR/panache/target/quarkus-app/quarkus-run.jar"
BENCH_JAR="$BENCH_DIR/target/hookgate-bench.jar"
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building hookgate (fast-jar) -> $APP_DIR"
    (cd "$REPO" && ./mvnw -B -q -Dmaven.test.skip=true package -Dquarkus.package.output-directory="$APP_DIR") \
        >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "build failed"; }
    log "building bench/panache and the load generator"
    (cd "$BENCH_DIR/panache" && "$REPO/mvnw" -B -q -DskipTests package) >>"$WORK/build.log" 2>&1 \
        || { tail -40 "$WORK/build.log" >&2; die "bench/panache build failed"; }
    (cd "$BENCH_DIR" && "$REPO/mvnw" -B -q -DskipTests package) >>"$WORK/build.log" 2>&1 \
        || { tail -40 "$WORK/build.log" >&2; die "bench build failed"; }
fi
for f in "$APP_DIR/quarkus-run.jar" "$PANACHE_JAR" "$BENCH_JAR"; do [[ -f "$f" ]] || die "missing $f (SKIP_BUILD=0)"; done

# ---- the servers: their pids, for CPU per event ------------------------------------------------------------------
PG_DATA=$("${PSQL[@]}" -d postgres -c "SHOW data_directory") || die "cannot reach PostgreSQL at $PG_HOST:$PG_PORT"
PG_PID=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null) || die "cannot read $PG_DATA/postmaster.pid (run as the server's user or root)"
if [[ -z "$BROKER_PID" ]]; then
    BROKER_PID=$(pgrep -f 'beam.smp.*rabbit' | head -1 || true)
fi
[[ -n "$BROKER_PID" ]] || die "no broker process found; set BROKER_PID"
CPU_OF="pg:$PG_PID,broker:$BROKER_PID"
PG_SETTINGS=$("${PSQL[@]}" -d postgres -F ' ' -c "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings
    WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'wal_sync_method', 'commit_delay', 'server_version')")

for d in "$DB" "$PANACHE_DB"; do
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $d" -c "CREATE DATABASE $d" >/dev/null
done

hookgate_stack_conf
# ---- the apps ----------------------------------------------------------------------------------------------------
app_cmd() { # app queue -> CMD
    case $1 in
        hookgate) CMD=("$JAVA" "-Xmx$HEAP" "${HOOKGATE_CONF[@]}" "-Dhookgate.sources.$SOURCE.address=$2" $HOOKGATE_OPTS
            -jar "$APP_DIR/quarkus-run.jar") ;;
        panache) CMD=("$JAVA" "-Xmx$HEAP" "-Dquarkus.datasource.reactive.url=postgresql://$PG_HOST:$PG_PORT/$PANACHE_DB"
            "-Dquarkus.datasource.username=$PG_USER" "-Dquarkus.datasource.password=$PG_PASSWORD"
            "-Damqp-port=$AMQP_PORT" "-Damqp-username=$AMQP_USER" "-Damqp-password=$AMQP_PASSWORD"
            "-Dmp.messaging.outgoing.webhooks.address=$2" -jar "$PANACHE_JAR") ;;
        *) die "unknown app $1" ;;
    esac
}
start_app() { # app name -> APP_PID, once it answers
    local app=$1 name=$2 i
    app_cmd "$app" "bench.$name"
    QUEUES+=("bench.$name")
    (cd "$WORK" && exec "${CMD[@]}") >"$WORK/$name.log" 2>&1 &
    APP_PID=$!
    STARTED+=("$APP_PID")
    for ((i = 0; i < 1200; i++)); do
        kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$WORK/$name.log" >&2; die "$name exited"; }
        if [[ $app == hookgate ]]; then
            curl -fs -o /dev/null "http://127.0.0.1:$MGMT_PORT/q/health/ready" && return 0
        else
            grep -q 'Connection with AMQP broker established' "$WORK/$name.log" && return 0
        fi
        sleep 0.1
    done
    die "$name did not become ready"
}

# shellcheck disable=SC2086 # GEN_JAVA_OPTS: several options, split on purpose
gen_jvm $GEN_JAVA_OPTS
gen() { # app name extra-args... ; the RESULT line lands in $WORK/<name>.result
    local app=$1 name=$2 db=(--jdbc=none) durable=true
    shift 2
    if [[ $app == hookgate ]]; then
        db=("--jdbc=jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" "--db-user=$PG_USER" "--db-password=$PG_PASSWORD")
    else
        durable=false # SmallRye's AMQP connector declares the queue non-durable (see bench/README.md)
    fi
    "$JAVA" "${GEN_JVM[@]}" -jar "$BENCH_JAR" \
        --url=http://127.0.0.1:$HTTP_PORT --source=$SOURCE --concurrency="$CONCURRENCY" --body-size="$BODY_SIZE" \
        "${db[@]}" "--amqp=amqp://$AMQP_USER:$AMQP_PASSWORD@127.0.0.1:$AMQP_PORT" "--amqp-address=bench.$name" \
        --amqp-durable=$durable --drain-timeout=180s --broker-idle=20s "--cpu-of=app:$APP_PID,$CPU_OF" $GEN_ARGS "$@" \
        >"$WORK/$name.gen" 2>&1 || { tail -25 "$WORK/$name.gen" >&2; die "generator failed ($name)"; }
    grep '^RESULT ' "$WORK/$name.gen" >"$WORK/$name.result" || die "no RESULT from the generator ($name)"
}
# The row of the median run by the first column, from a file of rows.
median_row() { sort -n "$1" | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'; }
all_of() { awk -v c="$2" '{ printf "%s%s", (NR > 1 ? "/" : ""), $c }' "$1"; }
sum_of() { awk -v c="$2" '{ s += ($c == "na" ? 0 : $c) } END { print s + 0 }' "$1"; }

log "JDK $JAVA_HOME; PostgreSQL $PG_HOST:$PG_PORT (pid $PG_PID), broker :$AMQP_PORT (pid $BROKER_PID); load $(cut -d' ' -f1 /proc/loadavg)"
log "migrating $DB with a first hookgate start"
start_app hookgate migrate
stop_pid "$APP_PID" 20

# ---- 1. pgbench: one INSERT per transaction into a copy of events ------------------------------------------------
pg_ticks() {
    local kids
    kids=$(pgrep -P "$PG_PID" 2>/dev/null | tr '\n' ' ' || true)
    {
        sed 's/^.*) //' "/proc/$PG_PID/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || true
        for k in $kids; do sed 's/^.*) //' "/proc/$k/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true; done
    } | awk '{ t += $1 } END { print t + 0 }'
}
cpu_stat() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }
secs() { local v=$1; case $v in *ms) echo $((${v%ms} / 1000)) ;; *s) echo "${v%s}" ;; *m) echo $((${v%m} * 60)) ;; *) echo "$v" ;; esac; }
if has_phase pgbench; then
    # The same columns and indexes as events, unpartitioned, and the UNIQUE (source, dedup_key) that ON CONFLICT needs.
    "${PSQL[@]}" -d "$DB" -c "DROP TABLE IF EXISTS bench_events" -c "CREATE TABLE bench_events (LIKE events INCLUDING ALL)" \
        -c "CREATE UNIQUE INDEX ON bench_events (source, dedup_key)"
    # The row shape of a GitHub delivery as hookgate stores it (headers jsonb of the same size, a BODY_SIZE payload).
    cat >"$WORK/insert.sql" <<EOF
INSERT INTO bench_events (id, source, dedup_key, event_type, received_at, content_type, headers, payload) SELECT k::uuid, '$SOURCE', 'pgbench-' || k, 'push', now(), 'application/json', jsonb_build_object('content-type', 'application/json', 'user-agent', 'hookgate-bench', 'x-github-delivery', k, 'x-github-event', 'push', 'x-hub-signature-256', '[redacted]', 'host', '127.0.0.1'), convert_to(repeat('x', $BODY_SIZE), 'UTF8') FROM (SELECT lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000000)::bigint), 14, '0') || substr(md5(random()::text), 1, 18) AS k) s ON CONFLICT (source, dedup_key) DO NOTHING RETURNING id;
EOF
    PGB=(pgbench -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -n -M prepared -c "$CONCURRENCY" -j 2 -f "$WORK/insert.sql")
    log "pgbench: $CONCURRENCY clients, warm-up $(secs "$WARMUP") s, then $RUNS x $(secs "$DURATION") s"
    "${PGB[@]}" -T "$(secs "$WARMUP")" "$DB" >"$WORK/pgbench-warmup.out" 2>&1 || die "pgbench failed: $(tail -3 "$WORK/pgbench-warmup.out")"
    for ((r = 1; r <= RUNS; r++)); do
        "${PSQL[@]}" -d "$DB" -c "CHECKPOINT"
        read -r b0 t0 < <(cpu_stat)
        p0=$(pg_ticks)
        "${PGB[@]}" -T "$(secs "$DURATION")" "$DB" >"$WORK/pgbench-$r.out" 2>&1 || die "pgbench failed: $(tail -3 "$WORK/pgbench-$r.out")"
        p1=$(pg_ticks)
        read -r b1 t1 < <(cpu_stat)
        tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$WORK/pgbench-$r.out" | awk '{ printf "%.0f", $1 }')
        tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$WORK/pgbench-$r.out")
        lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$WORK/pgbench-$r.out")
        echo "$tps $lat $(awk -v d=$((p1 - p0)) -v n="$tx" 'BEGIN { printf "%.4f", d * 10 / n }')" \
            "$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.0f", 100 * b / t }')" >>"$WORK/pgbench"
        log "pgbench run $r: $(tail -1 "$WORK/pgbench")  (tps, avg ms, PG CPU ms/insert, machine %)"
    done
    read -r tps lat pgcpu busy <<<"$(median_row "$WORK/pgbench")"
    put pgbench-tps "$tps"; put pgbench-lat "$lat"; put pgbench-pg-cpu "$pgcpu"; put pgbench-busy "$busy"
    put pgbench-all "$(all_of "$WORK/pgbench" 1)"
    "${PSQL[@]}" -d "$DB" -c "DROP TABLE bench_events"
fi

# ---- 2. max throughput: the Panache baseline and hookgate, alternating, a fresh process each run -----------------
COLS="accepted_per_s p99_ms cpu_app_ms_per_event cpu_pg_ms_per_event cpu_broker_ms_per_event cpu_generator_ms_per_event machine_cpu_pct lost s202"
if has_phase max; then
    IFS=, read -ra APP_LIST <<<"$APPS"
    for ((r = 1; r <= RUNS; r++)); do
        for app in "${APP_LIST[@]}"; do
            log "$app: max throughput run $r ($WARMUP warm-up + $DURATION, $CONCURRENCY connections)"
            "${PSQL[@]}" -d postgres -c "CHECKPOINT"
            start_app "$app" "max-$app-$r"
            gen "$app" "max-$app-$r" --warmup="$WARMUP" --duration="$DURATION"
            stop_pid "$APP_PID" 20
            row=""
            for c in $COLS; do row+="$(field "max-$app-$r" "$c") "; done
            echo "$row" >>"$WORK/max-$app"
            log "  $row"
        done
    done
    for app in "${APP_LIST[@]}"; do
        read -r rps p99 app_cpu pg_cpu br_cpu gen_cpu busy _ _ <<<"$(median_row "$WORK/max-$app")"
        put "$app-rps" "$rps"; put "$app-p99" "$p99"; put "$app-cpu" "$app_cpu"; put "$app-pg-cpu" "$pg_cpu"
        put "$app-broker-cpu" "$br_cpu"; put "$app-gen-cpu" "$gen_cpu"; put "$app-busy" "$busy"
        put "$app-all" "$(all_of "$WORK/max-$app" 1)"
        put "$app-lost" "$(sum_of "$WORK/max-$app" 8)"
    done
fi

# ---- 3. hookgate at a fixed rate: p99 at a load that leaves the machine room ---------------------------------------
if [[ -z "$RATE" ]]; then
    RATE=$(awk -v m="$(rv hookgate-rps)" -v f="$RATE_FRACTION" 'BEGIN { if (m != "na") printf "%.0f", m * f; else print 800 }')
fi
put rate "$RATE"
if has_phase rate; then
    for ((r = 1; r <= RUNS; r++)); do
        log "hookgate: $RATE/s run $r ($RATE_WARMUP warm-up + $DURATION)"
        start_app hookgate "rate-$r"
        gen hookgate "rate-$r" --rate="$RATE" --warmup="$RATE_WARMUP" --duration="$DURATION"
        stop_pid "$APP_PID" 20
        echo "$(field "rate-$r" p99_ms) $(field "rate-$r" machine_cpu_pct) $(field "rate-$r" accepted_per_s)" \
            "$(field "rate-$r" cpu_app_ms_per_event) $(field "rate-$r" lost)" >>"$WORK/rate"
        log "  $(tail -1 "$WORK/rate")  (p99, machine %, req/s, app CPU ms/event, lost)"
    done
    read -r p99 busy rps cpu _ <<<"$(median_row "$WORK/rate")"
    put rate-p99 "$p99"; put rate-busy "$busy"; put rate-rps "$rps"; put rate-cpu "$cpu"
    put rate-all "$(all_of "$WORK/rate" 1)"; put rate-lost "$(sum_of "$WORK/rate" 5)"
fi

# ---- 4. the broker stopped for OUTAGE s under the fixed rate --------------------------------------------------------
# The measured phase is NORMAL s, then the outage, then RECOVERY s; the generator reports each window's latencies.
# The backlog has drained when no pending delivery of an event received before the broker came back is left.
NORMAL=20
RECOVERY=90
if has_phase outage && ((OUTAGE_RUNS > 0)); then
    for ((r = 1; r <= OUTAGE_RUNS; r++)); do
        log "hookgate: $RATE/s with the broker stopped for $OUTAGE s (run $r)"
        start_app hookgate "outage-$r"
        total=$((NORMAL + OUTAGE + RECOVERY))
        gen hookgate "outage-$r" --rate="$RATE" --warmup="$RATE_WARMUP" --duration="${total}s" --progress=true \
            --windows="${NORMAL}s,$((NORMAL + OUTAGE))s" &
        gen_pid=$!
        until grep -q "^progress t= *${NORMAL}s" "$WORK/outage-$r.gen" 2>/dev/null; do
            kill -0 "$gen_pid" 2>/dev/null || die "generator ended early (outage-$r)"
            sleep 0.2
        done
        BROKER_DOWN=1
        $BROKER_STOP || die "could not stop the broker ($BROKER_STOP)"
        log "  broker stopped"
        until grep -q "^progress t= *$((NORMAL + OUTAGE))s" "$WORK/outage-$r.gen" 2>/dev/null; do sleep 0.2; done
        $BROKER_START || die "could not start the broker ($BROKER_START)"
        BROKER_DOWN=0
        up=$(now_us)
        "${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM deliveries WHERE state = 'PENDING'" >"$WORK/outage-$r.backlog"
        log "  broker started; backlog $(cat "$WORK/outage-$r.backlog") pending deliveries"
        drained=na
        for ((i = 0; i < RECOVERY * 5; i++)); do
            left=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM deliveries WHERE state = 'PENDING'
                AND received_at < to_timestamp($up / 1e6)")
            if [[ "$left" == 0 ]]; then
                drained=$(awk -v a="$(now_us)" -v b="$up" 'BEGIN { printf "%.1f", (a - b) / 1e6 }')
                break
            fi
            sleep 0.2
        done
        wait "$gen_pid" || die "generator failed (outage-$r)"
        stop_pid "$APP_PID" 20
        w1=$(field "outage-$r" w1_p99_ms)
        w2=$(field "outage-$r" w2_p99_ms)
        echo "$(ratio "$w2" "$w1") $w2 $w1 $drained $(cat "$WORK/outage-$r.backlog") $(field "outage-$r" lost)" \
            "$(field "outage-$r" s5xx) $(field "outage-$r" w3_p99_ms)" >>"$WORK/outage"
        log "  $(tail -1 "$WORK/outage")  (p99 during / before, during, before, drain s, backlog, lost, 5xx, p99 after)"
    done
    # The median run by the ratio; the drain time's median on its own.
    read -r out_ratio out_p99 norm_p99 _ backlog _ _ rec_p99 <<<"$(median_row "$WORK/outage")"
    put outage-ratio "$out_ratio"; put outage-p99 "$out_p99"; put outage-normal-p99 "$norm_p99"
    put outage-drain "$(awk '{ print ($4 == "na" ? 999999 : $4) }' "$WORK/outage" | median | sed 's/^999999$/na/')"
    put outage-backlog "$backlog"; put outage-recovery-p99 "$rec_p99"
    put outage-all "$(all_of "$WORK/outage" 1)"; put outage-drain-all "$(all_of "$WORK/outage" 4)"
    put outage-lost "$(sum_of "$WORK/outage" 6)"; put outage-5xx "$(sum_of "$WORK/outage" 7)"
fi

# ---- summary --------------------------------------------------------------------------------------------------------
verdict() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { if (a == "na" || a == "") { print "n/a"; exit }
    ok = (op == ">=" ? a >= b : a <= b); print (ok ? "PASS" : "FAIL") }'; }
per_s() { awk -v c="$1" 'BEGIN { if (c != "na" && c > 0) printf "%.0f", 1000 / c; else print "na" }'; }
PGB_TPS=$(rv pgbench-tps)
{
    printf '\n== hookgate on the external stack (%s, %s CPUs, load before %s)\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "PostgreSQL $PG_HOST:$PG_PORT: $PG_SETTINGS; broker :$AMQP_PORT (pid $BROKER_PID)"
    echo "load: $CONCURRENCY connections, unique signed GitHub deliveries of $BODY_SIZE B, warm-up $WARMUP + $DURATION measured; medians of $RUNS runs"
    echo
    printf '%-46s %9s %8s %8s %9s %9s %9s %9s %6s %5s\n' "" "req/s" "/pgbench" "p99 ms" "app ms/ev" "PG ms/ev" \
        "MQ ms/ev" "gen ms/ev" "busy%" "lost"
    printf '%-46s %9s %8s %8s %9s %9s %9s %9s %6s %5s\n' "pgbench, 1 INSERT/tx, $CONCURRENCY clients" "$PGB_TPS" "1.00" \
        "-" "-" "$(rv pgbench-pg-cpu)" "-" "-" "$(rv pgbench-busy)" "-"
    for app in panache hookgate; do
        label=$([[ $app == panache ]] && echo "Panache tx per request + SmallRye emitter" || echo "hookgate")
        printf '%-46s %9s %8s %8s %9s %9s %9s %9s %6s %5s\n' "$label" "$(rv "$app-rps")" "$(ratio "$(rv "$app-rps")" "$PGB_TPS")" \
            "$(rv "$app-p99")" "$(rv "$app-cpu")" "$(rv "$app-pg-cpu")" "$(rv "$app-broker-cpu")" "$(rv "$app-gen-cpu")" \
            "$(rv "$app-busy")" "$(rv "$app-lost")"
    done
    echo "  every run, req/s: pgbench $(rv pgbench-all); panache $(rv panache-all); hookgate $(rv hookgate-all)"
    echo "  ms/ev: CPU ms per accepted event over the measured phase (pgbench: PostgreSQL's per INSERT); busy%: both cores, every process"
    echo
    printf '%-46s %s\n' "hookgate at a fixed $(rv rate)/s" "p99 $(rv rate-p99) ms, machine $(rv rate-busy) % busy, app $(rv rate-cpu) ms/event, lost $(rv rate-lost) (p99 of every run: $(rv rate-all))"
    printf '%-46s %s\n' "broker stopped ${OUTAGE} s at $(rv rate)/s" "p99 before $(rv outage-normal-p99) ms, during $(rv outage-p99) ms, after $(rv outage-recovery-p99) ms; backlog $(rv outage-backlog) drained in $(rv outage-drain) s (every run: $(rv outage-drain-all)); during/before every run: $(rv outage-all); lost $(rv outage-lost), 5xx $(rv outage-5xx)"
    echo
    echo "targets (issue 16)"
    r=$(ratio "$(rv hookgate-rps)" "$(rv panache-rps)")
    printf '  %-60s %8s %10s  %s\n' "hookgate / Panache baseline, max req/s" "${r}x" ">= 3x" "$(verdict "$r" ">=" 3)"
    printf '  %-60s %8s %10s  %s\n' "machine busy at hookgate's max" "$(rv hookgate-busy) %" ">= 95 %" "$(verdict "$(rv hookgate-busy)" ">=" 95)"
    printf '  %-60s %8s %10s  %s\n' "hookgate CPU per event at max" "$(rv hookgate-cpu) ms" "<= 0.25 ms" "$(verdict "$(rv hookgate-cpu)" "<=" 0.25)"
    h=$(ratio "$(rv hookgate-pg-cpu)" "$(rv pgbench-pg-cpu)")
    printf '  %-60s %8s %10s  %s\n' "PostgreSQL CPU per stored event / per pgbench INSERT" "${h}x" "<= 0.5x" "$(verdict "$h" "<=" 0.5)"
    printf '  %-60s %8s %10s  %s\n' "p99 at $(rv rate)/s (machine $(rv rate-busy) % busy; must be <= 70 %)" "$(rv rate-p99) ms" "<= 25 ms" \
        "$(verdict "$(rv rate-p99)" "<=" 25)$([[ "$(verdict "$(rv rate-busy)" "<=" 70)" == FAIL ]] && echo ' (rate too high for the 70 % rule)')"
    o=$(rv outage-ratio)
    printf '  %-60s %8s %10s  %s\n' "ingest p99 with the broker down / before" "${o}x" "<= 2x" "$(verdict "$o" "<=" 2)"
    printf '  %-60s %8s %10s  %s\n' "backlog drained after the broker is back" "$(rv outage-drain) s" "<= 60 s" "$(verdict "$(rv outage-drain)" "<=" 60)"
    printf '  %-60s %8s %10s  %s\n' "hookgate / pgbench, max req/s (reported, not a target)" "$(ratio "$(rv hookgate-rps)" "$PGB_TPS")x" "" ""
    lost=$(( $(rv hookgate-lost | sed 's/na/0/') + $(rv rate-lost | sed 's/na/0/') + $(rv outage-lost | sed 's/na/0/') ))
    printf '  %-60s %8s %10s  %s\n' "events lost, every hookgate run" "$lost" "0" "$([[ $lost == 0 ]] && echo PASS || echo FAIL)"
} | tee "$WORK_BASE/summary-$(date +%Y%m%d-%H%M%S).txt"
[[ "$KEEP_WORK" == 1 ]] && log "work dir kept: $WORK"
exit 0
