#!/usr/bin/env bash
# Starts an isolated RabbitMQ node and Redis on loopback with project-local data, waits until they are ready,
# and applies the topology. Idempotent: a running instance is left alone.
#   ops/services-up.sh                 both
#   ops/services-up.sh redis|rabbitmq  one of them (e.g. to restart it after a test stopped it)
# Every port, the node name and the state folder come from ops/env.sh and can be overridden from the environment
# (tests start isolated instances that way); DF_IMPORT_TOPOLOGY=0 leaves the topology out.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
mkdir -p "$DF_STATE_DIR/redis" "$DF_STATE_DIR/rabbitmq/home" "$DF_STATE_DIR/rabbitmq/log"
wanted=" ${*:-redis rabbitmq} "

redis_up() {
# appendfsync always: a write is on disk before Redis acknowledges it, so a crashed Redis (or host) restarts with
# every acknowledged write (README "Durability" has the measured cost; `dreamframe repair` covers what is left).
if redis-cli -p "$DF_REDIS_PORT" ping >/dev/null 2>&1; then
    redis-cli -p "$DF_REDIS_PORT" config set appendfsync always >/dev/null
    echo "services: redis already running on 127.0.0.1:$DF_REDIS_PORT"
else
    redis-server --port "$DF_REDIS_PORT" --bind 127.0.0.1 --dir "$DF_STATE_DIR/redis" --daemonize yes \
        --pidfile "$DF_STATE_DIR/redis.pid" --logfile "$DF_STATE_DIR/redis/redis.log" \
        --appendonly yes --appendfsync always --save "" --maxmemory-policy noeviction
    for _ in $(seq 100); do redis-cli -p "$DF_REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -p "$DF_REDIS_PORT" ping >/dev/null || { echo "services: redis did not start" >&2; exit 1; }
    echo "services: redis up on 127.0.0.1:$DF_REDIS_PORT"
fi
}

rabbitmq_up() {
rabbit_env
d="$DF_STATE_DIR/rabbitmq"
cp "$DF_ROOT/ops/rabbitmq/rabbitmq.conf" "$d/rabbitmq.conf"
sed -i "s/@MGMT_PORT@/$DF_MGMT_PORT/; s/@PROM_PORT@/$DF_PROM_PORT/; s/@AMQP_PORT@/$DF_AMQP_PORT/" "$d/rabbitmq.conf"
echo "[rabbitmq_management,rabbitmq_prometheus]." > "$d/enabled_plugins"
if rabbitmqctl -n "$DF_NODENAME" -q status >/dev/null 2>&1; then
    echo "services: rabbitmq already running on 127.0.0.1:$DF_AMQP_PORT"
else
    # -detached returns at once; a node that cannot start says why in its own output and logs, shown below.
    if ! start_output=$(rabbitmq-server -detached 2>&1); then
        echo "services: rabbitmq-server -detached failed:" >&2
        echo "$start_output" >&2
        exit 1
    fi
    ok=""
    for _ in $(seq 300); do
        if rabbitmqctl -n "$DF_NODENAME" -q await_startup >/dev/null 2>&1; then ok=1; break; fi
        sleep 0.2
    done
    if [ -z "$ok" ]; then
        echo "services: rabbitmq did not start within 60 s; its own words:" >&2
        [ -n "$start_output" ] && echo "$start_output" >&2
        rabbitmqctl -n "$DF_NODENAME" await_startup --timeout 1 >&2 || true
        tail -n 30 "$d"/log/*.log >&2 || echo "services: no log under $d/log" >&2
        exit 1
    fi
    echo "services: rabbitmq up on 127.0.0.1:$DF_AMQP_PORT (management http://127.0.0.1:$DF_MGMT_PORT)"
fi
if [ "${DF_IMPORT_TOPOLOGY:-1}" = 0 ]; then
    # ops/cluster-up.sh imports it once the cluster has formed, so quorum queues get a replica on every node.
    return 0
fi
# Delay queues became quorum queues (at-least-once back to the work queue); an older checkout's classic ones are
# replaced when empty, else the import below names them.
rabbitmqctl -n "$DF_NODENAME" -q list_queues name type messages 2>/dev/null | while read -r name type messages; do
    if [[ "$name" == *.retry.* && "$type" == "classic" ]]; then
        if [ "$messages" = "0" ]; then
            rabbitmqctl -n "$DF_NODENAME" -q delete_queue "$name" >/dev/null && echo "services: replaced old delay queue $name"
        else
            echo "services: delay queue $name is an old classic queue holding $messages messages; let it drain, then rerun" >&2
        fi
    fi
done
rabbitmqctl -n "$DF_NODENAME" -q import_definitions "$DF_ROOT/Topology/definitions.json" >/dev/null
echo "services: topology imported from Topology/definitions.json"
}

case "$wanted" in *" redis "*) redis_up ;; esac
case "$wanted" in *" rabbitmq "*) rabbitmq_up ;; esac
echo "export DREAMFRAME_BROKER_URL=$DREAMFRAME_BROKER_URL DREAMFRAME_REDIS_URL=$DREAMFRAME_REDIS_URL"
