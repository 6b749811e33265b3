#!/usr/bin/env bash
# Stops the local llama-server on DF_LLAMA_PORT (ops/llama-up.sh); the install in DF_CACHE_DIR stays.
#   ops/llama-down.sh          the server in this state folder's pid file or, failing that, the llama-server
#                              listening on the port (one another checkout started, like services-down stops a
#                              RabbitMQ node any checkout started)
#   ops/llama-down.sh --own    only the server this state folder's pid file names (what `ops/services-down.sh`
#                              without arguments does: the tests' and chaos' isolated services run it with their own
#                              DF_STATE_DIR, and must never stop the shared server the rest of the suite talks to)
# Nothing else is ever signalled: a process on the port that is not a llama-server is left alone and named.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
pidfile="$DF_STATE_DIR/llama/server-$DF_LLAMA_PORT.pid"
own=""
for argument in "$@"; do
    case "$argument" in
        --own) own=1 ;;
        *) echo "llama-down: unknown argument '$argument' (expected --own)" >&2; exit 64 ;;
    esac
done

is_llama_server() {
    local pid="$1"
    [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'llama-server'
}

pid=$(cat "$pidfile" 2>/dev/null || true)
if [ -n "$pid" ] && ! is_llama_server "$pid"; then pid=""; fi
if [ -z "$pid" ] && [ -z "$own" ] && ! command -v ss >/dev/null; then
    echo "llama: no ss (Debian's iproute2) to find a llama-server on port $DF_LLAMA_PORT without a pid file here" >&2
elif [ -z "$pid" ] && [ -z "$own" ]; then
    # The listener's pid from ss (iproute2): users:(("llama-server",pid=123,fd=3)).
    listener=$(ss -Htlnp "sport = :$DF_LLAMA_PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)
    if [ -n "$listener" ]; then
        if is_llama_server "$listener"; then
            pid="$listener"
        else
            echo "llama: port $DF_LLAMA_PORT is held by pid $listener, which is not a llama-server; left alone" >&2
        fi
    fi
fi
rm -f "$pidfile"
[ -n "$pid" ] || exit 0

kill -TERM "$pid" 2>/dev/null
# llama-server exits within a second of SIGTERM (it finishes no request); after 10 s it is killed.
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null
    echo "llama: stopped (pid $pid did not exit on SIGTERM; killed)"
else
    echo "llama: stopped (pid $pid)"
fi
