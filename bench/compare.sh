#!/usr/bin/env bash
# The whole comparison of issue #5 in one command: baseline A (pgbench, one INSERT per transaction), baseline B (a bare
# Quarkus REST app, the HTTP ceiling), hookgate at max throughput and at 50 % of it, startup-to-ready and RSS/CPU of
# hookgate and of the bare app, with and without the JDK 25 AOT cache. Prints one summary table with PASS/FAIL per
# target. Everything listens on and talks to 127.0.0.1 only; every process it starts is stopped by the EXIT trap.
# See bench/README.md ("The comparison").
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

DURATION=${DURATION:-30s}             # each measured phase
WARMUP=${WARMUP:-30s}                 # before each measured phase (JIT, pools), not counted; 10 s left hookgate mid-JIT
CONCURRENCY=${CONCURRENCY:-64}        # generator in-flight requests = pgbench clients
BODY_SIZE=${BODY_SIZE:-512}
SOURCE=${SOURCE:-github-demo}
RATE_FRACTION=${RATE_FRACTION:-0.5}
RATE_RUNS=${RATE_RUNS:-3}             # fixed-rate runs per load sequence; the summary shows the median run by p99
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-60s}   # outbox drain + broker count, per hookgate phase
STACK_WARMUP=${STACK_WARMUP:-30s}     # load through the stack host first, so PostgreSQL and Artemis are warm; 0 = none
STARTUP_RUNS=${STARTUP_RUNS:-3}       # start-to-ready samples per app and variant (median reported)
AOT=${AOT:-1}                         # 0: skip the AOT cache part
AOT_TRAIN=${AOT_TRAIN:-20s}           # training load for the AOT cache (fixed rate, the 50 % rate)
AOT_LOAD=${AOT_LOAD:-1}               # 1: repeat the load (max + rate) on the AOT-cache instances for RSS/CPU
AOT_CREATE_TIMEOUT=${AOT_CREATE_TIMEOUT:-300}  # s to wait for the JVM to exit and write the cache
READY_TIMEOUT=${READY_TIMEOUT:-180}   # s
TOTAL_TIMEOUT=${TOTAL_TIMEOUT:-3600}  # s; the whole run is aborted (and cleaned up) after this
JAVA_OPTS=${JAVA_OPTS:-}              # JVM options for hookgate and the floor app (the same for both)
GEN_ARGS=${GEN_ARGS:-}                # extra generator options for every load, e.g. --progress=true
SKIP_BUILD=${SKIP_BUILD:-0}
MVN_ARGS=${MVN_ARGS:-}
KEEP_WORK=${KEEP_WORK:-0}

# Fixed by hookgate's local profile (application.properties %local.*, LocalMain), plus the stack host's own ports.
HTTP_PORT=8080
MGMT_PORT=9000
PG_PORT=15432
AMQP_PORT=16672
STACK_HTTP_PORT=18080
STACK_MGMT_PORT=19000

log() { printf '[compare %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# ---- a JDK >= 21 (>= 25 for the AOT cache) ---------------------------------------------------------------------
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
JAVA_HOME=$(pick_jdk) || die "no JDK >= 21 found; set JAVA_HOME"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
JAVA_MAJOR=$(java_major "$JAVA_HOME")
command -v pgbench >/dev/null || die "pgbench not found (Debian: apt-get install postgresql-client)"
command -v psql >/dev/null || die "psql not found (Debian: apt-get install postgresql-client)"

secs() { # 30s | 500ms | 1m | 30 -> whole seconds, at least 1
    awk -v d="$1" 'BEGIN { v = d + 0; if (d ~ /ms$/) v = v / 1000; else if (d ~ /m$/) v = v * 60;
        v = int(v + 0.5); print (v < 1 ? 1 : v) }'
}

# ---- never benchmark somebody else's instance ------------------------------------------------------------------
require_free_ports $HTTP_PORT $MGMT_PORT $PG_PORT $AMQP_PORT $STACK_HTTP_PORT $STACK_MGMT_PORT

# ---- bookkeeping and cleanup -------------------------------------------------------------------------------------
BUILD="$BENCH_DIR/target/compare"          # build output, kept between runs (SKIP_BUILD=1 reuses it)
APPS="$BUILD/apps"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hookgate-compare.XXXXXX")
DATA="$WORK/data"
RES="$WORK/results"
mkdir -p "$RES" "$WORK/run"
STARTED=()          # every pid this script started in the background
STACK_PID=""
WATCHDOG=""

