#!/usr/bin/env bash
# Routes (README "Routes"), on this machine's PostgreSQL and RabbitMQ, each figure the median of RUNS:
#   deliveries   HTTP deliveries per second: K events of a source with one HTTP route, stored while the receiver is
#                down, all made due at once, then drained into bench's Receiver with the route's default
#                concurrency (16) and with CONCURRENCY_HIGH: deliveries/s, and the receiver's requests against K;
#   ingest       the CPU that routes add per event: the same source with 0 routes (its AMQP address), 1 and 3 HTTP
#                routes (all to the receiver), each under the same fixed RATE, the configurations alternating run by
#                run; hookgate's CPU and PostgreSQL's per accepted event, the CPU window running until every
#                delivery of the run is PUBLISHED, and the ratios to 0 routes.
# The receiver is a process of its own (bench/src/main/java/io/hookgate/bench/Receiver.java): its CPU is not
# hookgate's. One summary on stdout. Run it on a quiet machine: nothing else building or testing (bench/README.md).
set -euo pipefail

# The exact command, for the summary: the knobs set in the environment, then the script.
KNOBS=(PG_HOST PG_PORT PG_USER PG_PASSWORD DB AMQP_PORT AMQP_USER AMQP_PASSWORD RUNS K INGEST_RATE CONCURRENCY_HIGH
    RATE WARMUP DURATION BODY_SIZE PHASES HEAP RECEIVER_PORT DRAIN_TIMEOUT SKIP_BUILD KEEP_WORK BROKER_PID)
COMMAND=""
for v in "${KNOBS[@]}"; do if [[ -n "${!v+x}" ]]; then COMMAND+="$v=${!v} "; fi; done
COMMAND+="bash bench/routes.sh"

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PG_PASSWORD=${PG_PASSWORD:-postgres}
DB=${DB:-hookgate_routes}             # dropped and created afresh
AMQP_PORT=${AMQP_PORT:-5672}
AMQP_USER=${AMQP_USER:-guest}
AMQP_PASSWORD=${AMQP_PASSWORD:-guest}
RUNS=${RUNS:-3}
K=${K:-20000}                         # deliveries phase: events piled up per run
INGEST_RATE=${INGEST_RATE:-1000}      # deliveries phase: the rate those K events are stored at
CONCURRENCY_HIGH=${CONCURRENCY_HIGH:-64}
RATE=${RATE:-500}                     # ingest phase: fixed request rate of every run
WARMUP=${WARMUP:-20s}
DURATION=${DURATION:-20s}
BODY_SIZE=${BODY_SIZE:-1024}
PHASES=${PHASES:-deliveries,ingest}
HEAP=${HEAP:-512m}
RECEIVER_PORT=${RECEIVER_PORT:-18090}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-300}   # seconds: the longest wait for every delivery to be PUBLISHED
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_WORK=${KEEP_WORK:-0}

HTTP_PORT=8080
MGMT_PORT=9000
SOURCE=github-demo

