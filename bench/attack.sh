#!/usr/bin/env bash
# hookgate under attack: signed GitHub deliveries at a fixed rate, once alone ("quiet") and once beside 64 connections
# of attack traffic (bench/src/.../AttackGenerator: headers announcing 1 MB and then nothing, Stripe signatures with
# 200 forged candidates on 1 MB bodies, unknown sources, 3 MB bodies to a percent-encoded path), alternating for
# ROUNDS rounds, each run on a fresh hookgate with the chart's heap (-Xmx256m). Reports the signed traffic's p99 and
# errors, and hookgate's RSS, per run and as medians, with the attack/quiet ratios; hgCPU and atkCPU are the cores
# hookgate and the attacker kept busy during the measured phase, mach% the whole machine.
#
# On the stack users run: this machine's PostgreSQL (5432) and RabbitMQ (5672), as bench/external.sh. Everything
# talks to 127.0.0.1 only; every process it starts is stopped by the EXIT trap. Run it on a quiet machine.
#
#   bash bench/attack.sh
#   RATE=300 DURATION=60s ROUNDS=3 ATTACK_CONNECTIONS=64 bash bench/attack.sh
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PG_PASSWORD=${PG_PASSWORD:-postgres}
DB=${DB:-hookgate_attack}              # dropped and created afresh
AMQP_PORT=${AMQP_PORT:-5672}
AMQP_USER=${AMQP_USER:-guest}
AMQP_PASSWORD=${AMQP_PASSWORD:-guest}
RATE=${RATE:-200}                      # signed deliveries per second
WARMUP=${WARMUP:-20s}
DURATION=${DURATION:-40s}
ROUNDS=${ROUNDS:-2}                    # each round: one quiet run, one attacked run
ATTACK_CONNECTIONS=${ATTACK_CONNECTIONS:-64}
ATTACK_KINDS=${ATTACK_KINDS:-headers-only,stripe-candidates,unknown-source,encoded-path}
HEAP=${HEAP:-256m}                     # the chart's -Xmx for a 512Mi pod
HOOKGATE_OPTS=${HOOKGATE_OPTS:-}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_WORK=${KEEP_WORK:-0}

HTTP_PORT=8080
MGMT_PORT=9000
SOURCE=github-demo
STRIPE_SOURCE=stripe-demo

log() { printf '[attack %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
JAVA_HOME=$(pick_jdk) || die "no JDK >= 21 found; set JAVA_HOME"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
command -v psql >/dev/null || die "psql not found (Debian: apt-get install postgresql-client)"
require_free_ports "$HTTP_PORT" "$MGMT_PORT"
secs() { local v=$1; case $v in *ms) echo $((${v%ms} / 1000)) ;; *s) echo "${v%s}" ;; *m) echo $((${v%m} * 60)) ;; *) echo "$v" ;; esac; }

WORK_BASE=${WORK_BASE:-$REPO/target/bench-attack}
WORK="$WORK_BASE/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$WORK"
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

export PGPASSWORD="$PG_PASSWORD"
PSQL=(psql -qAtX -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1)

# ---- build: hookgate's fast-jar into the work base (the checkout's target/ stays as it is), and the generators
APP_DIR="$WORK_BASE/hookgate-app"
BENCH_JAR="$BENCH_DIR/target/hookgate-bench.jar"
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building hookgate (fast-jar) -> $APP_DIR"
    (cd "$REPO" && ./mvnw -B -q -Dmaven.test.skip=true package -Dquarkus.package.output-directory="$APP_DIR") \
        >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "build failed"; }
    log "building the load and attack generators (bench/)"
    (cd "$BENCH_DIR" && "$REPO/mvnw" -B -q -DskipTests package) >>"$WORK/build.log" 2>&1 \
        || { tail -40 "$WORK/build.log" >&2; die "bench build failed"; }
fi
for f in "$APP_DIR/quarkus-run.jar" "$BENCH_JAR"; do [[ -f "$f" ]] || die "missing $f (SKIP_BUILD=0)"; done

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null \
    || die "cannot reach PostgreSQL at $PG_HOST:$PG_PORT"
hookgate_stack_conf
HOOKGATE_CONF+=("-Dhookgate.sources.$STRIPE_SOURCE.scheme=stripe" "-Dhookgate.sources.$STRIPE_SOURCE.secrets=whsec_local_stripe_secret")
gen_jvm

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

