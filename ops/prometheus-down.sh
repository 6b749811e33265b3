#!/usr/bin/env bash
# Stops the Prometheus this state folder started (ops/prometheus-up.sh; its pid file); --wipe also removes its data.
# A Prometheus another checkout started is never signalled.
#   ops/prometheus-down.sh [--wipe]
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
dir="$DF_STATE_DIR/prometheus"
pidfile="$dir/prometheus.pid"
wipe=""
for argument in "$@"; do
    case "$argument" in
        --wipe) wipe=1 ;;
        *) echo "prometheus-down: unknown argument '$argument' (expected --wipe)" >&2; exit 64 ;;
    esac
done

pid=$(cat "$pidfile" 2>/dev/null || true)
if [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q '^[^ ]*prometheus '; then
    kill -TERM "$pid" 2>/dev/null
    # Prometheus writes its head block on SIGTERM: give it 30 s before SIGKILL.
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null
        echo "prometheus: stopped (pid $pid did not exit on SIGTERM; killed)"
    else
        echo "prometheus: stopped (pid $pid)"
    fi
fi
rm -f "$pidfile"
if [ -n "$wipe" ]; then rm -rf "$dir"; echo "prometheus: state wiped"; fi
