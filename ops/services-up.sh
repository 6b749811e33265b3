#!/usr/bin/env bash
# Starts an isolated RabbitMQ node and Redis on loopback with project-local data, waits until they are ready,
# and applies the topology. Idempotent: a running instance is left alone (a running Redis gets its ACL again).
#   ops/services-up.sh                 both
#   ops/services-up.sh redis|rabbitmq  one of them (e.g. to start it again after a test stopped it)
#   ops/services-up.sh --restart [redis|rabbitmq]   stop (ops/services-down.sh, data kept) and start again
# Every port, the node name and the state folder come from ops/env.sh and can be overridden from the environment
# (tests start isolated instances that way); DF_IMPORT_TOPOLOGY=0 leaves the topology out. DF_BIND_ADDRESSES
# (default 127.0.0.1) lists the addresses RabbitMQ's AMQP listener and Redis bind, space-separated; 127.0.0.1 is
# always among them (the scripts reach the services there). Management, Prometheus and Erlang distribution stay on
# loopback. Other hosts need a broker user of their own (DF_AMQP_USER) and the Redis passwords (README).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
restart=""
services=()
for argument in "$@"; do
    case "$argument" in
        --restart) restart=1 ;;
        redis|rabbitmq) services+=("$argument") ;;
        *) echo "services-up: unknown argument '$argument' (expected --restart, redis or rabbitmq)" >&2; exit 64 ;;
    esac