log() { printf '[routes %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
JAVA_HOME=$(pick_jdk) || die "no JDK >= 21 found; set JAVA_HOME"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
for c in psql curl; do command -v $c >/dev/null || die "$c not found (Debian: apt-get install postgresql-client curl)"; done
require_free_ports "$HTTP_PORT" "$MGMT_PORT" "$RECEIVER_PORT"
has_phase() { [[ ",$PHASES," == *",$1,"* ]]; }
[[ "$K" =~ ^[0-9]+$ && "$K" -gt 0 && "$INGEST_RATE" =~ ^[0-9]+$ && "$INGEST_RATE" -gt 0 ]] \
    || die "K and INGEST_RATE must be positive integers"

WORK_BASE=${WORK_BASE:-$REPO/target/bench-routes}
WORK="$WORK_BASE/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$WORK"
RES="$WORK/results"
: >"$RES"
STARTED=()
QUEUES=()
APP_PID=
RECV_PID=
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
sql() { "${PSQL[@]}" -d "$DB" "$@"; }
secs() { local v=$1; case $v in *ms) echo $((${v%ms} / 1000)) ;; *s) echo "${v%s}" ;; *m) echo $((${v%m} * 60)) ;; *) echo "$v" ;; esac; }
median_row() { sort -n "$1" | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'; }
median_of() { awk -v c="$2" '{ print $c }' "$1" | median; }   # file column
all_of() { awk -v c="$2" '{ printf "%s%s", (NR > 1 ? "/" : ""), $c }' "$1"; }
sum_of() { awk -v c="$2" '{ s += ($c == "na" ? 0 : $c) } END { print s + 0 }' "$1"; }
now_ms() { echo $(($(now_us) / 1000)); }
per_event() { awk -v t="$1" -v n="$2" -v h="$CLK_TCK" 'BEGIN { if (n > 0) printf "%.4f", t / h * 1000 / n; else print "na" }'; }

# ---- build ---------------------------------------------------------------------------------------------------------
APP_DIR="$WORK_BASE/hookgate-app"
BENCH_JAR="$BENCH_DIR/target/hookgate-bench.jar"
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building hookgate (fast-jar) -> $APP_DIR, and bench/ (load generator, receiver)"
    (cd "$REPO" && ./mvnw -B -q -Dmaven.test.skip=true package -Dquarkus.package.output-directory="$APP_DIR") \
        >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "build failed"; }
    (cd "$BENCH_DIR" && "$REPO/mvnw" -B -q -DskipTests package) >>"$WORK/build.log" 2>&1 \
        || { tail -40 "$WORK/build.log" >&2; die "bench build failed"; }
    # hookgate carries no Flyway: the schema is the migrator's (migrator/), as in bench/native.sh.
    (cd "$REPO/migrator" && ./mvnw -B -q -Dmaven.test.skip=true package) >>"$WORK/build.log" 2>&1 \
        || { tail -40 "$WORK/build.log" >&2; die "migrator build failed"; }
fi
MIGRATOR_JAR="$REPO/migrator/target/quarkus-app/quarkus-run.jar"
for f in "$APP_DIR/quarkus-run.jar" "$BENCH_JAR" "$MIGRATOR_JAR"; do [[ -f "$f" ]] || die "missing $f (SKIP_BUILD=0)"; done

PG_DATA=$("${PSQL[@]}" -d postgres -c "SHOW data_directory") || die "cannot reach PostgreSQL at $PG_HOST:$PG_PORT"
PG_PID=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null) || die "cannot read $PG_DATA/postmaster.pid (run as the server's user or root)"
BROKER_PID=${BROKER_PID:-$(pgrep -f 'beam.smp.*rabbit' | head -1 || true)}
[[ -n "$BROKER_PID" ]] || die "no broker process found; set BROKER_PID"
if command -v rabbitmq-plugins >/dev/null && ! rabbitmq-plugins list -e 2>/dev/null | grep -q rabbitmq_amqp1_0; then
    die "RabbitMQ speaks AMQP 1.0 only through its plugin: rabbitmq-plugins enable --online rabbitmq_amqp1_0"
fi
CLK_TCK=$(getconf CLK_TCK)
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
gen_jvm
hookgate_stack_conf
RECEIVER_URL="http://127.0.0.1:$RECEIVER_PORT"

