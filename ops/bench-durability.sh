#!/usr/bin/env bash
# Prints what Redis's AOF fsync policy costs on this machine (figures only, never a pass/fail): redis-benchmark
# round trips and a whole pipeline run against a throw-away Redis started once with `appendfsync everysec` and once
# with `always`. The local RabbitMQ (ops/services-up.sh) carries the messages for the pipeline run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bin="$DF_ROOT/.build/release"
port="${BENCH_REDIS_PORT:-6497}"
movies="${BENCH_MOVIES:-4}" branching="${BENCH_BRANCHING:-4,4,8}"
work="$(mktemp -d /tmp/df-bench-durability.XXXXXX)"
trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

rps() { # command label, then redis-benchmark arguments: prints "label: N requests/s"
    local label="$1"; shift
    local n
    n=$(redis-benchmark -p "$port" -q "$@" 2>/dev/null | tr '\r' '\n' | grep -Eo '[0-9.]+ requests per second' | tail -1)
    printf '  %-44s %s\n' "$label" "$n"
}

for policy in everysec always; do
    mkdir -p "$work/$policy"
    redis-server --port "$port" --bind 127.0.0.1 --dir "$work/$policy" --daemonize yes --pidfile "$work/$policy/pid" \
        --logfile "$work/$policy/log" --appendonly yes --appendfsync "$policy" --save "" >/dev/null
    for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    echo "== appendfsync $policy"
    rps "HSET, 1 client (every write waits its fsync)" -t hset -n 20000 -c 1
    rps "HSET, 64 clients (fsyncs grouped per loop)" -t hset -n 200000 -c 64
    rps "SET, 64 clients x pipeline 16" -t set -n 400000 -c 64 -P 16
    start=$(date +%s.%N)
    DREAMFRAME_REDIS_URL="redis://127.0.0.1:$port/0" "$bin/dreamframe" run --out "$work/out-$policy" \
        --movies "$movies" --branching "$branching" --renderers 2 --seed 11 > "$work/run-$policy.log" 2>&1
    end=$(date +%s.%N)
    IFS=, read -r a b c <<< "$branching"
    python3 -c "t=$end-$start; f=$movies*$a*$b*$c; print(f'  pipeline {$movies} movies at $branching: {t:.1f} s wall, {f/t:.1f} frames/s')"
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    sleep 0.5
done