untrack() { # pid: forget it once reaped, so that cleanup never signals a recycled pid
    local p kept=()
    for p in "${STARTED[@]}"; do
        [[ "$p" == "$1" ]] || kept+=("$p")
    done
    STARTED=("${kept[@]}")
}
# Stops one process: TERM, then KILL after $2 seconds; its own children (e.g. the JVM's AOT assembly child) too.
stop_pid() {
    local pid=$1 grace=${2:-30} i kids
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null || true
        untrack "$pid"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 5; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid did not stop within ${grace}s; killing it"
        kids=$(pgrep -P "$pid" 2>/dev/null || true)
        [[ -n "$kids" ]] && kill -KILL $kids 2>/dev/null || true
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    untrack "$pid"
}
stop_stack() {
    [[ -n "$STACK_PID" ]] && stop_pid "$STACK_PID" 60
    STACK_PID=""
    stop_leftover_postgres "$DATA"
}
cleanup() {
    local rc=$? p
    trap - EXIT INT TERM
    if [[ -n "$WATCHDOG" ]]; then
        kill -TERM "$WATCHDOG" 2>/dev/null || true
        wait "$WATCHDOG" 2>/dev/null || true
    fi
    for p in "${STARTED[@]}"; do
        [[ "$p" == "$STACK_PID" ]] || stop_pid "$p" 20
    done
    stop_stack
    if [[ "$KEEP_WORK" == 1 || $rc -ne 0 ]]; then
        log "logs and results kept in $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Bounds the whole run: after TOTAL_TIMEOUT the script gets TERM, and the EXIT trap stops everything.
(
    trap 'kill "$sp" 2>/dev/null; exit 0' TERM
    sleep "$TOTAL_TIMEOUT" &
    sp=$!
    wait "$sp"
    echo "[compare] TOTAL_TIMEOUT ${TOTAL_TIMEOUT}s reached; aborting" >&2
    kill -TERM $$
) &
WATCHDOG=$!

# Runs a command in the background, output to a file, and waits for it, so that INT/TERM (and the watchdog)
# interrupt it at once. The redirection is on the command only: a trap firing meanwhile still logs to stderr.
#   run_waited <output file> command...
run_waited() {
    local out=$1
    shift
    "$@" >"$out" 2>&1 &
    local p=$! rc=0
    STARTED+=("$p")
    wait "$p" || rc=$?
    untrack "$p"
    return "$rc"
}

AOT_ON=1
AOT_NOTE=""
if [[ "$AOT" != 1 ]]; then
    AOT_ON=0
    AOT_NOTE="skipped (AOT=0)"
elif ((JAVA_MAJOR < 25)); then
    AOT_ON=0
    AOT_NOTE="skipped: JDK $JAVA_MAJOR; Quarkus' AOT cache and -XX:AOTCacheOutput need JDK 25"
fi
GEN_JVM=(-XX:+UseParallelGC -Xms256m -Xmx512m)  # not C1-only: that cut the generator to 5,700 req/s vs 23,000+
((JAVA_MAJOR >= 24)) && GEN_JVM+=(--sun-misc-unsafe-memory-access=allow)   # netty in the AMQP client

LOAD_START=$(load1)
log "JDK $JAVA_MAJOR ($JAVA_HOME); load average (1 min) at start: $LOAD_START; work dir $WORK"

# ---- 1. build: hookgate (fast-jar and aot-jar, local profile), the floor app (both), the load generator -----------
mvn_build() { # log dir args...
    local logf=$1 dir=$2
    shift 2
    # shellcheck disable=SC2086
    if ! run_waited "$logf" env -C "$dir" "$REPO/mvnw" -B $MVN_ARGS "$@"; then
        tail -n 40 "$logf" >&2
        die "build failed in $dir (log: $logf)"
    fi
}
if [[ "$SKIP_BUILD" != 1 ]]; then
    mkdir -p "$BUILD/src"
    # hookgate is built from a copy of the working tree, so that builds running concurrently in the checkout
    # (mvn clean, tests) cannot pull files from under this run, and this run leaves the checkout's target/ alone.
    log "copying the working tree to $BUILD/src"
    rsync -a --delete --exclude /target/ --exclude /.git/ --exclude /.hookgate/ --exclude /bench/ \
        "$REPO/" "$BUILD/src/"
    rm -rf "$APPS"
    mkdir -p "$APPS"
    log "building hookgate (-Plocal, fast-jar) -> $APPS/hookgate-fast"
    mvn_build "$WORK/build-hookgate-fast.log" "$BUILD/src" -Plocal -Dmaven.test.skip=true package \
        -Dquarkus.package.output-directory="$APPS/hookgate-fast"
    log "building the floor app (bench/floor, fast-jar) -> $APPS/floor-fast"
    mvn_build "$WORK/build-floor-fast.log" "$BENCH_DIR/floor" -DskipTests package \
        -Dquarkus.package.output-directory="$APPS/floor-fast"
    if [[ "$AOT_ON" == 1 ]]; then
        # Quarkus' own AOT support: aot-jar packaging plus an app.aot recorded at build time. phase=build because the
        # default (integration-tests) needs a @QuarkusIntegrationTest suite to train on; type=aot because 3.34.1
        # builds an AppCDS archive instead when the type is left to "auto" with phase=build. The recording run must
        # not start LocalMain's embedded servers (it would take ports 15432/16672 during the build).
        aot_flags=(-Dquarkus.package.jar.aot.enabled=true -Dquarkus.package.jar.aot.type=aot
            -Dquarkus.package.jar.aot.phase=build)
        log "building hookgate (-Plocal, aot-jar + Quarkus build-time app.aot) -> $APPS/hookgate-aot"
        mvn_build "$WORK/build-hookgate-aot.log" "$BUILD/src" -Plocal -Dmaven.test.skip=true package "${aot_flags[@]}" \
            -Dquarkus.package.jar.aot.additional-recording-args=-Dhookgate-local.started=true \
            -Dquarkus.package.output-directory="$APPS/hookgate-aot"
        log "building the floor app (aot-jar + Quarkus build-time app.aot) -> $APPS/floor-aot"
        mvn_build "$WORK/build-floor-aot.log" "$BENCH_DIR/floor" -DskipTests package "${aot_flags[@]}" \
            -Dquarkus.package.output-directory="$APPS/floor-aot"
    fi
    log "building the load generator (bench/pom.xml)"
    mvn_build "$WORK/build-bench.log" "$BENCH_DIR" -q -DskipTests package
fi
app_dirs=(hookgate-fast floor-fast)
[[ "$AOT_ON" == 1 ]] && app_dirs+=(hookgate-aot floor-aot)
for d in "${app_dirs[@]}"; do
    [[ -f "$APPS/$d/quarkus-run.jar" ]] || die "no $APPS/$d/quarkus-run.jar (run without SKIP_BUILD=1)"
done
BENCH_JAR="$BENCH_DIR/target/hookgate-bench.jar"
[[ -f "$BENCH_JAR" ]] || die "no $BENCH_JAR"

# ---- helpers: processes, /proc, the generator, RESULT lines -----------------------------------------------------
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo na; }
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }   # utime + stime
CLK_TCK=$(getconf CLK_TCK)
# PostgreSQL's CPU ticks: the postmaster with its reaped children (cutime + cstime) plus every live backend.
# A backend may exit between pgrep and the read (64 of them do when pgbench ends): that must not fail the run
# under pipefail, which it did once.
pg_ticks() {
    local pm kids
    pm=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null) || { echo 0; return; }
    kids=$(pgrep -P "$pm" 2>/dev/null | tr '\n' ' ' || true)
    {
        sed 's/^.*) //' "/proc/$pm/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || true
        for k in $kids; do sed 's/^.*) //' "/proc/$k/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true; done
    } | awk '{ t += $1 } END { print t + 0 }'
}
ticks_to_s() { awk -v a="$1" -v b="$2" -v h="$CLK_TCK" 'BEGIN { printf "%.1f", (b - a) / h }'; }
now_us() { echo "${EPOCHREALTIME/./}"; }

# Starts an application and measures process start -> first ready answer. The probe (a warm JVM that polls every
# 10 ms) is started first; the clock starts just before the application's exec.
#   start_app <name> <probe url> <method> <expected status> command...
# Sets APP_PID, READY_MS and RSS_READY; returns 1 (with the app stopped) if it never became ready.
start_app() {
    local name=$1 url=$2 method=$3 expect=$4
    shift 4
    local probe_out="$WORK/probe-$name.out" app_log="$WORK/app-$name.log" probe t0 ready p
    "$JAVA" -XX:TieredStopAtLevel=1 -Xmx64m -cp "$BENCH_JAR" io.hookgate.bench.StartupProbe \
        --url="$url" --method="$method" --expect-status="$expect" --interval=10ms --timeout="${READY_TIMEOUT}s" \
        >"$probe_out" 2>&1 &
    probe=$!
    STARTED+=("$probe")
    for _ in $(seq 1 400); do
        grep -q '^probing' "$probe_out" 2>/dev/null && break
        kill -0 "$probe" 2>/dev/null || die "startup probe failed: $(cat "$probe_out")"
        sleep 0.05
    done
    t0=$(now_us)
    (cd "$WORK/run" && exec "$@") >"$app_log" 2>&1 &
    APP_PID=$!
    STARTED+=("$APP_PID")
    p=""
    wait -n -p p "$probe" "$APP_PID" || true
    ready=$(sed -n 's/^READY_EPOCH_US=//p' "$probe_out")
    if [[ "$p" != "$probe" || -z "$ready" ]]; then
        log "$name did not become ready; the end of $app_log:"
        tail -n 30 "$app_log" >&2
        stop_pid "$probe" 5
        stop_pid "$APP_PID" 10
        return 1
    fi
    untrack "$probe"
    RSS_READY=$(rss_mb "$APP_PID")
    READY_MS=$(( (ready - t0) / 1000 ))
}

