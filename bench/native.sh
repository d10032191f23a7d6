#!/usr/bin/env bash
# Native executable against the JVM fast-jar against the bare Quarkus app (bench/floor), and, with TODAY=, against
# another hookgate binary (an earlier build: "today's"), on a PostgreSQL and an AMQP broker that are already running
# (by default this machine's PostgreSQL on 5432 and RabbitMQ on 5672): start to ready with the schema up to date, RSS
# at ready and after a minute of load, and ingest throughput with p99. The schema is migrated once, first, by the
# migrator (migrator/). Everything talks to 127.0.0.1 only; every process it starts is stopped by the EXIT trap. See
# bench/README.md ("Native against JVM").
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PG_PASSWORD=${PG_PASSWORD:-postgres}
DB=${DB:-hookgate_bench}              # dropped and created afresh
AMQP_PORT=${AMQP_PORT:-5672}
AMQP_USER=${AMQP_USER:-guest}
AMQP_PASSWORD=${AMQP_PASSWORD:-guest}
STARTS=${STARTS:-7}                   # start-to-ready samples per variant, interleaved; the median is reported
HEAP=${HEAP:-256m}                    # -Xmx of native and JVM: the chart's default (50 % of a 512Mi limit)
LOAD_RATE=${LOAD_RATE:-500}           # the fixed rate of the minute of load before RSS is read
LOAD=${LOAD:-60s}
RUNS=${RUNS:-3}                       # max-throughput runs per variant, alternating; the median run by req/s
WARMUP=${WARMUP:-30s}
DURATION=${DURATION:-20s}
CONCURRENCY=${CONCURRENCY:-32}
NATIVE=${NATIVE:-}                    # default: target/*-runner (./mvnw package -Dnative)
NATIVE_OPTS=${NATIVE_OPTS:-}          # extra options of the native executables (e.g. -Xmn16m), space-separated
TODAY=${TODAY:-}                      # optional: an earlier hookgate executable, run with migrate-at-start off
MIGRATOR=${MIGRATOR:-}                # default: migrator/target/*-runner, else the migrator's fast-jar (built here)
SKIP_BUILD=${SKIP_BUILD:-0}           # 1: reuse $WORK_BASE's JVM app, bench/floor/target and bench/target
KEEP_WORK=${KEEP_WORK:-0}
ONLY_NATIVE=${ONLY_NATIVE:-0}         # 1: the native executable alone (comparing NATIVE_OPTS settings)
AOT_APP=${AOT_APP:-}                  # optional: a quarkus-app directory with a Leyden AOT cache (app.aot), built
                                      # with -Dquarkus.package.jar.aot.enabled=true on JDK 25: adds the jvm-aot variant
JVM_ONLY=${JVM_ONLY:-0}               # 1: no native executable (jvm, jvm-aot with AOT_APP, and floor)

HTTP_PORT=8080
MGMT_PORT=9000
SOURCE=github-demo

