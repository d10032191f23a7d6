# Shared by bench/run.sh and bench/compare.sh (sourced, not run). Expects log() and die() from the caller.

java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -1; }

# A JDK >= 21: $JAVA_HOME if it is one, else the newest usual suspects under /usr/lib/jvm.
pick_jdk() {
    local c major
    for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/*; do
        [[ -n "$c" && -x "$c/bin/java" && -x "$c/bin/javac" ]] || continue
        major=$(java_major "$c")
        if [[ -n "$major" && "$major" -ge 21 ]]; then
            echo "$c"
            return 0
        fi
    done
    return 1
}

# Never benchmark somebody else's instance: refuse when one of the ports is taken.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
require_free_ports() {
    local p
    for p in "$@"; do
        port_busy "$p" && die "port 127.0.0.1:$p is already in use (another hookgate / quarkus:dev?); stop it first"
    done
    return 0
}

# The embedded PostgreSQL is a daemon of its own: if the JVM that started it could not stop it, stop it by the pid
# in its postmaster.pid, after checking that this postgres serves our data directory ($1).
stop_leftover_postgres() {
    local data=$1 pidfile="$1/postgres/postmaster.pid" pg
    [[ -f "$pidfile" ]] || return 0
    pg=$(head -1 "$pidfile" 2>/dev/null || true)
    if [[ "$pg" =~ ^[0-9]+$ ]] && kill -0 "$pg" 2>/dev/null \
            && tr '\0' ' ' <"/proc/$pg/cmdline" 2>/dev/null | grep -qF "$data"; then
        log "stopping leftover embedded PostgreSQL (pid $pg)"
        kill -INT "$pg" 2>/dev/null || true   # fast shutdown
        for _ in $(seq 1 40); do
            kill -0 "$pg" 2>/dev/null || break
            sleep 0.25
        done
        kill -0 "$pg" 2>/dev/null && kill -KILL "$pg" 2>/dev/null || true
    fi
    return 0
}

stop_pid() { # pid seconds: TERM, then KILL after that many seconds
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < $2 * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : "na") }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "na" && b != "na" && b > 0) printf "%.2f", a / b; else print "na" }'; }
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }   # utime + stime
now_us() { echo "${EPOCHREALTIME/./}"; }
# PostgreSQL's CPU ticks: the postmaster with its reaped children (backends that exited) and its live children.
pg_tree_ticks() { # postmaster pid
    local kids k
    kids=$(pgrep -P "$1" 2>/dev/null | tr '\n' ' ' || true)
    {
        sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || true
        for k in $kids; do sed 's/^.*) //' "/proc/$k/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true; done
    } | awk '{ t += $1 } END { print t + 0 }'
}

# hookgate's options for a PostgreSQL and an AMQP broker that are already running (native.sh, external.sh), from
# PG_HOST, PG_PORT, DB, PG_USER, PG_PASSWORD, AMQP_PORT, AMQP_USER, AMQP_PASSWORD and SOURCE (a GitHub source with
# the generator's demo secret). The caller adds the source's address. Sets HOOKGATE_CONF.
hookgate_stack_conf() {
    HOOKGATE_CONF=(
        -Dquarkus.http.host=127.0.0.1 -Dquarkus.management.host=127.0.0.1
        "-Dquarkus.datasource.reactive.url=postgresql://$PG_HOST:$PG_PORT/$DB"
        "-Dquarkus.datasource.username=$PG_USER" "-Dquarkus.datasource.password=$PG_PASSWORD"
        -Damqp-host=127.0.0.1 "-Damqp-port=$AMQP_PORT" "-Damqp-username=$AMQP_USER" "-Damqp-password=$AMQP_PASSWORD"
        -Dhookgate.admin.token=bench-admin-token-0123456789abcdef
        "-Dhookgate.sources.$SOURCE.scheme=github" "-Dhookgate.sources.$SOURCE.secrets=local-github-secret"
    )
}

# The load generator's JVM options (extra ones as arguments), for $JAVA_HOME. Sets GEN_JVM.
gen_jvm() {
    GEN_JVM=(-XX:+UseParallelGC -Xmx512m "$@")
    if (($(java_major "$JAVA_HOME") >= 24)); then
        GEN_JVM+=(--sun-misc-unsafe-memory-access=allow) # netty in the AMQP client
    fi
}

# One key of the generator's RESULT line for run <name>, from $WORK/<name>.result.
field() { tr ' ' '\n' <"$WORK/$1.result" | sed -n "s/^$2=//p"; }
