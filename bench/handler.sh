#!/usr/bin/env bash
# Throughput of the example handler (examples/handler): EVENTS contract-conforming messages are preloaded into a
# fresh queue, then the packaged handler, started as its own process, drains them into handled_events (one inbox
# transaction per event, embedded PostgreSQL with fsync on). Once against RabbitMQ 3.x on 127.0.0.1:5672 (skipped
# when nothing listens there) and once against an embedded ActiveMQ Artemis. Prints a table; the same table is left
# in examples/handler/target/bench/handler-throughput.txt, the handler's logs beside it.
#
#   bash bench/handler.sh                       # 20,000 events per broker
#   EVENTS=5000 BROKERS=artemis bash bench/handler.sh
#   CONCURRENCY=4 bash bench/handler.sh         # mp.messaging.incoming.webhooks.concurrency=4 (4 receivers)
#
# Run it on a quiet machine: it builds the handler (package), and the broker, PostgreSQL, the preloading client and
# the handler then share the cores.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${EVENTS:-20000}
BROKERS=${BROKERS:-rabbitmq,artemis}
CONCURRENCY=${CONCURRENCY:-}

# verify packages the handler, then failsafe runs only HandlerBench (no *Test, no *IT) against the packaged jar.
./mvnw -f examples/handler/pom.xml -B -ntp -q verify \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=HandlerBench -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.events="$EVENTS" -Dbench.brokers="$BROKERS" -Dbench.concurrency="$CONCURRENCY" >/dev/null

echo "example handler throughput ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), concurrency ${CONCURRENCY:-1}):"
cat examples/handler/target/bench/handler-throughput.txt
