#!/usr/bin/env bash
# Prints the stage runtime's own cost (figures only, never a pass/fail): `dreamframe bench chain` sends
# BENCH_CHAIN_ITEMS (20000) items through a five-stage no-op chain on the real runtime — durable quorum queues,
# persistent messages, confirms before every ack, the door check, claims and done-marks in Redis (appendfsync
# always) — with BENCH_CHAIN_WINDOW (1000) items in flight and BENCH_CHAIN_CONCURRENCY (64) handlers per stage, on
# a RabbitMQ node and Redis of its own. Besides the bench's own figures (items/s, messages/s, its CPU per message,
# p50/p99 latency per item) it prints the CPU RabbitMQ and Redis spent per message and how busy the machine was.
# Appends one JSON line to $BENCH_RESULTS (default out/bench/chain.jsonl). BENCH_KEEP=1 keeps the logs.
# BENCH_WRAPPER prefixes the bench command (a profiler: "valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${BENCH_BIN:-$root/.build/release}"
items="${BENCH_CHAIN_ITEMS:-20000}" window="${BENCH_CHAIN_WINDOW:-1000}" concurrency="${BENCH_CHAIN_CONCURRENCY:-64}"
results="${BENCH_RESULTS:-$root/out/bench/chain.jsonl}"
[ -x "$bin/dreamframe" ] || { echo "bench-chain: $bin/dreamframe is missing; run swift build -c release first" >&2; exit 1; }
work="$(mktemp -d /tmp/df-bench-chain.XXXXXX)"
mkdir -p "$(dirname "$results")"
source "$root/ops/bench-services.sh"
cleanup() {
    bench_services_down
    if [ -n "${BENCH_KEEP:-}" ]; then echo "bench-chain: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bench_services_up
cd "$work"
redis_pid=$(cat "$DF_STATE_DIR/redis.pid"); rabbit_pid=$(cat "$DF_STATE_DIR/rabbitmq/rabbitmq.pid")
r0=$(bench_cpu "$rabbit_pid"); d0=$(bench_cpu "$redis_pid"); read -r b0 t0 < <(bench_jiffies)
${BENCH_WRAPPER:-} "$bin/dreamframe" bench chain --items "$items" --window "$window" --concurrency "$concurrency" \
    --json "$work/chain.json" 2> "$work/logs/chain.log" || { tail -20 "$work/logs/chain.log" >&2; exit 1; }
r1=$(bench_cpu "$rabbit_pid"); d1=$(bench_cpu "$redis_pid"); read -r b1 t1 < <(bench_jiffies)
python3 - "$work/chain.json" "$results" "$r0" "$r1" "$d0" "$d1" "$b0" "$t0" "$b1" "$t1" <<'PY'
import json, os, sys
src, dst, r0, r1, d0, d1, b0, t0, b1, t1 = sys.argv[1:]
f = json.loads(open(src).read().splitlines()[-1])
n = f["messages"]
f["rabbitmq_cpu_us_per_message"] = round(1e6 * (float(r1) - float(r0)) / n, 1)
f["redis_cpu_us_per_message"] = round(1e6 * (float(d1) - float(d0)) / n, 1)
f["machine_busy"] = round((int(b1) - int(b0)) / max(1, int(t1) - int(t0)), 3)
f["load_average_1m"] = os.getloadavg()[0]
print(f"chain: RabbitMQ {f['rabbitmq_cpu_us_per_message']} µs and Redis {f['redis_cpu_us_per_message']} µs CPU per "
      f"message; machine {100 * f['machine_busy']:.0f}% busy of {os.cpu_count()} cores, load {f['load_average_1m']:.1f}")
with open(dst, "a") as out:
    out.write(json.dumps(f, sort_keys=True) + "\n")
PY
