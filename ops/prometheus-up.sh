#!/usr/bin/env bash
# Starts Prometheus (Debian's `prometheus` package, ops/install-deps.sh) on loopback, scraping the stage processes and
# RabbitMQ's prometheus plugin, with DreamFrame's alert rules; waits until it is ready. Idempotent: a Prometheus this
# state folder started gets its configuration written again and reloaded; one another checkout started on the same
# port is left alone (tests find its target folder through its own /api/v1/status/flags).
#   ops/prometheus-up.sh
# Settings (environment, defaults in ops/env.sh): DF_PROMETHEUS_PORT (9093), DF_PROMETHEUS_SCRAPE_INTERVAL (2s, the
# stage processes), DF_PROMETHEUS_RETENTION (2d), DF_PROM_PORT (15693, the local RabbitMQ's plugin),
# DF_PROMETHEUS_START_TIMEOUT (60 s).
# What it scrapes:
#   job dreamframe  every target listed in $DF_STATE_DIR/prometheus/targets/dreamframe-*.json (Prometheus file_sd:
#                   [{"targets": ["host:port", …], "labels": {…}}]; `dreamframe run --metrics-targets FILE` and the
#                   tests write them; the folder is watched, no reload needed)
#   job rabbitmq    127.0.0.1:$DF_PROM_PORT/metrics/per-object (per-queue series) and brokers in targets/rabbitmq-*.json
#   job prometheus  itself
# State (config, data, log, pid file): $DF_STATE_DIR/prometheus/. ops/prometheus-down.sh stops it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
dir="$DF_STATE_DIR/prometheus"
config="$dir/prometheus.yml"
pidfile="$dir/prometheus.pid"
log="$dir/prometheus.log"
base="http://127.0.0.1:$DF_PROMETHEUS_PORT"
timeout_s="${DF_PROMETHEUS_START_TIMEOUT:-60}"
rules="$DF_ROOT/ops/prometheus/alerts.yml"
mkdir -p "$dir/data" "$dir/targets"

command -v prometheus >/dev/null && command -v promtool >/dev/null \
    || { echo "prometheus: prometheus/promtool not found; run ops/install-deps.sh (Debian's prometheus package)" >&2; exit 1; }

ready() { curl -sf -m 2 "$base/-/ready" >/dev/null 2>&1; }

# The process a pid file names, if it is still a prometheus (a reused pid does not count).
is_prometheus() {
    local pid="$1"
    [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q '^[^ ]*prometheus '
}

# The configuration, written anew each time (so changed ports or rules apply on the next start or reload).
cat > "$config.tmp" <<YAML
# Written by ops/prometheus-up.sh; edit the script (or its settings in ops/env.sh), not this file.
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - $rules
scrape_configs:
  - job_name: dreamframe
    scrape_interval: $DF_PROMETHEUS_SCRAPE_INTERVAL
    scrape_timeout: $DF_PROMETHEUS_SCRAPE_INTERVAL
    file_sd_configs:
      - files: ["$dir/targets/dreamframe-*.json"]
        refresh_interval: 5s
  - job_name: rabbitmq
    metrics_path: /metrics/per-object
    static_configs:
      - targets: ["127.0.0.1:$DF_PROM_PORT"]
    file_sd_configs:
      - files: ["$dir/targets/rabbitmq-*.json"]
        refresh_interval: 5s
  - job_name: prometheus
    static_configs:
      - targets: ["127.0.0.1:$DF_PROMETHEUS_PORT"]
YAML
promtool check config "$config.tmp" >/dev/null || { promtool check config "$config.tmp" >&2; exit 1; }
mv -f "$config.tmp" "$config"

if ready; then
    running=$(curl -sf -m 5 "$base/api/v1/status/flags" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["config.file"])' 2>/dev/null || true)
    if [ "$running" = "$config" ]; then
        curl -sf -m 10 -X POST "$base/-/reload" >/dev/null \
            || { echo "prometheus: running on $base but refused to reload $config" >&2; exit 1; }
        echo "prometheus: already running on $base; configuration reloaded"
    else
        echo "prometheus: a Prometheus with another configuration (${running:-unknown}) already runs on $base; left alone"
    fi
    exit 0
fi

pid=$(cat "$pidfile" 2>/dev/null || true)
if [ -n "$pid" ] && is_prometheus "$pid"; then
    echo "prometheus: pid $pid is starting; waiting for it"
else
    [ ! -f "$log" ] || mv -f "$log" "$log.1"
    # setsid: its own session, so it outlives the shell or `make` that started it (like the daemonized Redis).
    setsid prometheus --config.file="$config" --storage.tsdb.path="$dir/data" \
        --storage.tsdb.retention.time="$DF_PROMETHEUS_RETENTION" --web.listen-address="127.0.0.1:$DF_PROMETHEUS_PORT" \
        --web.enable-lifecycle > "$log" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$pidfile"
    echo "prometheus: starting on $base (pid $pid, log $log)"
fi
deadline=$((SECONDS + timeout_s))
until ready; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "prometheus: pid $pid exited before it was ready; the end of $log:" >&2
        tail -n 20 "$log" >&2 || true
        rm -f "$pidfile"
        exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
        echo "prometheus: not ready on $base within $timeout_s s; the end of $log:" >&2
        tail -n 20 "$log" >&2 || true
        exit 1
    fi
    sleep 0.2
done
echo "prometheus: up on $base (targets in $dir/targets, rules $rules)"
