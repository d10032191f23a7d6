#!/usr/bin/env bash
# One command benchmark of hookgate's ingest path, entirely on this machine:
#   1. builds hookgate in production mode with the local profile (embedded PostgreSQL + Artemis),
#   2. starts it in the background on a fresh temporary data directory, bound to 127.0.0.1 only,
#   3. waits for http://127.0.0.1:9000/q/health/ready to be UP,
#   4. builds the load generator (bench/, a standalone Maven project),
#   5. runs a max-throughput phase, then a fixed-rate phase at RATE_FRACTION (50%) of the measured throughput,
#   6. prints both results and stops hookgate (always, via an EXIT trap).
#
# Environment overrides (defaults in brackets):
#   DURATION [20s]  WARMUP [5s]  CONCURRENCY [64]  BODY_SIZE [512]  SOURCE [github-demo]  SCHEME [from SOURCE]
#   RATE_FRACTION [0.5]   fixed-rate phase = this fraction of the max-throughput phase's accepted/s
#   RATE [unset]          use this fixed rate instead of RATE_FRACTION
#   PHASES [max,rate]     "max", "rate" or "max,rate" ("rate" alone needs RATE)
#   DRAIN_TIMEOUT [30s]   how long each run waits for the outbox backlog to be PUBLISHED
#   SKIP_BUILD [0]        1 = reuse target/quarkus-app and bench/target as they are
#   MVN_ARGS []           extra Maven arguments, e.g. "-o" once everything is downloaded
#   READY_TIMEOUT [180]   seconds to wait for hookgate to become ready
#   KEEP_DATA [0]         1 = keep the temporary data directory and hookgate.log
#   JAVA_HOME             a JDK >= 21 (otherwise one is looked for under /usr/lib/jvm)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
CONCURRENCY=${CONCURRENCY:-64}
BODY_SIZE=${BODY_SIZE:-512}
SOURCE=${SOURCE:-github-demo}
SCHEME=${SCHEME:-}
RATE_FRACTION=${RATE_FRACTION:-0.5}
RATE=${RATE:-}
PHASES=${PHASES:-max,rate}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-30s}
SKIP_BUILD=${SKIP_BUILD:-0}
MVN_ARGS=${MVN_ARGS:-}
READY_TIMEOUT=${READY_TIMEOUT:-180}
KEEP_DATA=${KEEP_DATA:-0}

# Fixed by the local profile (application.properties %local.* and LocalMain).
HTTP_PORT=8080
MGMT_PORT=9000
PG_PORT=15432
AMQP_PORT=16672

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

# ---- a JDK >= 21 ------------------------------------------------------------------------------------------------
JAVA_HOME=$(pick_jdk) || die "no JDK >= 21 found; set JAVA_HOME"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
log "JDK: $JAVA_HOME (java $(java_major "$JAVA_HOME"))"

# ---- never benchmark somebody else's instance ----------------------------------------------------------------------
require_free_ports $HTTP_PORT $MGMT_PORT $PG_PORT $AMQP_PORT

# ---- cleanup: always stop what this script started ---------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hookgate-bench.XXXXXX")
DATA="$WORK/data"
HG_LOG="$WORK/hookgate.log"
HG_PID=""