# ---- processes -----------------------------------------------------------------------------------------------------
start_hookgate() { # name extra -D options... -> APP_PID, once ready
    local name=$1 i
    shift
    (cd "$WORK" && exec "$JAVA" "-Xmx$HEAP" "${HOOKGATE_CONF[@]}" "$@" -jar "$APP_DIR/quarkus-run.jar") \
        >"$WORK/$name.log" 2>&1 &
    APP_PID=$!
    STARTED+=("$APP_PID")
    for ((i = 0; i < 1200; i++)); do
        kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$WORK/$name.log" >&2; die "$name exited"; }
        curl -fs -o /dev/null "http://127.0.0.1:$MGMT_PORT/q/health/ready" && return 0
        sleep 0.1
    done
    die "$name did not become ready (RabbitMQ without AMQP 1.0? rabbitmq-plugins enable rabbitmq_amqp1_0)"
}
stop_hookgate() { stop_pid "$APP_PID" 20; APP_PID=; }
start_receiver() {
    local i
    "$JAVA" -XX:+UseParallelGC -Xmx256m -cp "$BENCH_JAR" io.hookgate.bench.Receiver --port="$RECEIVER_PORT" \
        >>"$WORK/receiver.log" 2>&1 &
    RECV_PID=$!
    STARTED+=("$RECV_PID")
    for ((i = 0; i < 200; i++)); do
        curl -fs -o /dev/null "$RECEIVER_URL/stats" && return 0
        kill -0 "$RECV_PID" 2>/dev/null || break
        sleep 0.1
    done
    tail -5 "$WORK/receiver.log" >&2
    die "the receiver did not start on 127.0.0.1:$RECEIVER_PORT"
}
stop_receiver() { stop_pid "$RECV_PID" 10; RECV_PID=; }
receiver_stat() { curl -fs "$RECEIVER_URL/stats" | tr ' ' '\n' | sed -n "s/^$1=//p"; }   # key
gen() { # name extra-args...: the generator at a fixed rate, no database or broker check (the script checks)
    local name=$1
    shift
    "$JAVA" "${GEN_JVM[@]}" -jar "$BENCH_JAR" \
        --url=http://127.0.0.1:$HTTP_PORT --source=$SOURCE --concurrency=64 --body-size="$BODY_SIZE" \
        --warmup=0s --jdbc=none --amqp=none "$@" \
        >"$WORK/$name.gen" 2>&1 || { tail -25 "$WORK/$name.gen" >&2; die "generator failed ($name)"; }
    grep '^RESULT ' "$WORK/$name.gen" >"$WORK/$name.result" || die "no RESULT from the generator ($name)"
}
pending() { sql -c "SELECT count(*) FROM deliveries WHERE state = 'PENDING'"; }
# Polls until no delivery is PENDING; prints the epoch ms when it saw that. Every 0.1 s: the poll's error bounds the
# drain time's, and each poll is one short psql session (PostgreSQL CPU, the same in every configuration).
wait_drained() { # what
    local deadline=$(($(now_ms) + DRAIN_TIMEOUT * 1000)) n
    while :; do
        n=$(pending)
        [[ "$n" == 0 ]] && { now_ms; return 0; }
        (($(now_ms) < deadline)) || die "$1: $n deliveries still PENDING after ${DRAIN_TIMEOUT}s"
        sleep 0.1
    done
}
reset_store() { sql -c "TRUNCATE events, deliveries" -c "CHECKPOINT"; }
# The route options of one HTTP route to the receiver (name, then extra key=value pairs).
route() {
    local name=$1 kv
    shift
    echo "-Dhookgate.routes.$name.source=$SOURCE" "-Dhookgate.routes.$name.destination=$RECEIVER_URL/$name"
    for kv in "$@"; do echo "-Dhookgate.routes.$name.$kv"; done
}

log "JDK $JAVA_HOME; PostgreSQL $PG_HOST:$PG_PORT (pid $PG_PID), RabbitMQ :$AMQP_PORT (pid $BROKER_PID); load $(cut -d' ' -f1 /proc/loadavg)"
log "migrating $DB with the migrator"
DB_URL="postgresql://$PG_HOST:$PG_PORT/$DB" DB_USERNAME="$PG_USER" DB_PASSWORD="$PG_PASSWORD" \
    "$JAVA" -Xmx64m -jar "$MIGRATOR_JAR" >"$WORK/migrator.log" 2>&1 \
    || { tail -30 "$WORK/migrator.log" >&2; die "the migrator failed"; }