# The command line of the app under test. hookgate runs the local profile (demo sources, the embedded stack's ports)
# but must not start the embedded servers again: LocalMain skips them when hookgate-local.started is set.
#   launch <name> <hookgate|floor> <app dir> extra-jvm-flags...   (then as start_app)
launch() {
    local name=$1 kind=$2 dir=$3
    shift 3
    local cmd=("$JAVA" "$@")
    # shellcheck disable=SC2206
    [[ -n "$JAVA_OPTS" ]] && cmd+=($JAVA_OPTS)
    if [[ "$kind" == hookgate ]]; then
        cmd+=(-Dquarkus.profile=local -Dhookgate-local.started=true
            -Dquarkus.http.host=127.0.0.1 -Dquarkus.management.host=127.0.0.1 -jar "$dir/quarkus-run.jar")
        start_app "$name" "http://127.0.0.1:$MGMT_PORT/q/health/ready" GET 200 "${cmd[@]}"
    else
        cmd+=(-Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$HTTP_PORT -jar "$dir/quarkus-run.jar")
        start_app "$name" "http://127.0.0.1:$HTTP_PORT/webhooks/probe" POST 202 "${cmd[@]}"
    fi
}

# The generator against whatever listens on 127.0.0.1:8080. Leaves its RESULT line in $RES/<name>.
GEN_RC=0
gen() { # name extra-args...
    local name=$1 rc=0
    shift
    log "load: $name (load average $(load1))"
    run_waited "$WORK/gen-$name.out" "$JAVA" "${GEN_JVM[@]}" -jar "$BENCH_JAR" \
        --url="http://127.0.0.1:$HTTP_PORT" --source="$SOURCE" --concurrency="$CONCURRENCY" \
        --body-size="$BODY_SIZE" --drain-timeout="$DRAIN_TIMEOUT" \
        --jdbc="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" --db-user=postgres --db-password=postgres \
        --amqp="amqp://127.0.0.1:$AMQP_PORT" $GEN_ARGS "$@" || rc=$?
    sed 's/^/    /' "$WORK/gen-$name.out" >&2
    grep '^RESULT ' "$WORK/gen-$name.out" >"$RES/$name" || echo "RESULT missing=1" >"$RES/$name"
    echo "load1=$(load1)" >>"$RES/$name"
    if ((rc == 3)); then
        log "LOST EVENTS in $name"
        GEN_RC=3
    elif ((rc != 0)); then
        log "the generator failed in $name (exit $rc)"
        [[ "$GEN_RC" == 0 ]] && GEN_RC=$rc
    fi
    return 0
}
rv() { # phase key -> value ("na" when absent)
    local v
    v=$(tr ' ' '\n' 2>/dev/null <"$RES/$1" | sed -n "s/^$2=//p" | head -1)
    echo "${v:-na}"
}
put() { echo "$2=$3" >>"$RES/$1"; }   # phase key value
# The keys' sum over several result files (a phase made of several generator runs).
#   sum_rv <value when none is a number> "<key> [key...]" <result file>...
sum_rv() {
    local none=$1 keys=$2 f k
    shift 2
    for f in "$@"; do for k in $keys; do rv "$f" "$k"; done; done \
        | awk -v none="$none" '$1 ~ /^[0-9.]+$/ { t += $1; n++ } END { print n ? t : none }'
}

export PGOPTIONS="-c client_min_messages=warning"
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -XAtq -v ON_ERROR_STOP=1)
export PGPASSWORD=postgres