log() { printf '[native %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
JAVA_HOME=$(pick_jdk) || die "no JDK >= 21 found; set JAVA_HOME"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
command -v psql >/dev/null || die "psql not found (Debian: apt-get install postgresql-client)"
require_free_ports "$HTTP_PORT" "$MGMT_PORT"

if [[ -z "$NATIVE" ]]; then
    NATIVE=$(ls "$REPO"/target/*-runner 2>/dev/null | head -1 || true)
fi
[[ "$JVM_ONLY" == 1 || -x "$NATIVE" ]] \
    || die "no native executable: build it with ./mvnw package -Dnative (see README, Native), or set NATIVE"
[[ -z "$AOT_APP" || -f "$AOT_APP/app.aot" ]] || die "AOT_APP=$AOT_APP holds no app.aot"
[[ -z "$TODAY" || -x "$TODAY" ]] || die "TODAY=$TODAY is not an executable"
read -r -a NATIVE_EXTRA <<<"$NATIVE_OPTS"

WORK_BASE=${WORK_BASE:-$REPO/target/bench-native}
WORK="$WORK_BASE/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$WORK"
RES="$WORK/results"
: >"$RES"

STARTED=()
cleanup() {
    local pid
    for pid in "${STARTED[@]}"; do stop_pid "$pid" 10; done
    [[ "$KEEP_WORK" == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

put() { echo "$1=$2" >>"$RES"; }
rv() { sed -n "s/^$1=//p" "$RES" | tail -1 | grep . || echo na; }
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

# ---- build: the JVM app into the work dir (the checkout's target/ keeps the native executable), the floor app, the
# load generator.
JVM_APP="$WORK_BASE/jvm-app"
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building hookgate (fast-jar) -> $JVM_APP"
    (cd "$REPO" && ./mvnw -B -q -Dmaven.test.skip=true package -Dquarkus.package.output-directory="$JVM_APP") \
        >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "build failed"; }
    log "building bench/floor and the load generator"
    (cd "$BENCH_DIR/floor" && "$REPO/mvnw" -B -q -DskipTests package) >>"$WORK/build.log" 2>&1 \
        || { tail -40 "$WORK/build.log" >&2; die "floor build failed"; }
    (cd "$BENCH_DIR" && "$REPO/mvnw" -B -q -DskipTests package) >>"$WORK/build.log" 2>&1 \
        || { tail -40 "$WORK/build.log" >&2; die "bench build failed"; }
    if [[ -z "$MIGRATOR" ]] && ! ls "$REPO"/migrator/target/*-runner >/dev/null 2>&1; then
        log "building the migrator (fast-jar)"
        (cd "$REPO/migrator" && ./mvnw -B -q -Dmaven.test.skip=true package) >>"$WORK/build.log" 2>&1 \
            || { tail -40 "$WORK/build.log" >&2; die "migrator build failed"; }
    fi
fi
if [[ -z "$MIGRATOR" ]]; then
    MIGRATOR=$(ls "$REPO"/migrator/target/*-runner 2>/dev/null | head -1 || true)
    [[ -n "$MIGRATOR" ]] || MIGRATOR=$REPO/migrator/target/quarkus-app/quarkus-run.jar
fi
[[ -f "$MIGRATOR" ]] || die "no migrator: ./mvnw -f migrator/pom.xml package (or set MIGRATOR)"
FLOOR_JAR="$BENCH_DIR/floor/target/quarkus-app/quarkus-run.jar"
BENCH_JAR="$BENCH_DIR/target/hookgate-bench.jar"
for f in "$JVM_APP/quarkus-run.jar" "$FLOOR_JAR" "$BENCH_JAR"; do [[ -f "$f" ]] || die "missing $f (SKIP_BUILD=0)"; done

export PGPASSWORD="$PG_PASSWORD"
psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null || die "cannot create database $DB"

# hookgate's configuration, the same for both builds: system properties, which the native executable takes too.
hookgate_stack_conf
# Each start publishes to a queue of its own (bench.<name>), so that the generator's broker check reads only that
# run's messages and never a backlog left by an earlier phase.
variant_cmd() { # variant name -> the command line, in CMD
    local conf=("${HOOKGATE_CONF[@]}" "-Dhookgate.sources.$SOURCE.address=bench.$2")
    case $1 in
        native) CMD=("$NATIVE" "-Xmx$HEAP" "${NATIVE_EXTRA[@]}" "${conf[@]}") ;;
        # Today's binary, schema up to date and migrate-at-start off (the chart's migrations.atStart=false then).
        today) CMD=("$TODAY" "-Xmx$HEAP" "${NATIVE_EXTRA[@]}" "${conf[@]}" -Dquarkus.flyway.migrate-at-start=false) ;;
        jvm) CMD=("$JAVA" "-Xmx$HEAP" "${conf[@]}" -jar "$JVM_APP/quarkus-run.jar") ;;
        # The same JDK must have written the cache; -XX:AOTMode=on makes a JVM that cannot use it stop instead of
        # quietly running without it.
        jvm-aot) CMD=("$JAVA" -XX:AOTMode=on "-XX:AOTCache=$AOT_APP/app.aot" "-Xmx$HEAP" "${conf[@]}" -jar "$AOT_APP/quarkus-run.jar") ;;
        floor) CMD=("$JAVA" -Dquarkus.http.host=127.0.0.1 "-Dquarkus.http.port=$HTTP_PORT" -jar "$FLOOR_JAR") ;;
        *) die "unknown variant $1" ;;
    esac
}

# Starts a variant and measures exec -> first ready answer. The probe (a warm JVM polling every 5 ms) starts first;
# the clock starts just before the exec. Sets APP_PID and READY_MS.
start_variant() { # variant name
    local variant=$1 name=$2 url=http://127.0.0.1:$MGMT_PORT/q/health/ready method=GET expect=200 probe t0 ready p
    if [[ $variant == floor ]]; then
        url=http://127.0.0.1:$HTTP_PORT/webhooks/probe method=POST expect=202
    fi
    variant_cmd "$variant" "$name"
    "$JAVA" -XX:TieredStopAtLevel=1 -Xmx64m -cp "$BENCH_JAR" io.hookgate.bench.StartupProbe --url="$url" \
        --method="$method" --expect-status="$expect" --interval=5ms --timeout=120s >"$WORK/probe.out" 2>&1 &
    probe=$!
    STARTED+=("$probe")
    for _ in $(seq 1 400); do
        grep -q '^probing' "$WORK/probe.out" 2>/dev/null && break
        sleep 0.05
    done
    t0=$(now_us)
    (cd "$WORK" && exec "${CMD[@]}") >"$WORK/$name.log" 2>&1 &
    APP_PID=$!
    STARTED+=("$APP_PID")
    p=""
    wait -n -p p "$probe" "$APP_PID" || true
    ready=$(sed -n 's/^READY_EPOCH_US=//p' "$WORK/probe.out")
    if [[ "$p" != "$probe" || -z "$ready" ]]; then
        tail -n 30 "$WORK/$name.log" >&2
        die "$name did not become ready (log: $WORK/$name.log; KEEP_WORK=1 keeps it)"
    fi
    READY_MS=$(awk -v a="$ready" -v b="$t0" 'BEGIN { printf "%.1f", (a - b) / 1000 }')
}

gen_jvm
gen() { # name extra-args... ; leaves the RESULT line in $WORK/<name>.result
    local name=$1
    shift
    "$JAVA" "${GEN_JVM[@]}" -jar "$BENCH_JAR" \
        --url=http://127.0.0.1:$HTTP_PORT --source=$SOURCE --concurrency="$CONCURRENCY" --body-size=1024 \
        "--jdbc=jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" "--db-user=$PG_USER" "--db-password=$PG_PASSWORD" \
        "--amqp=amqp://$AMQP_USER:$AMQP_PASSWORD@127.0.0.1:$AMQP_PORT" "--amqp-address=bench.$name" \
        --drain-timeout=120s --broker-idle=20s "$@" \
        >"$WORK/$name.gen" 2>&1 || { tail -20 "$WORK/$name.gen" >&2; die "generator failed ($name)"; }
    grep '^RESULT ' "$WORK/$name.gen" >"$WORK/$name.result" || die "no RESULT from the generator ($name)"
}

log "JDK: $JAVA_HOME; native: $NATIVE; PostgreSQL $PG_HOST:$PG_PORT/$DB; broker 127.0.0.1:$AMQP_PORT; load $(cut -d' ' -f1 /proc/loadavg)"

# ---- 1. start to ready -------------------------------------------------------------------------------------------
log "migrating $DB with the migrator ($MIGRATOR)"
migrate_cmd=("$MIGRATOR" -Xmx64m)
[[ "$MIGRATOR" == *.jar ]] && migrate_cmd=("$JAVA" -Xmx64m -jar "$MIGRATOR")
t0=$(now_us)
DB_URL="postgresql://$PG_HOST:$PG_PORT/$DB" DB_USERNAME="$PG_USER" DB_PASSWORD="$PG_PASSWORD" "${migrate_cmd[@]}" \
    >"$WORK/migrator.log" 2>&1 || { tail -30 "$WORK/migrator.log" >&2; die "the migrator failed"; }
put migrate-fresh-ms "$(awk -v a="$(now_us)" -v b="$t0" 'BEGIN { printf "%.0f", (a - b) / 1000 }')"
t0=$(now_us)
DB_URL="postgresql://$PG_HOST:$PG_PORT/$DB" DB_USERNAME="$PG_USER" DB_PASSWORD="$PG_PASSWORD" "${migrate_cmd[@]}" \
    >>"$WORK/migrator.log" 2>&1 || die "the migrator failed on an up-to-date schema"
put migrate-uptodate-ms "$(awk -v a="$(now_us)" -v b="$t0" 'BEGIN { printf "%.0f", (a - b) / 1000 }')"
if [[ "$JVM_ONLY" != 1 ]]; then
    log "a first native start (not counted)"
    start_variant native first
    stop_pid "$APP_PID" 20
fi
# The native builds and the JVM builds each variant set is made of; the bare app only starts.
NATIVES=(native)
[[ -n "$TODAY" ]] && NATIVES=(native today)
[[ "$JVM_ONLY" == 1 ]] && NATIVES=()
JVMS=(jvm)
[[ -n "$AOT_APP" ]] && JVMS=(jvm jvm-aot)
[[ "$ONLY_NATIVE" == 1 ]] && NATIVES=(native) JVMS=()
VARIANTS=("${NATIVES[@]}" "${JVMS[@]}")
[[ "$ONLY_NATIVE" == 1 ]] || VARIANTS+=(floor)
for ((i = 1; i <= STARTS; i++)); do
    for v in "${VARIANTS[@]}"; do
        start_variant "$v" "start-$v-$i"
        rss=$(status_kb "$APP_PID" VmRSS)
        stop_pid "$APP_PID" 20
        echo "$READY_MS" >>"$WORK/ready-$v"
        echo "$rss" >>"$WORK/rss-$v"
        sed -n 's/.* started in \([0-9.]*\)s\..*/\1/p' "$WORK/start-$v-$i.log" | head -1 \
            | awk '{ printf "%.0f\n", $1 * 1000 }' >>"$WORK/quarkus-$v"
    done
    log "starts round $i: $(for v in "${VARIANTS[@]}"; do printf '%s %s ms  ' "$v" "$(tail -1 "$WORK/ready-$v")"; done)"
done
for v in "${VARIANTS[@]}"; do
    put "ready-$v" "$(median <"$WORK/ready-$v")"
    put "ready-all-$v" "$(paste -sd/ "$WORK/ready-$v")"
    put "quarkus-$v" "$(median <"$WORK/quarkus-$v")"
    put "rss-ready-$v" "$(mib "$(median <"$WORK/rss-$v")")"
done

LOADED=("${NATIVES[@]}" "${JVMS[@]}")
# ---- 2. RSS after a minute of load at a fixed rate ---------------------------------------------------------------
for v in "${LOADED[@]}"; do
    log "$v: $LOAD at $LOAD_RATE/s, then RSS"
    start_variant "$v" "load-$v"
    gen "load-$v" --rate="$LOAD_RATE" --warmup=0s --duration="$LOAD"
    put "rss-load-$v" "$(mib "$(status_kb "$APP_PID" VmRSS)")"
    put "hwm-load-$v" "$(mib "$(status_kb "$APP_PID" VmHWM)")"
    # Anonymous (heap, stacks, malloc) against file-backed (the executable's pages, or the JVM's mapped AOT cache
    # and jars): the file-backed part is shared and reclaimable, though the cgroup charges it too.
    put "anon-load-$v" "$(mib "$(status_kb "$APP_PID" RssAnon)")"
    put "file-load-$v" "$(mib "$(status_kb "$APP_PID" RssFile)")"
    put "load-p99-$v" "$(field "load-$v" p99_ms)"
    put "load-lost-$v" "$(field "load-$v" lost)"
    stop_pid "$APP_PID" 20
done

# ---- 3. max throughput, native and JVM alternating ---------------------------------------------------------------
for ((r = 1; r <= RUNS; r++)); do
    for v in "${LOADED[@]}"; do
        log "$v: max throughput run $r ($WARMUP warm-up + $DURATION)"
        start_variant "$v" "max-$v-$r"
        t0=$(cpu_ticks "$APP_PID")
        gen "max-$v-$r" --warmup="$WARMUP" --duration="$DURATION"
        t1=$(cpu_ticks "$APP_PID")
        stop_pid "$APP_PID" 20
        n=$(($(field "max-$v-$r" s202) + $(field "max-$v-$r" warmup_s202)))
        echo "$(field "max-$v-$r" accepted_per_s) $(field "max-$v-$r" p99_ms) $(field "max-$v-$r" lost)" \
            "$(awk -v d=$((t1 - t0)) -v n="$n" -v h="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", d / h * 1000 / n }')" \
            >>"$WORK/max-$v"
    done
done
for v in "${LOADED[@]}"; do
    row=$(sort -n "$WORK/max-$v" | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }')
    read -r rps p99 lost cpu <<<"$row"
    put "max-rps-$v" "$rps"
    put "max-p99-$v" "$p99"
    put "max-cpu-$v" "$cpu"
    put "max-all-$v" "$(awk '{ printf "%s%s", (NR > 1 ? "/" : ""), $1 }' "$WORK/max-$v")"
    put "max-lost-$v" "$(awk '{ s += ($3 == "na" ? 0 : $3) } END { print s + 0 }' "$WORK/max-$v")"
done

# ---- summary ------------------------------------------------------------------------------------------------------
col() { printf '%14s' "$@"; }
printf '\n== hookgate native vs %sJVM vs bare Quarkus app (%s, %s CPUs; PostgreSQL %s:%s, broker :%s)\n' \
    "$([[ -n "$TODAY" ]] && echo "today's binary vs ")" "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" "$PG_HOST" "$PG_PORT" "$AMQP_PORT"
file_mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'; }
[[ "$JVM_ONLY" == 1 ]] || printf 'native: %s (%s MB)%s\n' "$NATIVE" "$(file_mb "$NATIVE")" \
    "$([[ -n "$TODAY" ]] && printf '; today: %s (%s MB)' "$TODAY" "$(file_mb "$TODAY")")"
[[ -z "$AOT_APP" ]] || printf 'jvm-aot: %s/quarkus-run.jar with -XX:AOTCache=app.aot (%s MB cache); JDK %s\n' "$AOT_APP" \
    "$(file_mb "$AOT_APP/app.aot")" "$("$JAVA" -version 2>&1 | head -1)"
printf 'native options: -Xmx%s %s; migrator %s: %s ms on a fresh database, %s ms on an up-to-date one\n' "$HEAP" \
    "$NATIVE_OPTS" "$(basename "$MIGRATOR")" "$(rv migrate-fresh-ms)" "$(rv migrate-uptodate-ms)"
printf '%-40s' "start -> ready (median of $STARTS), ms"; for v in "${VARIANTS[@]}"; do col "$v"; done; echo
printf '%-40s' "  exec -> /q/health/ready 200"; for v in "${VARIANTS[@]}"; do col "$(rv "ready-$v")"; done; echo
printf '%-40s' "  Quarkus' own \"started in\""; for v in "${VARIANTS[@]}"; do col "$(rv "quarkus-$v")"; done; echo
printf '%-40s' "  RSS at ready, MiB"; for v in "${VARIANTS[@]}"; do col "$(rv "rss-ready-$v")"; done; echo
printf '%-40s' "  / floor"; for v in "${VARIANTS[@]}"; do col "$(ratio "$(rv "ready-$v")" "$(rv ready-floor)")x"; done; echo
for v in "${VARIANTS[@]}"; do printf '  %-18s every start, ms: %s\n' "$v" "$(rv "ready-all-$v")"; done
printf '\n%-40s' "after $LOAD at $LOAD_RATE/s (-Xmx$HEAP)"; for v in "${LOADED[@]}"; do col "$v"; done; echo
printf '%-40s' "  RSS, MiB"; for v in "${LOADED[@]}"; do col "$(rv "rss-load-$v")"; done; echo
printf '%-40s' "  peak RSS (VmHWM), MiB"; for v in "${LOADED[@]}"; do col "$(rv "hwm-load-$v")"; done; echo
printf '%-40s' "  of the RSS: anonymous, MiB"; for v in "${LOADED[@]}"; do col "$(rv "anon-load-$v")"; done; echo
printf '%-40s' "  of the RSS: file-backed, MiB"; for v in "${LOADED[@]}"; do col "$(rv "file-load-$v")"; done; echo
printf '%-40s' "  p99 at that rate, ms"; for v in "${LOADED[@]}"; do col "$(rv "load-p99-$v")"; done; echo
printf '%-40s' "  lost"; for v in "${LOADED[@]}"; do col "$(rv "load-lost-$v")"; done; echo
printf '\n%-40s' "max throughput (median run of $RUNS)"; for v in "${LOADED[@]}"; do col "$v"; done
[[ -n "$TODAY" ]] && col "native/today"; echo
printf '%-40s' "  accepted req/s"; for v in "${LOADED[@]}"; do col "$(rv "max-rps-$v")"; done
[[ -n "$TODAY" ]] && col "$(ratio "$(rv max-rps-native)" "$(rv max-rps-today)")x"; echo
printf '%-40s' "  p99, ms"; for v in "${LOADED[@]}"; do col "$(rv "max-p99-$v")"; done
[[ -n "$TODAY" ]] && col "$(ratio "$(rv max-p99-native)" "$(rv max-p99-today)")x"; echo
printf '%-40s' "  app CPU per accepted event, ms"; for v in "${LOADED[@]}"; do col "$(rv "max-cpu-$v")"; done
[[ -n "$TODAY" ]] && col "$(ratio "$(rv max-cpu-native)" "$(rv max-cpu-today)")x"; echo
printf '%-40s' "  lost (all runs)"; for v in "${LOADED[@]}"; do col "$(rv "max-lost-$v")"; done; echo
printf '  every run, req/s:'; for v in "${LOADED[@]}"; do printf ' %s %s;' "$v" "$(rv "max-all-$v")"; done; echo
[[ "$KEEP_WORK" == 1 ]] && log "work dir kept: $WORK"
exit 0
