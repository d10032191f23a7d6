#!/usr/bin/env bash
# Where PostgreSQL's time goes while hookgate is under load: run it beside a load (bench/external.sh with KEEP_WORK=1,
# or the generator against a running hookgate). For SECONDS it samples pg_stat_activity every 50 ms (what each of
# hookgate's connections is waiting on), then prints the wait events, the statements by total time from
# pg_stat_statements (when the server preloads it), WAL bytes and records per stored event, and commits per event.
#
#   DB=hookgate_ext SECONDS_=20 bench/pg-profile.sh
#
# pg_stat_statements needs shared_preload_libraries = 'pg_stat_statements' and a restart; without it the statement
# table is skipped. Read-only apart from pg_stat_statements_reset().
set -euo pipefail

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
DB=${DB:-hookgate_ext}
SECS=${SECONDS_:-20}
export PGPASSWORD=${PG_PASSWORD:-postgres}
PSQL=(psql -qAtX -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$DB" -v ON_ERROR_STOP=1)

has_pss=$("${PSQL[@]}" -c "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")
if [[ "$has_pss" == 0 ]] && "${PSQL[@]}" -c "SHOW shared_preload_libraries" | grep -q pg_stat_statements; then
    "${PSQL[@]}" -c "CREATE EXTENSION pg_stat_statements" && has_pss=1
fi
[[ "$has_pss" == 1 ]] && "${PSQL[@]}" -c "SELECT pg_stat_statements_reset()" >/dev/null

read -r lsn0 xact0 events0 < <("${PSQL[@]}" -F ' ' -c "SELECT pg_current_wal_lsn(), (SELECT xact_commit FROM pg_stat_database
    WHERE datname = current_database()), (SELECT count(*) FROM events)")
wal0=$("${PSQL[@]}" -F ' ' -c "SELECT wal_records, wal_fpi, wal_bytes, wal_sync, wal_sync_time, wal_write FROM pg_stat_wal")

# Wait-event samples of the database's client backends (hookgate's pool), one query per 50 ms.
samples=$(mktemp)
trap 'rm -f "$samples"' EXIT
end=$((SECONDS + SECS))
n=0
while ((SECONDS < end)); do
    "${PSQL[@]}" -c "SELECT coalesce(wait_event_type, 'CPU') || ':' || coalesce(wait_event, state) FROM pg_stat_activity
        WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
          AND state <> 'idle'" >>"$samples"
    n=$((n + 1))
    sleep 0.05
done

read -r lsn1 xact1 events1 < <("${PSQL[@]}" -F ' ' -c "SELECT pg_current_wal_lsn(), (SELECT xact_commit FROM pg_stat_database
    WHERE datname = current_database()), (SELECT count(*) FROM events)")
wal1=$("${PSQL[@]}" -F ' ' -c "SELECT wal_records, wal_fpi, wal_bytes, wal_sync, wal_sync_time, wal_write FROM pg_stat_wal")
stored=$((events1 - events0))
((stored > 0)) || { echo "no event was stored in $SECS s: is the load running against $DB?" >&2; exit 1; }

echo "== $SECS s, $n samples of pg_stat_activity; $stored events stored ($(awk -v s="$stored" -v t="$SECS" 'BEGIN { printf "%.0f", s / t }')/s)"
echo "-- active client backends by wait event (average number of backends in that state)"
sort "$samples" | uniq -c | sort -rn | awk -v n="$n" '{ printf "  %6.2f  %s\n", $1 / n, $2 }' | head -12
echo "-- WAL (pg_stat_wal and the LSN)"
"${PSQL[@]}" -F ' ' -c "SELECT pg_wal_lsn_diff('$lsn1', '$lsn0')" | awk -v s="$stored" '{ printf "  WAL bytes per stored event: %.0f\n", (s > 0 ? $1 / s : 0) }'
paste <(echo "$wal0" | tr ' ' '\n') <(echo "$wal1" | tr ' ' '\n') | awk -v s="$stored" -v t="$SECS" '
    BEGIN { split("records fpi bytes syncs sync_ms writes", k, " ") }
    { d[NR] = $2 - $1 }
    END { printf "  per stored event: %.1f WAL records, %.3f full-page images; %.0f WAL syncs/s, %.3f ms per sync, %.0f writes/s\n",
          d[1] / s, d[2] / s, d[4] / t, (d[4] > 0 ? d[5] / d[4] : 0), d[6] / t }'
echo "  (sync timing needs track_wal_io_timing = on; 0 means it is off)"
echo "  commits per stored event: $(awk -v c=$((xact1 - xact0)) -v s="$stored" 'BEGIN { printf "%.3f", (s > 0 ? c / s : 0) }')"
if [[ "$has_pss" == 1 ]]; then
    echo "-- statements by total execution time (pg_stat_statements; ms per call, rows per call, WAL bytes per call)"
    "${PSQL[@]}" -F '|' -c "SELECT round(total_exec_time::numeric, 0), calls, round((total_exec_time / calls)::numeric, 3),
            round(rows::numeric / calls, 1), round(wal_bytes / calls), regexp_replace(left(query, 90), '\s+', ' ', 'g')
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY total_exec_time DESC LIMIT 10" \
        | awk -F'|' 'BEGIN { printf "  %9s %8s %9s %8s %9s  %s\n", "total ms", "calls", "ms/call", "rows", "WAL B", "query" }
                     { printf "  %9s %8s %9s %8s %9s  %s\n", $1, $2, $3, $4, $5, $6 }'
else
    echo "-- pg_stat_statements is not preloaded: no statement table"
fi
