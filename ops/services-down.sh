#!/usr/bin/env bash
# Stops the project's RabbitMQ node and Redis (data stays in .dreamframe/ unless --wipe is given).
#   ops/services-down.sh [--wipe] [redis|rabbitmq]...   default: both
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
wipe=""
services=()
for argument in "$@"; do
    case "$argument" in
        --wipe) wipe=1 ;;
        redis|rabbitmq) services+=("$argument") ;;
        *) echo "services-down: unknown argument '$argument' (expected --wipe, redis or rabbitmq)" >&2; exit 64 ;;
    esac
done
[ ${#services[@]} -gt 0 ] || services=(redis rabbitmq)
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
if [ -n "$wipe" ]; then rm -rf "$DF_STATE_DIR"; echo "services: state wiped"; fi