# CPU per accepted event and commits per event of one generator run (warm-up + measured phase + drain), to show how
# the cost of an event changes between max throughput and the fixed rate. hookgate phases only.
# Checkpoints and autovacuum/autoanalyze runs on events and deliveries (their partitions) are counted too: both compete with ingest for the
# cores and the disk, so they tell whether a phase's tail came from the database's own housekeeping.
#   phase_snap -> "<app ticks> <PostgreSQL ticks> <stack ticks> <xact_commit> <checkpoints> <autovacuum runs>" (na if unknown)
phase_snap() {
    echo "$(cpu_ticks "$APP_PID") $(pg_ticks) $(cpu_ticks "$STACK_PID") \
$("${PSQL[@]}" -F ' ' -c "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
    (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter),
    (SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0) FROM pg_stat_user_tables WHERE relname LIKE 'events%' OR relname LIKE 'deliveries%')" \
    2>/dev/null || echo na na na)"
}
ms_per_event() { awk -v d="$1" -v n="$2" -v h="$CLK_TCK" 'BEGIN { printf "%.3f", d / h * 1000 / n }'; }  # ticks events
phase_cost() { # phase snapshot-before [generator runs that make up the phase; default: the phase itself]
    [[ "$1" == hookgate* ]] || return 0
    local phase=$1 a0 p0 s0 c0 k0 v0 a1 p1 s1 c1 k1 v1 n gen_s
    read -r a0 p0 s0 c0 k0 v0 <<<"$2"
    read -r a1 p1 s1 c1 k1 v1 <<<"$(phase_snap)"
    shift 2
    (($# > 0)) || set -- "$phase"
    n=$(sum_rv 0 "s202 warmup_s202" "$@")
    gen_s=$(sum_rv na generator_cpu_s "$@")
    if [[ "$k0$k1$v0$v1" =~ ^[0-9]+$ ]]; then
        put "$phase" checkpoints $((k1 - k0))
        put "$phase" autovacuums $((v1 - v0))
    fi
    ((n > 0)) || return 0
    put "$phase" app_ms_ev "$(ms_per_event $((a1 - a0)) "$n")"
    put "$phase" pg_ms_ev "$(ms_per_event $((p1 - p0)) "$n")"
    put "$phase" stack_ms_ev "$(ms_per_event $((s1 - s0)) "$n")"
    put "$phase" gen_ms_ev "$(awk -v c="$gen_s" -v n="$n" 'BEGIN { if (c ~ /^[0-9.]+$/) printf "%.3f", c * 1000 / n; else print "na" }')"
    if [[ "$c0" =~ ^[0-9]+$ && "$c1" =~ ^[0-9]+$ ]]; then
        put "$phase" commits_ev "$(awk -v d=$((c1 - c0)) -v n="$n" 'BEGIN { printf "%.2f", d / n }')"
    fi
}

# Runs the same load sequence on the instance $APP_PID: max throughput, then a fixed rate. Records RSS and CPU.
#   load_sequence <tag> <rate or empty: RATE_FRACTION of this max> extra generator args...
load_sequence() {
    local tag=$1 rate=$2 c0 t0 max pg0 st0 snap
    shift 2
    snap=$(phase_snap)
    read -r c0 pg0 st0 _ <<<"$snap"   # the whole load's start, too
    t0=$(now_us)
    gen "$tag-max" --duration="$DURATION" --warmup="$WARMUP" "$@"
    phase_cost "$tag-max" "$snap"
    if [[ -z "$rate" ]]; then
        max=$(rv "$tag-max" accepted_per_s)
        [[ "$max" == na ]] && die "no throughput from $tag-max"
        rate=$(awk -v r="$max" -v f="$RATE_FRACTION" 'BEGIN { x = int(r * f); print (x < 1 ? 1 : x) }')
    fi
    # The tail at a fixed rate swings from run to run on a shared 2-core machine, so one run settles nothing: run it
    # RATE_RUNS times and let $tag-rate be the run with the median p99 (all its figures from that one run).
    snap=$(phase_snap)
    local runs=() i median
    for ((i = 1; i <= RATE_RUNS; i++)); do
        gen "$tag-rate-$i" --rate="$rate" --duration="$DURATION" --warmup="$WARMUP" "$@"
        runs+=("$tag-rate-$i")
    done
    median=$(for r in "${runs[@]}"; do echo "$(rv "$r" p99_ms) $r"; done | sort -g | awk '{ v[NR] = $2 } END { print v[int((NR + 1) / 2)] }')
    cp "$RES/$median" "$RES/$tag-rate"
    put "$tag-rate" p99_runs "$(for r in "${runs[@]}"; do rv "$r" p99_ms; done | paste -sd/)"
    put "$tag-rate" median_of "$RATE_RUNS"
    phase_cost "$tag-rate" "$snap" "${runs[@]}"
    kill -0 "$APP_PID" 2>/dev/null || die "$tag died during the load (log: $WORK/app-$tag.log)"
    put "$tag" rss_mb "$(rss_mb "$APP_PID")"
    if [[ "$tag" == hookgate* ]]; then
        # Group commit made visible: events per INSERT over the whole load (hookgate_ingest_batch_size_events).
        curl -fsS --max-time 5 "http://127.0.0.1:$MGMT_PORT/q/metrics" >"$WORK/metrics-$tag.txt" 2>/dev/null || true
        put "$tag" batch "$(awk '/^hookgate_ingest_batch_size_events_sum/ { s += $2 } /^hookgate_ingest_batch_size_events_count/ { c += $2 }
            /^hookgate_ingest_batch_size_events_max/ { if ($2 > m) m = $2 }
            END { if (c > 0) printf "%.1f_(max_%d)", s / c, m; else print "na" }' "$WORK/metrics-$tag.txt" 2>/dev/null)"
    fi
    put "$tag" cpu_s "$(ticks_to_s "$c0" "$(cpu_ticks "$APP_PID")")"
    put "$tag" pg_cpu_s "$(ticks_to_s "$pg0" "$(pg_ticks)")"
    put "$tag" stack_cpu_s "$(ticks_to_s "$st0" "$(cpu_ticks "$STACK_PID")")"
    put "$tag" gen_cpu_s "$(printf '%.1f' "$(sum_rv 0 generator_cpu_s "$tag-max" "${runs[@]}")")"
    put "$tag" reqs "$(sum_rv 0 "s202 warmup_s202" "$tag-max" "${runs[@]}")"
    put "$tag" load_s "$(( ($(now_us) - t0) / 1000000 ))"
    put "$tag" rate "$rate"
}

# ---- 2. the stack: PostgreSQL 14 (fsync, synchronous_commit on) + Artemis, from hookgate's local profile ---------
# The stack host is a hookgate -Plocal process on other ports, with its outbox relay and retention parked, so that it
# only hosts the two servers; the hookgate under test is a separate process, whose RSS and CPU are its own.
log "starting the embedded stack (hookgate -Plocal on 127.0.0.1:$STACK_HTTP_PORT/$STACK_MGMT_PORT, data $DATA)"
mkdir -p "$DATA"
(cd "$WORK/run" && exec "$JAVA" -Dquarkus.profile=local -Dhookgate-local.dir="$DATA" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$STACK_HTTP_PORT \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port=$STACK_MGMT_PORT \
    -Dhookgate.publish.relay-interval=24h -Dhookgate.retention.interval=24h \
    -jar "$APPS/hookgate-fast/quarkus-run.jar") >"$WORK/stack.log" 2>&1 &
STACK_PID=$!
STARTED+=("$STACK_PID")
deadline=$((SECONDS + READY_TIMEOUT))
until curl -fsS --max-time 2 "http://127.0.0.1:$STACK_MGMT_PORT/q/health/ready" 2>/dev/null | grep -q '"status" *: *"UP"'; do
    kill -0 "$STACK_PID" 2>/dev/null || { tail -n 40 "$WORK/stack.log" >&2; die "the stack host exited"; }
    ((SECONDS < deadline)) || { tail -n 40 "$WORK/stack.log" >&2; die "the stack host is not ready after ${READY_TIMEOUT}s"; }
    sleep 1
done
PG_SETTINGS=$("${PSQL[@]}" -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ': fsync=' || current_setting('fsync')
    || ' synchronous_commit=' || current_setting('synchronous_commit') || ' wal_sync_method=' || current_setting('wal_sync_method')
    || ' full_page_writes=' || current_setting('full_page_writes') || ' shared_buffers=' || current_setting('shared_buffers')")
log "stack ready: $PG_SETTINGS"
if [[ ! "$STACK_WARMUP" =~ ^0+(ms|s|m)?$ ]]; then
    # Warm PostgreSQL and the broker's JIT before anything is measured: the first measured phase would otherwise pay
    # for a cold broker. Sent to the stack host's own hookgate, with the usual database and broker checks.
    gen stack-warmup --url="http://127.0.0.1:$STACK_HTTP_PORT" --duration="$STACK_WARMUP" --warmup=0
fi

# ---- 3. hookgate (fast-jar): start-to-ready, max throughput, 50 %, RSS and CPU ---------------------------------------
log "hookgate: starting (fast-jar)"
launch hookgate-load hookgate "$APPS/hookgate-fast" || die "hookgate did not start"
log "hookgate ready in ${READY_MS} ms (RSS ${RSS_READY} MB)"
put hookgate ready_ms "$READY_MS"
"${PSQL[@]}" -c "CHECKPOINT"
load_sequence hookgate ""
stop_pid "$APP_PID" 30
HG_RATE=$(rv hookgate rate)
HG_ROW_BYTES=$("${PSQL[@]}" -c "SELECT round(avg(pg_column_size(e.*))) FROM (SELECT * FROM events WHERE source = '$SOURCE' LIMIT 1000) e")

# ---- 4. baseline A: pgbench, the same row shape, one INSERT per transaction, the same server -----------------------
log "baseline A: pgbench, $CONCURRENCY clients, one INSERT ... ON CONFLICT DO NOTHING per transaction"
"${PSQL[@]}" -c "DROP TABLE IF EXISTS bench_events" -c "CREATE TABLE bench_events (LIKE events INCLUDING ALL)" \
    -c "CREATE UNIQUE INDEX ON bench_events (source, dedup_key)"
# The row: headers and payload of a real hookgate row of this run (so that the sizes match). Both go into the script
# hex-encoded, because pgbench would take the ":8080" in a literal for a variable.
sample=$("${PSQL[@]}" -F ' ' -c "SELECT encode(convert_to(headers::text, 'UTF8'), 'hex'), encode(payload, 'hex')
    FROM events WHERE source = '$SOURCE' ORDER BY received_at DESC LIMIT 1")
[[ -n "$sample" ]] || die "no hookgate row to copy the row shape from"
HEADERS_HEX=${sample%% *}
PAYLOAD_HEX=${sample#* }
# A time-ordered id, like hookgate's UUIDv7 (so the primary-key index sees the same append pattern), and a dedup key
# derived from it: unique without a sequence, so that clients do not serialise on anything hookgate does not have.
cat >"$WORK/insert.sql" <<EOF
INSERT INTO bench_events (id, source, dedup_key, event_type, received_at, content_type, headers, payload) SELECT k::uuid, '$SOURCE', 'pgbench-' || k, 'bench', now(), 'application/json', convert_from(decode('$HEADERS_HEX', 'hex'), 'UTF8')::jsonb, decode('$PAYLOAD_HEX', 'hex') FROM (SELECT lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000000)::bigint), 14, '0') || substr(md5(random()::text), 1, 18) AS k) s ON CONFLICT (source, dedup_key) DO NOTHING RETURNING id;
EOF
PGB=(pgbench -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c "$CONCURRENCY" -j 2 -f "$WORK/insert.sql")
"${PSQL[@]}" -c "CHECKPOINT"
run_waited "$WORK/pgbench-warmup.out" "${PGB[@]}" -T "$(secs "$WARMUP")" postgres \
    || die "pgbench warm-up failed: $(tail -5 "$WORK/pgbench-warmup.out")"
"${PSQL[@]}" -c "TRUNCATE bench_events" -c "CHECKPOINT"
mkdir -p "$WORK/pgb"
log "baseline A: measuring $(secs "$DURATION") s (load average $(load1))"
cpu_stat() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }
read -r busy0 total0 < <(cpu_stat)
pgb_pg0=$(pg_ticks)
run_waited "$WORK/pgbench.out" "${PGB[@]}" -T "$(secs "$DURATION")" -l --log-prefix="$WORK/pgb/tx" postgres \
    || die "pgbench failed: $(tail -5 "$WORK/pgbench.out")"
read -r busy1 total1 < <(cpu_stat)
pgb_pg1=$(pg_ticks)
sed 's/^/    /' "$WORK/pgbench.out" >&2
{
    echo "pg_cpu_s=$(ticks_to_s "$pgb_pg0" "$pgb_pg1")"
    echo "machine_cpu_pct=$(awk -v b="$((busy1 - busy0))" -v t="$((total1 - total0))" 'BEGIN { if (t > 0) printf "%.0f", 100 * b / t; else print "na" }')"
    echo "RESULT tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$WORK/pgbench.out" \
            | awk '{ printf "%.1f", $1 }')" \
        "tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$WORK/pgbench.out")" \
        "failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$WORK/pgbench.out")" \
        "rows=$("${PSQL[@]}" -c "SELECT count(*) FROM bench_events")" \
        "row_bytes=$("${PSQL[@]}" -c "SELECT round(avg(pg_column_size(b.*))) FROM (SELECT * FROM bench_events LIMIT 1000) b")"
    # Per-transaction latencies (3rd column of the log, microseconds) of every client -> percentiles in ms.
    cat "$WORK"/pgb/tx.* | awk '{ print $3 }' | sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "p50_ms=na p99_ms=na p999_ms=na max_ms=na"; exit }
        split("50 99 99.9", q, " "); split("p50_ms p99_ms p999_ms", k, " ");
        for (i = 1; i <= 3; i++) { n = int(NR * q[i] / 100 + 0.999999); if (n < 1) n = 1; printf "%s=%.3f ", k[i], v[n] / 1000 }
        printf "max_ms=%.3f\n", v[NR] / 1000 }'
    echo "load1=$(load1)"
} | tr '\n' ' ' >"$RES/pgbench"
echo >>"$RES/pgbench"
"${PSQL[@]}" -c "DROP TABLE bench_events"