# ---- deliveries: a backlog of K, drained into the receiver ---------------------------------------------------------
# The backlog is stored through hookgate's ingest (the real rows), with the receiver not listening: the first
# attempts (those already in flight, up to the concurrency) are refused, circuit.failures (5) of them open the route's
# circuit, and with open-for=1h nothing more is attempted, so the deliveries pile up PENDING. A long open-for rather than stopping hookgate mid-way: it needs no
# race against the lane. Then, hookgate stopped, every delivery is made due and its failures zeroed (those few
# refused attempts leave no trace but their attempt_log entry), and a fresh hookgate with the route's ordinary
# settings drains the backlog into the receiver. The clock runs from the receiver's first request to the poll that
# sees no delivery PENDING, so hookgate's start (and the JIT's warm-up on this work) is partly inside it, as after a
# restart with a backlog.
if has_phase deliveries; then
    ingest_s=$(awk -v k="$K" -v r="$INGEST_RATE" 'BEGIN { printf "%.3f", k / r }')
    log "deliveries: $RUNS x (K=$K events stored at $INGEST_RATE/s, then drained with concurrency 16 and $CONCURRENCY_HIGH)"
    for ((r = 1; r <= RUNS; r++)); do
        for conc in 16 "$CONCURRENCY_HIGH"; do
            name="deliveries-c$conc-$r"
            reset_store
            # shellcheck disable=SC2046
            start_hookgate "$name-store" $(route bench circuit.open-for=1h)
            gen "$name" --rate="$INGEST_RATE" --duration="${ingest_s}s"
            stop_hookgate
            stored=$(sql -c "SELECT count(*) FROM deliveries WHERE destination = 'bench' AND state = 'PENDING'")
            tried=$(sql -c "SELECT count(*) FROM deliveries WHERE attempts > 0")
            sql -c "UPDATE deliveries SET next_attempt_at = now(), failures = 0 WHERE state = 'PENDING'" \
                -c "VACUUM ANALYZE deliveries" -c "CHECKPOINT"
            start_receiver
            # shellcheck disable=SC2046
            start_hookgate "$name-drain" $(route bench "concurrency=$conc")
            done_ms=$(wait_drained "$name")
            first=$(receiver_stat first_ms)
            last=$(receiver_stat last_ms)
            requests=$(receiver_stat requests)
            distinct=$(receiver_stat distinct)
            stop_hookgate
            stop_receiver
            published=$(sql -c "SELECT count(*) FROM deliveries WHERE destination = 'bench' AND state = 'PUBLISHED'")
            failed=$(sql -c "SELECT count(*) FROM deliveries WHERE state = 'FAILED'")
            rate=$(awk -v n="$published" -v a="$first" -v b="$done_ms" 'BEGIN { if (a > 0 && b > a) printf "%.0f", n * 1000 / (b - a); else print "na" }')
            recv_rate=$(awk -v n="$requests" -v a="$first" -v b="$last" 'BEGIN { if (a > 0 && b > a) printf "%.0f", n * 1000 / (b - a); else print "na" }')
            echo "$rate $recv_rate $stored $published $requests $distinct $failed $tried $(field "$name" s202)" >>"$WORK/deliveries-c$conc"
            log "  c$conc run $r: $(tail -1 "$WORK/deliveries-c$conc")"
        done
        log "    (deliveries/s to all PUBLISHED, receiver req/s, stored PENDING, PUBLISHED, receiver requests, distinct webhook-ids, FAILED, attempted while down, 202s)"
    done
    for conc in 16 "$CONCURRENCY_HIGH"; do
        f="$WORK/deliveries-c$conc"
        put "d$conc-rate" "$(median_of "$f" 1)"; put "d$conc-rate-all" "$(all_of "$f" 1)"
        put "d$conc-recv" "$(median_of "$f" 2)"
        put "d$conc-stored" "$(sum_of "$f" 3)"; put "d$conc-published" "$(sum_of "$f" 4)"
        put "d$conc-requests" "$(sum_of "$f" 5)"; put "d$conc-distinct" "$(sum_of "$f" 6)"
        put "d$conc-failed" "$(sum_of "$f" 7)"; put "d$conc-s202" "$(sum_of "$f" 9)"
    done
fi

