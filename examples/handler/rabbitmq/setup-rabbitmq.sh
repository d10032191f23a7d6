#!/usr/bin/env bash
# Dead-lettering for hookgate's queues on RabbitMQ 3.x, once per broker (idempotent): the fanout exchange
# hookgate.dlx, the durable queue webhooks.dead bound to it, and the policy hookgate-dlx that makes hookgate.dlx the
# dead-letter exchange of every queue named webhooks.*, whoever declares it (hookgate's sender or the handler's
# receiver) and whenever. Uses rabbitmqctl only (run it where rabbitmqctl reaches the node, as root or rabbitmq).
#
#   examples/handler/rabbitmq/setup-rabbitmq.sh              # vhost /
#   RABBITMQ_VHOST=hooks examples/handler/rabbitmq/setup-rabbitmq.sh
#
# The same objects by hand:
#   rabbitmqctl set_policy hookgate-dlx '^webhooks\.' '{"dead-letter-exchange":"hookgate.dlx"}' --apply-to queues
#   plus the exchange, queue and binding, which rabbitmqctl cannot declare one by one: hence import_definitions.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
vhost=${RABBITMQ_VHOST:-/}

definitions=$(mktemp --suffix=.json)
trap 'rm -f "$definitions"' EXIT
chmod 644 "$definitions"  # the node (user rabbitmq) reads the file itself
sed "s|\"vhost\": \"/\"|\"vhost\": \"${vhost}\"|" "$here/definitions.json" >"$definitions"
rabbitmqctl import_definitions "$definitions"
rabbitmqctl list_policies --vhost "$vhost"