# ---- 5. baseline B: the floor app (bare Quarkus REST) under the same load sequence ----------------------------------
log "baseline B: the floor app (fast-jar)"
launch floor-load floor "$APPS/floor-fast" || die "the floor app did not start"
log "floor app ready in ${READY_MS} ms (RSS ${RSS_READY} MB)"
put floor ready_ms "$READY_MS"
load_sequence floor "$HG_RATE" --jdbc=none --amqp=none
stop_pid "$APP_PID" 30

# ---- 6. startup: N samples per app and variant; the AOT cache trained on the same load ------------------------------
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : "na") }'; }
startup_samples() { # key kind dir extra-jvm-flags... ; returns 1 if a start failed
    local key=$1 kind=$2 dir=$3 i samples=() rss=() own=()
    shift 3
    for ((i = 1; i <= STARTUP_RUNS; i++)); do
        launch "$key-$i" "$kind" "$dir" "$@" || return 1
        samples+=("$READY_MS")
        rss+=("$RSS_READY")
        stop_pid "$APP_PID" 30
        # Quarkus' own "started in": from its bootstrap to the HTTP server listening (no JVM boot, no readiness).
        own+=("$(sed -n 's/.* started in \([0-9.]*\)s\..*/\1/p' "$WORK/app-$key-$i.log" | head -1 \
            | awk '{ printf "%d", $1 * 1000 }')")
    done
    put startup "$key-quarkus" "$(printf '%s\n' "${own[@]}" | median)"
    put startup "$key" "$(printf '%s\n' "${samples[@]}" | median)"
    put startup "$key-all" "$(IFS=/; echo "${samples[*]}")"
    put startup "$key-rss" "$(printf '%s\n' "${rss[@]}" | median)"
    log "startup $key: ${samples[*]} ms"
}
: >"$RES/startup"
: >"$RES/aot"
for kind in hookgate floor; do
    startup_samples "$kind-fast" "$kind" "$APPS/$kind-fast" || die "$kind did not start"