# ---- ingest: CPU per event with 0, 1 and 3 routes ------------------------------------------------------------------
# Each run: a fresh hookgate with the configuration, WARMUP at RATE (drained), then the CPU window: DURATION at RATE,
# and on until every delivery of the run is PUBLISHED, so the deliveries' work (AMQP publish, or HTTP POSTs and their
# records) is inside it. The generator runs twice (warm-up, measured) so the window starts exactly with the load;
# its own JVM start is inside the window, with hookgate idle. CPU: hookgate's JVM (utime + stime), PostgreSQL's
# postmaster with every backend (pg_tree_ticks), and, for reading, the broker's and the receiver's.
config_opts() { # routes -> hookgate's -D options
    case $1 in
        0) echo "-Dhookgate.sources.$SOURCE.address=bench.routes-0" ;;
        1) route r1 ;;
        3) route r1; route r2; route r3 ;;
    esac
}
if has_phase ingest; then
    QUEUES+=("bench.routes-0")
    log "ingest: $RUNS x configs 0,1,3 routes, each $WARMUP warm-up + $DURATION at $RATE/s, then drained"
    start_receiver
    for ((r = 1; r <= RUNS; r++)); do
        for n in 0 1 3; do
            name="ingest-$n-$r"
            reset_store
            # shellcheck disable=SC2046
            start_hookgate "$name" $(config_opts "$n")
            gen "$name-warmup" --rate="$RATE" --duration="$WARMUP"
            wait_drained "$name warm-up" >/dev/null
            curl -fs -o /dev/null "$RECEIVER_URL/reset"
            a0=$(cpu_ticks "$APP_PID"); p0=$(pg_tree_ticks "$PG_PID"); b0=$(cpu_ticks "$BROKER_PID"); v0=$(cpu_ticks "$RECV_PID")
            t0=$(now_ms)
            gen "$name" --rate="$RATE" --duration="$DURATION"
            load_end=$(now_ms)
            done_ms=$(wait_drained "$name")
            a1=$(cpu_ticks "$APP_PID"); p1=$(pg_tree_ticks "$PG_PID"); b1=$(cpu_ticks "$BROKER_PID"); v1=$(cpu_ticks "$RECV_PID")
            requests=$(receiver_stat requests)
            distinct=$(receiver_stat distinct)
            stop_hookgate
            run=$(field "$name" run)
            s202=$(field "$name" s202)
            read -r stored deliveries published <<<"$(sql -F ' ' -c "
                SELECT count(DISTINCT e.id), count(d.event_id), count(d.event_id) FILTER (WHERE d.state = 'PUBLISHED')
                FROM events e LEFT JOIN deliveries d ON d.received_at = e.received_at AND d.event_id = e.id
                WHERE e.source = '$SOURCE' AND e.dedup_key LIKE '$run-m-%'")"
            expected=$((s202 * (n == 0 ? 1 : n)))
            lost=$((s202 - stored))
            undelivered=$((expected - published))
            dup=$((n == 0 ? 0 : requests - s202 * n))
            echo "$(per_event $((a1 - a0)) "$s202") $(per_event $((p1 - p0)) "$s202") $(per_event $((a1 - a0 + p1 - p0)) "$s202")" \
                "$(per_event $((b1 - b0)) "$s202") $(per_event $((v1 - v0)) "$s202") $(field "$name" accepted_per_s)" \
                "$(awk -v a="$load_end" -v b="$done_ms" 'BEGIN { printf "%.1f", (b - a) / 1000 }') $(field "$name" p99_ms)" \
                "$s202 $lost $undelivered $dup $requests $distinct $(field "$name" s5xx) $(field "$name" errors)" \
                "$(awk -v a="$t0" -v b="$done_ms" 'BEGIN { printf "%.1f", (b - a) / 1000 }')" >>"$WORK/ingest-$n"
            log "  $n routes, run $r: $(tail -1 "$WORK/ingest-$n")"
        done
        log "    (ms/event: hookgate, PG, both, broker, receiver; accepted/s, drain s, p99 ms, 202s, lost, undelivered, duplicates, receiver requests, distinct ids, 5xx, errors, window s)"
    done
    stop_receiver
    for n in 0 1 3; do
        f="$WORK/ingest-$n"
        put "i$n-app" "$(median_of "$f" 1)"; put "i$n-app-all" "$(all_of "$f" 1)"
        put "i$n-pg" "$(median_of "$f" 2)"; put "i$n-pg-all" "$(all_of "$f" 2)"
        put "i$n-both" "$(median_of "$f" 3)"
        put "i$n-broker" "$(median_of "$f" 4)"; put "i$n-recv" "$(median_of "$f" 5)"
        put "i$n-rps" "$(median_of "$f" 6)"; put "i$n-drain" "$(median_of "$f" 7)"; put "i$n-p99" "$(median_of "$f" 8)"
        put "i$n-s202" "$(sum_of "$f" 9)"; put "i$n-lost" "$(sum_of "$f" 10)"; put "i$n-undelivered" "$(sum_of "$f" 11)"
        put "i$n-dup" "$(sum_of "$f" 12)"; put "i$n-errors" "$(($(sum_of "$f" 15) + $(sum_of "$f" 16)))"
    done
