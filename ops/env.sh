# Shared settings for the local services; sourced by the other scripts. Override any of them from the environment.
DF_ROOT="${DF_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
DF_STATE_DIR="${DF_STATE_DIR:-$DF_ROOT/.dreamframe}"
DF_AMQP_PORT="${DF_AMQP_PORT:-5673}"
DF_AMQP_DIST_PORT="${DF_AMQP_DIST_PORT:-25673}"
DF_MGMT_PORT="${DF_MGMT_PORT:-15673}"
DF_PROM_PORT="${DF_PROM_PORT:-15693}"
DF_REDIS_PORT="${DF_REDIS_PORT:-6390}"
DF_NODENAME="${DF_NODENAME:-dreamframe@localhost}"
DF_ERLANG_COOKIE="${DF_ERLANG_COOKIE:-DREAMFRAMELOCALNODECOOKIE}"
export DREAMFRAME_BROKER_URL="${DREAMFRAME_BROKER_URL:-amqp://guest:guest@127.0.0.1:$DF_AMQP_PORT/%2F}"
export DREAMFRAME_REDIS_URL="${DREAMFRAME_REDIS_URL:-redis://127.0.0.1:$DF_REDIS_PORT/0}"
export DREAMFRAME_TOPOLOGY="${DREAMFRAME_TOPOLOGY:-$DF_ROOT/Topology/definitions.json}"
export PATH="/usr/lib/rabbitmq/bin:$PATH"
# A crashing Swift process prints the crashed thread's backtrace and exits at once (never waits for interaction).
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=yes,interactive=no,threads=crashed}"
# Erlang (the node and every rabbitmqctl) writes erl_crash.dump into the current directory unless told otherwise:
# keep it with the local services' state, never in the checkout.
export ERL_CRASH_DUMP="${ERL_CRASH_DUMP:-$DF_STATE_DIR/erl_crash.dump}"

rabbit_env() {
    local d="$DF_STATE_DIR/rabbitmq"
    # One fixed cookie for the project's local node, so the scripts of any checkout (a CI clone, a second work tree)
    # can reach, reuse and stop a node another checkout started. The node listens on loopback only.
    mkdir -p "$d/home"
    if [ "$(cat "$d/home/.erlang.cookie" 2>/dev/null)" != "$DF_ERLANG_COOKIE" ]; then
        rm -f "$d/home/.erlang.cookie"
        printf '%s' "$DF_ERLANG_COOKIE" > "$d/home/.erlang.cookie"
        chmod 400 "$d/home/.erlang.cookie"
    fi
    export HOME="$d/home" RABBITMQ_NODENAME="$DF_NODENAME" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    export RABBITMQ_NODE_PORT="$DF_AMQP_PORT" RABBITMQ_DIST_PORT="$DF_AMQP_DIST_PORT"
    export RABBITMQ_MNESIA_BASE="$d/mnesia" RABBITMQ_LOG_BASE="$d/log"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$d/enabled_plugins" RABBITMQ_CONFIG_FILE="$d/rabbitmq"
    export RABBITMQ_PID_FILE="$d/rabbitmq.pid"
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}