run() { # mode name
    local mode=$1 name=$2 hg_pid sampler attack_pid
    QUEUES+=("bench.$name" "bench.$name.stripe")
    # shellcheck disable=SC2086 # HOOKGATE_OPTS: several options, split on purpose
    (cd "$WORK" && exec "$JAVA" "-Xmx$HEAP" -XX:+ExitOnOutOfMemoryError "${HOOKGATE_CONF[@]}" \
        "-Dhookgate.sources.$SOURCE.address=bench.$name" "-Dhookgate.sources.$STRIPE_SOURCE.address=bench.$name.stripe" \
        $HOOKGATE_OPTS -jar "$APP_DIR/quarkus-run.jar") >"$WORK/$name.log" 2>&1 &
    hg_pid=$!
    STARTED+=("$hg_pid")
    for ((i = 0; ; i++)); do
        kill -0 "$hg_pid" 2>/dev/null || { tail -30 "$WORK/$name.log" >&2; die "hookgate exited ($name)"; }
        curl -fs -o /dev/null "http://127.0.0.1:$MGMT_PORT/q/health/ready" && break
        ((i < 1200)) || die "hookgate not ready after 120 s ($name): $(curl -s "http://127.0.0.1:$MGMT_PORT/q/health/ready")" \
            "(RabbitMQ: rabbitmq-plugins enable rabbitmq_amqp1_0)"
        sleep 0.1
    done
    # RSS once a second, from the start of the warm-up to the end of the measured phase.
    (while kill -0 "$hg_pid" 2>/dev/null; do rss_kib "$hg_pid"; sleep 1; done) >"$WORK/$name.rss" &
    sampler=$!
    attack_pid=""
    if [[ $mode == attack ]]; then
        "$JAVA" -Xmx512m -cp "$BENCH_JAR" io.hookgate.bench.AttackGenerator --port=$HTTP_PORT \
            --connections="$ATTACK_CONNECTIONS" --kinds="$ATTACK_KINDS" \
            --duration=$(($(secs "$WARMUP") + $(secs "$DURATION") + 5))s \
            --github-source=$SOURCE --stripe-source=$STRIPE_SOURCE >"$WORK/$name.attack" 2>&1 &
        attack_pid=$!
        STARTED+=("$attack_pid")
    fi
    local cpu_of="app:$hg_pid"
    [[ -n "$attack_pid" ]] && cpu_of="$cpu_of,attacker:$attack_pid"
    "$JAVA" "${GEN_JVM[@]}" -jar "$BENCH_JAR" --cpu-of="$cpu_of" --url=http://127.0.0.1:$HTTP_PORT --source=$SOURCE --concurrency=64 \
        --rate="$RATE" --warmup="$WARMUP" --duration="$DURATION" --body-size=1024 --request-timeout=30s \
        "--jdbc=jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" "--db-user=$PG_USER" "--db-password=$PG_PASSWORD" \
        "--amqp=amqp://$AMQP_USER:$AMQP_PASSWORD@127.0.0.1:$AMQP_PORT" "--amqp-address=bench.$name" --amqp-durable=true \
        --drain-timeout=120s --broker-idle=10s >"$WORK/$name.gen" 2>&1 \
        || { tail -25 "$WORK/$name.gen" >&2; log "generator failed ($name)"; }
    local alive=yes
    kill -0 "$hg_pid" 2>/dev/null || alive="no (see $name.log)"
    [[ -n "$attack_pid" ]] && wait "$attack_pid" 2>/dev/null || true
    kill "$sampler" 2>/dev/null || true
    stop_pid "$hg_pid" 20
    local result rss_max rss_med ooms traces
    result=$(grep '^RESULT ' "$WORK/$name.gen" || echo "RESULT")
    f() { tr ' ' '\n' <<<"$result" | sed -n "s/^$1=//p" | grep . || echo na; }
    rss_max=$(sort -n "$WORK/$name.rss" | tail -1)
    rss_med=$(median <"$WORK/$name.rss")
    ooms=$(grep -c 'OutOfMemoryError' "$WORK/$name.log" || true)
    traces=$(grep -c $'^\tat ' "$WORK/$name.log" || true)
    # Cores busy during the measured phase: CPU ms per accepted event x accepted events / measured ms.
    cores() { awk -v c="$(f "cpu_$1_ms_per_event")" -v n="$(f s202)" -v d="$(f duration_s)" \
        'BEGIN { if (c == "na" || d == "na" || d == 0) print "-"; else printf "%.2f", c * n / (d * 1000) }'; }
    printf '%-9s %-7s %6s %6s %5s %5s %6s %6s %8s %8s %8s %5s %7s %6s %6s %6s %s\n' "$name" "$mode" "$(f s202)" "$(f sent)" \
        "$(f s5xx)" "$(f errors)" "$(f lost)" "$(f p50_ms)" "$(f p99_ms)" "$((rss_med / 1024))" "$((rss_max / 1024))" \
        "${ooms:-0}" "${traces:-0}" "$(cores app)" "$(cores attacker)" "$(f machine_cpu_pct)" "$alive" >>"$WORK/table"
    if [[ -n "$attack_pid" ]]; then grep '^ATTACK ' "$WORK/$name.attack" | sed "s/^/  $name /" >>"$WORK/attacks" || true; fi
}

log "JDK $JAVA_HOME; PostgreSQL $PG_HOST:$PG_PORT, RabbitMQ :$AMQP_PORT; heap $HEAP; signed rate $RATE/s;" \
    "warm-up $WARMUP + $DURATION; $ATTACK_CONNECTIONS attack connections; load $(cut -d' ' -f1 /proc/loadavg)"
: >"$WORK/table"
: >"$WORK/attacks"
for ((r = 1; r <= ROUNDS; r++)); do
    for mode in quiet attack; do
        log "round $r: $mode"
        run "$mode" "$mode$r"
    done
done

echo
echo "hookgate under attack ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), -Xmx$HEAP, signed github deliveries at $RATE/s," \
    "1 KiB, warm-up $WARMUP + $DURATION measured; attack: $ATTACK_CONNECTIONS connections)"
printf '%-9s %-7s %6s %6s %5s %5s %6s %6s %8s %8s %8s %5s %7s %6s %6s %6s %s\n' run mode 202 sent 5xx err lost p50ms p99ms \
    rssMiB rssMaxMiB oom traces hgCPU atkCPU mach% alive
cat "$WORK/table"
echo "attack outcomes (HTTP status, or how the connection ended):"
cat "$WORK/attacks"
med() { awk -v m="$1" -v c="$2" '$2 == m { print $c }' "$WORK/table" | median; }
q99=$(med quiet 9); a99=$(med attack 9); qr=$(med quiet 11); ar=$(med attack 11)
echo "median p99 ms: quiet $q99, attack $a99 (ratio $(ratio "$a99" "$q99"); goal <= 2)"
echo "median peak RSS MiB: quiet $qr, attack $ar (ratio $(ratio "$ar" "$qr"))"
echo "signed errors under attack (5xx + no answer): $(awk '$2 == "attack" { s += $5 + $6 } END { print s + 0 }' "$WORK/table")"