stop_hookgate() {
    if [[ -n "$HG_PID" ]] && kill -0 "$HG_PID" 2>/dev/null; then
        log "stopping hookgate (pid $HG_PID)"
        kill -TERM "$HG_PID" 2>/dev/null || true
        for _ in $(seq 1 60); do
            kill -0 "$HG_PID" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$HG_PID" 2>/dev/null; then
            log "hookgate did not stop within 30 s; killing pid $HG_PID"
            kill -KILL "$HG_PID" 2>/dev/null || true
        fi
        wait "$HG_PID" 2>/dev/null || true
    fi
    HG_PID=""
    stop_leftover_postgres "$DATA"
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_hookgate
    if [[ "$KEEP_DATA" == 1 ]]; then
        log "kept $WORK (hookgate.log, data/)"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- 1. build hookgate (production mode, local profile) and the load generator --------------------------------------
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building hookgate: ./mvnw -Plocal -DskipTests package (log: $WORK/build.log)"
    # shellcheck disable=SC2086
    if ! (cd "$REPO" && ./mvnw -B $MVN_ARGS -Plocal -DskipTests package) >"$WORK/build.log" 2>&1; then
        tail -n 40 "$WORK/build.log" >&2
        die "hookgate build failed"
    fi
    log "building the load generator (bench/pom.xml)"
    # shellcheck disable=SC2086
    if ! "$REPO/mvnw" -B -q $MVN_ARGS -f "$BENCH_DIR/pom.xml" -DskipTests package >"$WORK/bench-build.log" 2>&1; then
        tail -n 40 "$WORK/bench-build.log" >&2
        die "bench build failed"
    fi
fi
[[ -f "$REPO/target/quarkus-app/quarkus-run.jar" ]] || die "no $REPO/target/quarkus-app/quarkus-run.jar"
[[ -f "$BENCH_DIR/target/hookgate-bench.jar" ]] || die "no $BENCH_DIR/target/hookgate-bench.jar"

# ---- 2. start hookgate on a fresh data dir, loopback only -----------------------------------------------------------
log "starting hookgate (data: $DATA, log: $HG_LOG)"
mkdir -p "$DATA"
(
    cd "$WORK"
    exec "$JAVA" \
        -Dquarkus.profile=local \
        -Dhookgate-local.dir="$DATA" \
        -Dquarkus.http.host=127.0.0.1 \
        -Dquarkus.management.host=127.0.0.1 \
        -jar "$REPO/target/quarkus-app/quarkus-run.jar"
) >"$HG_LOG" 2>&1 &
HG_PID=$!

# ---- 3. wait for readiness ---------------------------------------------------------------------------------------
deadline=$((SECONDS + READY_TIMEOUT))
until curl -fsS --max-time 2 "http://127.0.0.1:$MGMT_PORT/q/health/ready" 2>/dev/null | grep -q '"status" *: *"UP"'; do
    if ! kill -0 "$HG_PID" 2>/dev/null; then
        tail -n 40 "$HG_LOG" >&2
        die "hookgate exited before becoming ready"
    fi
    if ((SECONDS >= deadline)); then
        tail -n 40 "$HG_LOG" >&2
        die "hookgate not ready after ${READY_TIMEOUT}s"
    fi
    sleep 1
done
log "hookgate is ready (pid $HG_PID)"

# ---- 4. load --------------------------------------------------------------------------------------------------------
bench() { # extra --key=value args; prints the run's output, leaves the RESULT line in $WORK/last-result
    local out="$WORK/bench-$(date +%s%N).out" rc=0
    local args=(--url="http://127.0.0.1:$HTTP_PORT" --source="$SOURCE" --concurrency="$CONCURRENCY"
        --duration="$DURATION" --warmup="$WARMUP" --body-size="$BODY_SIZE" --drain-timeout="$DRAIN_TIMEOUT"
        --jdbc="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" --db-user=postgres --db-password=postgres)
    [[ -n "$SCHEME" ]] && args+=(--scheme="$SCHEME")
    "$JAVA" -XX:+UseParallelGC -Xms256m -Xmx512m -jar "$BENCH_DIR/target/hookgate-bench.jar" "${args[@]}" "$@" \
        | tee "$out" || rc=$?
    grep '^RESULT ' "$out" >"$WORK/last-result" || true
    if ! kill -0 "$HG_PID" 2>/dev/null; then
        tail -n 40 "$HG_LOG" >&2
        die "hookgate died during the run"
    fi
    return "$rc"
}
result_value() { # key -> value from $WORK/last-result
    tr ' ' '\n' <"$WORK/last-result" | sed -n "s/^$1=//p" | head -1
}

overall=0
results=()
if [[ ",$PHASES," == *",max,"* ]]; then
    log "phase 1: max throughput, $CONCURRENCY in flight, ${WARMUP} warmup + ${DURATION}"
    bench || overall=$?
    results+=("$(cat "$WORK/last-result" 2>/dev/null || echo 'RESULT missing')")
    if [[ -z "$RATE" ]]; then
        max_rate=$(result_value accepted_per_s)
        [[ -n "$max_rate" ]] || die "no accepted_per_s from the max-throughput run"
        RATE=$(awk -v r="$max_rate" -v f="$RATE_FRACTION" 'BEGIN { x = int(r * f); print (x < 1 ? 1 : x) }')
    fi
fi
if [[ ",$PHASES," == *",rate,"* ]]; then
    [[ -n "$RATE" ]] || die "PHASES=rate needs RATE=<requests/s>"
    log "phase 2: fixed rate $RATE/s (coordinated-omission corrected), ${WARMUP} warmup + ${DURATION}"
    bench --rate="$RATE" || overall=$?
    results+=("$(cat "$WORK/last-result" 2>/dev/null || echo 'RESULT missing')")
fi

# ---- 5. summary (hookgate is stopped by the EXIT trap) -----------------------------------------------------------
echo
echo "== hookgate bench summary ($(nproc) cores, $SOURCE, body $BODY_SIZE B, concurrency $CONCURRENCY) =="
for r in "${results[@]}"; do
    echo "$r"
done
if ((overall == 3)); then
    log "LOST EVENTS: some 202-accepted events are not in the database"
elif ((overall != 0)); then
    log "a benchmark run failed (exit $overall)"
fi
exit "$overall"
