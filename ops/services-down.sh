#!/usr/bin/env bash
# Stops the project's RabbitMQ node, Redis and local LLM server (data stays in .dreamframe/ unless --wipe is given;
# the LLM install stays in DF_CACHE_DIR either way).
#   ops/services-down.sh [--wipe] [redis|rabbitmq|llama]...   default: all three
# Without names, the LLM server is stopped only if this state folder started it (its pid file, ops/llama-down.sh
# --own): tests and chaos stop their isolated RabbitMQ and Redis this way, with their own DF_STATE_DIR, and must not
# stop the shared server on DF_LLAMA_PORT. Naming `llama` stops whichever llama-server listens on the port.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
wipe=""
services=()
for argument in "$@"; do
    case "$argument" in
        --wipe) wipe=1 ;;
        redis|rabbitmq|llama) services+=("$argument") ;;
        *) echo "services-down: unknown argument '$argument' (expected --wipe, redis, rabbitmq or llama)" >&2; exit 64 ;;
    esac
done
llama_down=(--own)
if [ ${#services[@]} -gt 0 ]; then llama_down=(); else services=(redis rabbitmq llama); fi
wanted=" ${services[*]} "

if [[ "$wanted" == *" redis "* ]]; then
    redis-cli -p "$DF_REDIS_PORT" shutdown nosave >/dev/null 2>&1 && echo "services: redis stopped"
fi
if [[ "$wanted" == *" rabbitmq "* ]]; then
    rabbit_env
    if rabbitmqctl -n "$DF_NODENAME" -q status >/dev/null 2>&1; then
        # The pid file exists only in the checkout that started the node; with it, stop waits for the process to exit.
        if [ -f "$RABBITMQ_PID_FILE" ]; then
            timeout 60 rabbitmqctl -n "$DF_NODENAME" -q stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1
        else
            timeout 60 rabbitmqctl -n "$DF_NODENAME" -q stop >/dev/null 2>&1
        fi
        echo "services: rabbitmq stopped"
    fi
fi
if [[ "$wanted" == *" llama "* ]]; then
    "$(dirname "${BASH_SOURCE[0]}")/llama-down.sh" "${llama_down[@]}"
fi
if [ -n "$wipe" ]; then rm -rf "$DF_STATE_DIR"; echo "services: state wiped"; fi