done

if [[ "$AOT_ON" == 1 ]]; then
    for kind in hookgate floor; do
        dir="$APPS/$kind-aot"
        checks=()
        [[ "$kind" == floor ]] && checks=(--jdbc=none --amqp=none)
        startup_samples "$kind-aotjar" "$kind" "$dir" || { put aot "$kind-error" "aot-jar_did_not_start"; continue; }
        # AOTMode=on: fail rather than silently start without the cache when the JVM cannot use it.
        if [[ -s "$dir/app.aot" ]]; then
            put aot "$kind-build_mb" "$(du -m "$dir/app.aot" | cut -f1)"
            startup_samples "$kind-aotbuild" "$kind" "$dir" -XX:AOTMode=on -XX:AOTCache="$dir/app.aot" \
                || put aot "$kind-build-error" "the_JVM_refused_Quarkus'_app.aot"
        else
            put aot "$kind-build-error" "Quarkus_wrote_no_app.aot"
        fi
        # The JDK 25 way (JEP 514/515): record during a real load, the JVM writes the cache when it exits.
        rm -f "$dir/app-trained.aot" "$dir/app-trained.aot.config"
        log "AOT: training $kind (aot-jar, $AOT_TRAIN at $HG_RATE/s); the JVM writes $dir/app-trained.aot on exit"
        if ! launch "$kind-train" "$kind" "$dir" -XX:AOTCacheOutput="$dir/app-trained.aot"; then
            put aot "$kind-error" "training_run_did_not_start"
            continue
        fi
        gen "$kind-train" --rate="$HG_RATE" --duration="$AOT_TRAIN" --warmup=0 "${checks[@]}"
        t0=$(now_us)
        stop_pid "$APP_PID" "$AOT_CREATE_TIMEOUT"
        put aot "$kind-create_s" "$(( ($(now_us) - t0) / 1000000 ))"
        if [[ ! -s "$dir/app-trained.aot" ]]; then
            log "AOT: no cache written for $kind; the end of its log:"
            tail -n 20 "$WORK/app-$kind-train.log" >&2
            put aot "$kind-error" "no_app-trained.aot_written"
            continue
        fi
        put aot "$kind-size_mb" "$(du -m "$dir/app-trained.aot" | cut -f1)"
        put aot "$kind-skipped" "$(grep -c '\[warning\]\[aot\] Skipping' "$WORK/app-$kind-train.log" || true)"
        if ! startup_samples "$kind-aotcache" "$kind" "$dir" -XX:AOTMode=on -XX:AOTCache="$dir/app-trained.aot"; then
            put aot "$kind-error" "the_JVM_refused_the_trained_cache"
            continue
        fi
        if [[ "$AOT_LOAD" == 1 ]]; then
            log "AOT: $kind with the trained cache, under the same load sequence"
            launch "$kind-aot" "$kind" "$dir" -XX:AOTMode=on -XX:AOTCache="$dir/app-trained.aot" \
                || die "$kind with the AOT cache did not start"
            put "$kind-aot" ready_ms "$READY_MS"
            [[ "$kind" == hookgate ]] && "${PSQL[@]}" -c "CHECKPOINT"
            load_sequence "$kind-aot" "$HG_RATE" "${checks[@]}"
            stop_pid "$APP_PID" 30
        fi
    done
fi
LOAD_END=$(load1)