fi

# ---- summary ---------------------------------------------------------------------------------------------------------
x0() { ratio "$(rv "i$1-$2")" "$(rv "i0-$2")"; }
cat <<EOF

hookgate routes (bench/routes.sh), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, PostgreSQL $("${PSQL[@]}" -d postgres -c "SHOW server_version"), median of $RUNS
command: $COMMAND
EOF
if has_phase deliveries; then
    cat <<EOF

HTTP deliveries: a backlog of K=$K events (one HTTP route) drained into the local receiver; from its first request
to no delivery PENDING (hookgate's start and JIT warm-up partly inside)
  concurrency   deliveries/s [runs]          receiver req/s   stored  PUBLISHED  receiver requests (distinct ids)  FAILED
EOF
    for conc in 16 "$CONCURRENCY_HIGH"; do
        printf '  %-13s %-28s %-16s %-7s %-10s %-33s %s\n' "$conc" "$(rv "d$conc-rate") [$(rv "d$conc-rate-all")]" \
            "$(rv "d$conc-recv")" "$(rv "d$conc-stored")" "$(rv "d$conc-published")" \
            "$(rv "d$conc-requests") ($(rv "d$conc-distinct"))" "$(rv "d$conc-failed")"
    done
    echo "  (sums over the runs; duplicates = receiver requests - distinct ids: $(($(rv d16-requests) - $(rv d16-distinct))) at 16, $(($(rv "d$CONCURRENCY_HIGH-requests") - $(rv "d$CONCURRENCY_HIGH-distinct"))) at $CONCURRENCY_HIGH)"
fi
if has_phase ingest; then
    cat <<EOF

Ingest CPU per accepted event at $RATE/s ($DURATION after a $WARMUP warm-up, fresh hookgate per run, configs alternating);
the CPU window runs from the load's start until every delivery of the run is PUBLISHED, so delivery work is inside it
  routes  hookgate ms/event [runs]      x0     PostgreSQL ms/event [runs]    x0     both    x0     broker  receiver  accepted/s  drain s  p99 ms
EOF
    for n in 0 1 3; do
        printf '  %-7s %-29s %-6s %-29s %-6s %-7s %-6s %-7s %-9s %-11s %-8s %s\n' "$n" \
            "$(rv "i$n-app") [$(rv "i$n-app-all")]" "$(x0 "$n" app)" "$(rv "i$n-pg") [$(rv "i$n-pg-all")]" "$(x0 "$n" pg)" \
            "$(rv "i$n-both")" "$(x0 "$n" both)" "$(rv "i$n-broker")" "$(rv "i$n-recv")" "$(rv "i$n-rps")" \
            "$(rv "i$n-drain")" "$(rv "i$n-p99")"
    done
    echo "  (ms of CPU per accepted event; x0 = median / 0 routes' median; drain s = from the load's end to"
    echo "  every delivery PUBLISHED; broker and receiver for reading, not in 'both')"
    echo "zero lost, sums over the runs (must all be 0 but the 202s):"
    for n in 0 1 3; do
        printf '  %s routes: %s 202s, %s not stored, %s deliveries not PUBLISHED, %s duplicate POSTs, %s 5xx or errors\n' \
            "$n" "$(rv "i$n-s202")" "$(rv "i$n-lost")" "$(rv "i$n-undelivered")" "$(rv "i$n-dup")" "$(rv "i$n-errors")"
    done
fi