done
[ ${#services[@]} -gt 0 ] || services=(redis rabbitmq)
wanted=" ${services[*]} "
if [ -n "$restart" ]; then
    "$(dirname "${BASH_SOURCE[0]}")/services-down.sh" "${services[@]}"
fi
mkdir -p "$DF_STATE_DIR/redis" "$DF_STATE_DIR/rabbitmq/home" "$DF_STATE_DIR/rabbitmq/log"
for address in $DF_BIND_ADDRESSES; do
    [[ "$address" =~ ^[0-9a-fA-F.:]+$ ]] || { echo "services-up: DF_BIND_ADDRESSES holds '$address', not an IP address" >&2; exit 64; }
done

# Every command DreamFrame sends to Redis (Sources/, the Lua scripts included: Redis checks a script's calls against
# the user running it). The pipeline's ACL user may run these and nothing else, on its own keys (df:*) only.
DF_REDIS_COMMANDS="ping select eval evalsha get set mget del exists expire pexpire incr hget hset hsetnx hmget hgetall
hdel hexists setbit getbit bitcount sadd srem smembers zadd zrange zrangebyscore zrem scan"

# Runs redis-cli against the local Redis as its admin (the default user, password REDISCLI_AUTH) and fails unless
# the reply is OK.
redis_admin() {
    local reply
    reply=$(redis-cli -p "$DF_REDIS_PORT" "$@" 2>/dev/null)
    [ "$reply" = OK ] || { echo "services: redis $1 $2 failed: $reply" >&2; return 1; }
}

# Applies the ACL (idempotent, also to a Redis already running — with or without one; connections stay open):
# the pipeline's user gets its password and exactly DF_REDIS_COMMANDS on df:* keys; the default user becomes the
# admin, protected by DF_REDIS_ADMIN_PASSWORD.
redis_acl() {
    local word
    for word in "$DF_REDIS_USER" "$DF_REDIS_PASSWORD" "$DF_REDIS_ADMIN_PASSWORD"; do
        [[ "$word" =~ ^[A-Za-z0-9._~-]+$ ]] || { echo "services: Redis user and passwords must be URL-safe (letters, digits, . _ ~ -)" >&2; exit 1; }
    done
    local commands=()
    for word in $DF_REDIS_COMMANDS; do commands+=("+$word"); done
    # Before the first ACL, AUTH fails (no password yet; redis-cli warns on stderr and goes on unauthenticated).
    if [ "$(redis-cli -p "$DF_REDIS_PORT" ping 2>/dev/null)" != PONG ]; then
        echo "services: redis on 127.0.0.1:$DF_REDIS_PORT refuses the admin password (DF_REDIS_ADMIN_PASSWORD / REDISCLI_AUTH)" >&2
        exit 1
    fi
    redis_admin ACL SETUSER "$DF_REDIS_USER" reset on ">$DF_REDIS_PASSWORD" '~df:*' resetchannels -@all "${commands[@]}"
    redis_admin ACL SETUSER default on resetpass ">$DF_REDIS_ADMIN_PASSWORD" '~*' '&*' +@all
    echo "services: redis ACL applied: user $DF_REDIS_USER (${#commands[@]} commands on df:*), default user password-protected"
}

# Waits until Redis answers a ping with anything but LOADING (up to 60 s; 1 if it never does). A Redis that has just
# started answers LOADING until it has read its AOF — and redis-cli exits 0 on it, as on any reply — so without this
# the ACL below would be tried, and refused, while a restarted Redis still loads, leaving it without the pipeline's user.
redis_await_loaded() {
    local reply
    for _ in $(seq 600); do
        reply=$(redis-cli -p "$DF_REDIS_PORT" ping 2>/dev/null) && [[ "$reply" != LOADING* ]] && return 0
        sleep 0.1
    done
    return 1
}

redis_up() {
# appendfsync always: a write is on disk before Redis acknowledges it, so a crashed Redis (or host) restarts with
# every acknowledged write (README "Durability" has the measured cost; `dreamframe repair` covers what is left).
# The liveness check works with or without the ACL (redis-cli prints any reply, NOAUTH included, and exits 0).
if redis-cli -p "$DF_REDIS_PORT" ping >/dev/null 2>&1; then
    echo "services: redis already running on 127.0.0.1:$DF_REDIS_PORT"
    redis_await_loaded || { echo "services: redis still loading its data after 60 s" >&2; exit 1; }
    redis_acl
    redis_admin config set appendfsync "${DF_REDIS_APPENDFSYNC:-always}"
else
    # shellcheck disable=SC2086 # one word per address
    redis-server --port "$DF_REDIS_PORT" --bind $DF_BIND_ADDRESSES --dir "$DF_STATE_DIR/redis" --daemonize yes \
        --pidfile "$DF_STATE_DIR/redis.pid" --logfile "$DF_STATE_DIR/redis/redis.log" \
        --appendonly yes --appendfsync "${DF_REDIS_APPENDFSYNC:-always}" --save "" --maxmemory-policy noeviction
    redis_await_loaded || { echo "services: redis did not start (or load its data) within 60 s" >&2; exit 1; }
    echo "services: redis up on 127.0.0.1:$DF_REDIS_PORT"
    redis_acl
fi
}

# An optional TLS listener (amqps://) next to the plain one: DF_AMQPS_PORT with the broker's certificate and key
# (DF_AMQPS_CERT, DF_AMQPS_KEY, PEM) and the CA that signed them and any client certificates (DF_AMQPS_CA);
# DF_AMQPS_VERIFY_CLIENT=1 makes a client certificate signed by that CA mandatory. Read when the node starts.
rabbitmq_tls_conf() {
    [ -n "${DF_AMQPS_PORT:-}" ] || return 0
    local file
    for file in "${DF_AMQPS_CA:-}" "${DF_AMQPS_CERT:-}" "${DF_AMQPS_KEY:-}"; do
        [ -r "$file" ] || { echo "services: DF_AMQPS_PORT needs readable DF_AMQPS_CA, DF_AMQPS_CERT and DF_AMQPS_KEY (PEM files)" >&2; exit 1; }
    done
    local verify=verify_none fail=false
    if [ "${DF_AMQPS_VERIFY_CLIENT:-0}" = 1 ]; then verify=verify_peer; fail=true; fi
    sed "s|@AMQPS_PORT@|$DF_AMQPS_PORT|; s|@CA@|$DF_AMQPS_CA|; s|@CERT@|$DF_AMQPS_CERT|; s|@KEY@|$DF_AMQPS_KEY|;
         s|@VERIFY@|$verify|; s|@FAIL_IF_NO_PEER_CERT@|$fail|" "$DF_ROOT/ops/rabbitmq/tls.conf" >> "$1"
}

# An optional broker user of the project's own (DF_AMQP_USER, DF_AMQP_PASSWORD) with every permission on the
# default vhost; the URL in ops/env.sh then names it. Idempotent: an existing user gets the password again.
rabbitmq_user() {
    [ -n "$DF_AMQP_USER" ] || return 0
    [ -n "$DF_AMQP_PASSWORD" ] || { echo "services: DF_AMQP_USER needs DF_AMQP_PASSWORD" >&2; exit 1; }
    if rabbitmqctl -n "$DF_NODENAME" -q list_users --formatter json 2>/dev/null \
        | python3 -c 'import json, sys; sys.exit(0 if any(u["user"] == sys.argv[1] for u in json.load(sys.stdin)) else 1)' "$DF_AMQP_USER"; then
        rabbitmqctl -n "$DF_NODENAME" -q change_password "$DF_AMQP_USER" "$DF_AMQP_PASSWORD" >/dev/null
    else
        rabbitmqctl -n "$DF_NODENAME" -q add_user "$DF_AMQP_USER" "$DF_AMQP_PASSWORD" >/dev/null
    fi
    rabbitmqctl -n "$DF_NODENAME" -q set_permissions -p / "$DF_AMQP_USER" '.*' '.*' '.*' >/dev/null
    echo "services: rabbitmq user $DF_AMQP_USER ready"
}

rabbitmq_up() {
rabbit_env
d="$DF_STATE_DIR/rabbitmq"
cp "$DF_ROOT/ops/rabbitmq/rabbitmq.conf" "$d/rabbitmq.conf"
sed -i "s/@MGMT_PORT@/$DF_MGMT_PORT/; s/@PROM_PORT@/$DF_PROM_PORT/; s/@AMQP_PORT@/$DF_AMQP_PORT/" "$d/rabbitmq.conf"
# One AMQP listener per bind address (the first, 127.0.0.1, is the template's).
n=1
for address in $DF_BIND_ADDRESSES; do
    [ "$address" = 127.0.0.1 ] && continue
    n=$((n + 1))
    if [[ "$address" == *:* ]]; then address="[$address]"; fi
    echo "listeners.tcp.$n = $address:$DF_AMQP_PORT" >> "$d/rabbitmq.conf"
done
rabbitmq_tls_conf "$d/rabbitmq.conf"
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
    for _ in $(seq 900); do
        if rabbitmqctl -n "$DF_NODENAME" -q await_startup >/dev/null 2>&1; then ok=1; break; fi
        sleep 0.2
    done
    if [ -z "$ok" ]; then
        echo "services: rabbitmq did not start within 180 s; its own words:" >&2
        [ -n "$start_output" ] && echo "$start_output" >&2
        rabbitmqctl -n "$DF_NODENAME" await_startup --timeout 1 >&2 || true
        tail -n 30 "$d"/log/*.log >&2 || echo "services: no log under $d/log" >&2
        exit 1
    fi
    echo "services: rabbitmq up on 127.0.0.1:$DF_AMQP_PORT (management http://127.0.0.1:$DF_MGMT_PORT)"
    [ -z "${DF_AMQPS_PORT:-}" ] || echo "services: rabbitmq TLS listener on 127.0.0.1:$DF_AMQPS_PORT"
fi
rabbitmq_user
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
# The URLs the clients take, passwords masked (ops/env.sh exports them in full).
echo "services: source ops/env.sh for DREAMFRAME_BROKER_URL=$DREAMFRAME_BROKER_URL DREAMFRAME_REDIS_URL=$DREAMFRAME_REDIS_URL" \
    | sed 's#://\([^:/@]*\):[^@/]*@#://\1:***@#g'