# ---- 7. the summary -------------------------------------------------------------------------------------------------
num() { [[ "$1" =~ ^-?[0-9]+([.][0-9]+)?$ ]]; }
ratio() { num "$1" && num "$2" && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "na" }' || echo na; }
verdict() { # value op limit -> PASS/FAIL/n/a
    num "$1" || { echo "n/a"; return; }
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { ok = (op == "<=") ? (v <= l) : (v >= l); print ok ? "PASS" : "FAIL" }'
}
pct() { num "$1" && num "$2" && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%+.0f%%", (a - b) / b * 100; else print "na" }' || echo na; }
sum_lost() { # phases... -> total lost (na if any phase did not check)
    local t=0 p v
    for p in "$@"; do
        v=$(rv "$p" lost)
        num "$v" || { echo na; return; }
        t=$((t + v))
    done
    echo "$t"
}

A_TPS=$(rv pgbench tps)
HG_MAX=$(rv hookgate-max accepted_per_s)
B_MAX=$(rv floor-max accepted_per_s)
HG_P99_HALF=$(rv hookgate-rate p99_ms)
LAG_HALF=$(rv hookgate-rate publish_lag_p99_ms)
LAG_MAX=$(rv hookgate-max publish_lag_p99_ms)
HG_PHASES=()
[[ -f "$RES/stack-warmup" ]] && HG_PHASES+=(stack-warmup)
rate_runs() { local f; for f in "$RES/$1"-rate-[0-9]*; do [[ -f "$f" ]] || continue; basename "$f"; done | sort -V; }
# Every generator run once (the $tag-rate files are copies of one of their rate runs).
HG_PHASES+=(hookgate-max $(rate_runs hookgate))
[[ -f "$RES/hookgate-train" ]] && HG_PHASES+=(hookgate-train)
[[ -f "$RES/hookgate-aot-max" ]] && HG_PHASES+=(hookgate-aot-max $(rate_runs hookgate-aot))
LOST=$(sum_lost "${HG_PHASES[@]}")
LOST_VERDICT=$([[ "$LOST" == 0 ]] && echo PASS || { [[ "$LOST" == na ]] && echo n/a || echo FAIL; })
for p in "${HG_PHASES[@]}"; do
    [[ "$(rv "$p" broker_complete)" == true ]] || LOST_VERDICT="$LOST_VERDICT (broker check incomplete in $p)"
done
THROUGHPUT_RATIO=$(ratio "$HG_MAX" "$A_TPS")

SUMMARY="$WORK/summary.txt"
{
    echo "================================================================================================================="
    echo "hookgate comparison  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) cores  JDK $JAVA_MAJOR  load avg (1 min) start $LOAD_START, end $LOAD_END"
    echo "phases: warm-up $WARMUP + $DURATION each, concurrency $CONCURRENCY (pgbench clients = in-flight requests), body $BODY_SIZE B, source $SOURCE"
    echo "$PG_SETTINGS (embedded, shared by pgbench and hookgate)"
    echo "row size (pg_column_size): hookgate events $HG_ROW_BYTES B, pgbench bench_events $(rv pgbench row_bytes) B; pgbench rows $(rv pgbench rows) of $(rv pgbench tx) tx, $(rv pgbench failed) failed"
    echo "-----------------------------------------------------------------------------------------------------------------"
    printf '%-44s %9s %9s %9s %9s %9s %5s %6s\n' "throughput and latency" "req/s" "p50 ms" "p99 ms" "p99.9 ms" "max ms" "cpu%" "load1"
    printf '%-44s %9s %9s %9s %9s %9s %5s %6s\n' "A  pgbench, 1 INSERT/tx, $CONCURRENCY clients" "$A_TPS" \
        "$(rv pgbench p50_ms)" "$(rv pgbench p99_ms)" "$(rv pgbench p999_ms)" "$(rv pgbench max_ms)" \
        "$(rv pgbench machine_cpu_pct)" "$(rv pgbench load1)"
    for row in "floor-max|B  floor app, max ($CONCURRENCY in flight)" "floor-rate|   floor app, fixed $(rv floor rate)/s (median run)" \
            "hookgate-max|hookgate, max ($CONCURRENCY in flight)" \
            "hookgate-rate|hookgate, fixed $(rv hookgate rate)/s = ${RATE_FRACTION} x max (median)"; do
        p=${row%%|*}
        printf '%-44s %9s %9s %9s %9s %9s %5s %6s\n' "${row#*|}" "$(rv "$p" accepted_per_s)" "$(rv "$p" p50_ms)" \
            "$(rv "$p" p99_ms)" "$(rv "$p" p999_ms)" "$(rv "$p" max_ms)" "$(rv "$p" machine_cpu_pct)" "$(rv "$p" load1)"
    done
    if [[ -f "$RES/hookgate-aot-max" ]]; then
        for row in "hookgate-aot-max|hookgate + trained AOT cache, max" "hookgate-aot-rate|hookgate + AOT cache, fixed $(rv hookgate rate)/s (median)"; do
            p=${row%%|*}
            printf '%-44s %9s %9s %9s %9s %9s %5s %6s\n' "${row#*|}" "$(rv "$p" accepted_per_s)" "$(rv "$p" p50_ms)" \
                "$(rv "$p" p99_ms)" "$(rv "$p" p999_ms)" "$(rv "$p" max_ms)" "$(rv "$p" machine_cpu_pct)" "$(rv "$p" load1)"
        done
    fi
    for p in floor-rate hookgate-rate hookgate-aot-rate; do
        [[ -f "$RES/$p" ]] && echo "  $p: p99 of each of the $(rv "$p" median_of) runs, ms: $(rv "$p" p99_runs)"
    done
    echo "  (fixed-rate rows: the run with the median p99 of RATE_RUNS runs in a row, all figures from that run;"
    echo "   fixed-rate latencies are coordinated-omission corrected; pgbench latencies are per transaction, from its log;"
    echo "   cpu% = all cores busy, every process, during the measured phase; load1 = 1-min load average at its end)"
    echo "-----------------------------------------------------------------------------------------------------------------"
    printf '%-44s %9s %9s %9s %9s %9s %9s\n' "durability (hookgate)" "202" "stored" "PUBLISHED" "on broker" "lost" "lag p99"
    for p in "${HG_PHASES[@]}"; do
        printf '%-44s %9s %9s %9s %9s %9s %9s\n' "$p" "$(rv "$p" s202)" "$(rv "$p" stored)" "$(rv "$p" published)" \
            "$(rv "$p" broker_messages)" "$(rv "$p" lost)" "$(rv "$p" publish_lag_p99_ms)"
    done
    echo "  (lost = 202s - min(rows stored, distinct event ids consumed from the broker); lag = received -> broker-accepted, ms)"
    echo "-----------------------------------------------------------------------------------------------------------------"
    printf '%-44s %12s %16s %s\n' "ratios and targets" "value" "target" "verdict"
    printf '%-44s %12s %16s %s\n' "hookgate max / baseline A (pgbench tps)" "${THROUGHPUT_RATIO}x" ">= 1.5x" "$(verdict "$THROUGHPUT_RATIO" ">=" 1.5)"
    printf '%-44s %12s %16s %s\n' "hookgate max / baseline B (HTTP ceiling)" "$(ratio "$HG_MAX" "$B_MAX")x" "-" "(share of the ceiling)"
    printf '%-44s %12s %16s %s\n' "hookgate p99 ack at 50 % load (median run)" "$HG_P99_HALF ms" "<= 25 ms" "$(verdict "$HG_P99_HALF" "<=" 25)"
    printf '%-44s %12s %16s %s\n' "  same, / floor p99 at that rate" "$(ratio "$HG_P99_HALF" "$(rv floor-rate p99_ms)")x" "-" ""
    printf '%-44s %12s %16s %s\n' "publish lag p99 at 50 % load" "$LAG_HALF ms" "<= 250 ms" "$(verdict "$LAG_HALF" "<=" 250)"
    printf '%-44s %12s %16s %s\n' "publish lag p99 at max throughput" "$LAG_MAX ms" "(<= 250 ms)" "$(verdict "$LAG_MAX" "<=" 250) (informational)"
    printf '%-44s %12s %16s %s\n' "lost, all hookgate phases" "$LOST" "0" "$LOST_VERDICT"
    echo "-----------------------------------------------------------------------------------------------------------------"
    printf '%-40s %10s %10s %14s %14s %9s\n' "startup: process start -> ready, ms" "fast-jar" "aot-jar" "+Quarkus cache" "+trained cache" "gain"
    for kind in hookgate floor; do
        f=$(rv startup "$kind-fast")
        c=$(rv startup "$kind-aotcache")
        printf '%-40s %10s %10s %14s %14s %9s\n' "$kind (median of $STARTUP_RUNS)" "$f" "$(rv startup "$kind-aotjar")" \
            "$(rv startup "$kind-aotbuild")" "$c" "$(pct "$c" "$f")"
        for row in "all|  samples" "rss|  RSS at ready, MB" "quarkus|  Quarkus' own \"started in\", ms"; do
            printf '%-40s %10s %10s %14s %14s\n' "${row#*|}" "$(rv startup "$kind-fast-${row%%|*}")" \
                "$(rv startup "$kind-aotjar-${row%%|*}")" "$(rv startup "$kind-aotbuild-${row%%|*}")" "$(rv startup "$kind-aotcache-${row%%|*}")"
        done
    done
    printf '%-40s %10s %10s %14s %14s\n' "  hookgate / floor" "$(ratio "$(rv startup hookgate-fast)" "$(rv startup floor-fast)")x" \
        "$(ratio "$(rv startup hookgate-aotjar)" "$(rv startup floor-aotjar)")x" \
        "$(ratio "$(rv startup hookgate-aotbuild)" "$(rv startup floor-aotbuild)")x" \
        "$(ratio "$(rv startup hookgate-aotcache)" "$(rv startup floor-aotcache)")x"
    echo "  (gain = trained cache vs fast-jar; +Quarkus cache = quarkus.package.jar.aot.enabled, recorded at build time;"
    echo "   +trained cache = -XX:AOTCacheOutput during $AOT_TRAIN of load; both run with -XX:AOTMode=on, so an unusable cache fails)"
    if [[ -n "$AOT_NOTE" ]]; then
        echo "  AOT cache: $AOT_NOTE"
    else
        for kind in hookgate floor; do
            e=$(rv aot "$kind-build-error")
            [[ "$e" != na ]] && echo "  Quarkus AOT cache for $kind: FAILED ($e)" \
                || echo "  Quarkus AOT cache for $kind: $(rv aot "$kind-build_mb") MB"
            e=$(rv aot "$kind-error")
            if [[ "$e" != na ]]; then
                echo "  trained AOT cache for $kind: FAILED ($e)"
            else
                echo "  trained AOT cache for $kind: $(rv aot "$kind-size_mb") MB, written in $(rv aot "$kind-create_s") s at exit;" \
                    "$(rv aot "$kind-skipped") classes left out ([warning][aot] Skipping)"
            fi
        done
    fi
    echo "-----------------------------------------------------------------------------------------------------------------"
    printf '%-44s %9s %9s %9s %9s %9s %9s\n' "memory and CPU under the same load" "load s" "RSS MB" "CPU s" "cores" "req" "CPU ms/req"
    for p in hookgate hookgate-aot floor floor-aot; do
        [[ -f "$RES/$p" ]] || continue
        label=$p
        [[ "$p" == *-aot ]] && label="$p (trained cache)"
        reqs=$(rv "$p" reqs)
        printf '%-44s %9s %9s %9s %9s %9s %9s\n' "$label" "$(rv "$p" load_s)" "$(rv "$p" rss_mb)" \
            "$(rv "$p" cpu_s)" "$(awk -v c="$(rv "$p" cpu_s)" -v s="$(rv "$p" load_s)" 'BEGIN { if (s > 0) printf "%.2f", c / s; else print "na" }')" \
            "$reqs" "$(awk -v c="$(rv "$p" cpu_s)" -v r="$reqs" 'BEGIN { if (r > 0) printf "%.3f", c * 1000 / r; else print "na" }')"
    done
    echo "  (load = max for $WARMUP + $DURATION, then $RATE_RUNS x the fixed rate for $WARMUP + $DURATION; RSS = VmRSS right after it;"
    echo "   CPU = utime + stime of the app process over the load, JIT compilation included; PostgreSQL and the broker excluded)"
    for p in hookgate hookgate-aot; do
        [[ -f "$RES/$p" ]] && echo "  $p: events per INSERT (group commit), mean over the load: $(rv "$p" batch | tr '_' ' ')"
    done
    echo "-----------------------------------------------------------------------------------------------------------------"
    printf '%-44s %9s %9s %9s %9s %9s\n' "where the CPU went, s (same windows)" "app" "Postgres" "stackJVM" "generator" "PG ms/ev"
    for p in hookgate hookgate-aot floor floor-aot; do
        [[ -f "$RES/$p" ]] || continue
        reqs=$(rv "$p" reqs)
        printf '%-44s %9s %9s %9s %9s %9s\n' "$p" "$(rv "$p" cpu_s)" "$(rv "$p" pg_cpu_s)" "$(rv "$p" stack_cpu_s)" \
            "$(rv "$p" gen_cpu_s)" "$(awk -v c="$(rv "$p" pg_cpu_s)" -v r="$reqs" 'BEGIN { if (r > 0 && c ~ /^[0-9.]+$/) printf "%.3f", c * 1000 / r; else print "na" }')"
    done
    printf '%-44s %9s %9s %9s %9s %9s\n' "pgbench (measured phase only)" "-" "$(rv pgbench pg_cpu_s)" "-" "-" \
        "$(awk -v c="$(rv pgbench pg_cpu_s)" -v r="$(rv pgbench tx)" 'BEGIN { if (r > 0 && c ~ /^[0-9.]+$/) printf "%.3f", c * 1000 / r; else print "na" }')"
    echo "  (Postgres = postmaster + backends; stackJVM = the stack host: Artemis plus an idle hookgate; generator = the"
    echo "   load generator JVMs; PG ms/ev = PostgreSQL CPU per stored event, per pgbench insert for baseline A)"
    echo "-----------------------------------------------------------------------------------------------------------------"
    printf '%-36s %8s %8s %8s %8s %8s %7s %5s %5s\n' "CPU ms per accepted event, by phase" "app" "Postgres" "stackJVM" "gen" "total" \
        "commits" "ckpt" "avac"
    for p in hookgate-max hookgate-rate hookgate-aot-max hookgate-aot-rate; do
        [[ "$(rv "$p" app_ms_ev)" == na ]] && continue
        printf '%-36s %8s %8s %8s %8s %8s %7s %5s %5s\n' "$p" "$(rv "$p" app_ms_ev)" "$(rv "$p" pg_ms_ev)" "$(rv "$p" stack_ms_ev)" \
            "$(rv "$p" gen_ms_ev)" "$(awk -v a="$(rv "$p" app_ms_ev)" -v b="$(rv "$p" pg_ms_ev)" -v c="$(rv "$p" stack_ms_ev)" \
                -v d="$(rv "$p" gen_ms_ev)" 'BEGIN { printf "%.3f", a + b + c + d }')" "$(rv "$p" commits_ev)" \
            "$(rv "$p" checkpoints)" "$(rv "$p" autovacuums)"
    done
    echo "  (each over its warm-up, measured phase and drain, the rate rows over all $RATE_RUNS runs; commits = PostgreSQL"
    echo "   transactions per event, all clients; ckpt = checkpoints, avac = autovacuum + autoanalyze runs on events and deliveries."
    echo "   An event costs more at the fixed rate than at max: fewer events share each commit, wake-up and write)"
    echo "================================================================================================================="
} | tee "$SUMMARY"
mkdir -p "$BENCH_DIR/target"
cp "$SUMMARY" "$BENCH_DIR/target/compare-summary-$(date +%Y%m%d-%H%M%S).txt"

[[ "$LOST" == 0 || "$LOST" == na ]] || exit 3
exit "$GEN_RC"
