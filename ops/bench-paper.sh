#!/usr/bin/env bash
# Prints the paper-scale figures (never a pass/fail): `dreamframe run` of BENCH_PAPER_MOVIES (1000) movies at
# BENCH_PAPER_BRANCHING (11,11,11: 1,466 stage messages a movie, 1.47M in all) with a near no-op renderer
# (BENCH_PAPER_SIZE, 16x16), styles learned in BENCH_PAPER_STYLE_STEPS (40; the built-in learner's default is 300, a
# model's work like rendering, ~2.4 s of CPU a style) and BENCH_PAPER_RENDERERS (2) renderers, on a RabbitMQ node and
# Redis of its own:
# wall time, stage messages/s, peak and final RSS per stage worker, CPU per stage worker (and of the processes it ran:
# the QA validator's ffmpeg makes each movie's video.mp4, as `dreamframe run` does by default), Redis used memory before, during and after,
# the run's Redis bytes per finished movie and Redis' busiest commands (ops/bench_run.py). BENCH_PAPER_MOVIES=50 is a 1-2 minute version.
# Appends one JSON line to $BENCH_RESULTS (default out/bench/paper-scale.jsonl). BENCH_KEEP=1 keeps the run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${BENCH_BIN:-$root/.build/release}"
movies="${BENCH_PAPER_MOVIES:-1000}" branching="${BENCH_PAPER_BRANCHING:-11,11,11}"
size="${BENCH_PAPER_SIZE:-16x16}" renderers="${BENCH_PAPER_RENDERERS:-2}" steps="${BENCH_PAPER_STYLE_STEPS:-40}"
results="${BENCH_RESULTS:-$root/out/bench/paper-scale.jsonl}"
[ -x "$bin/dreamframe" ] || { echo "bench-paper: $bin/dreamframe is missing; run swift build -c release first" >&2; exit 1; }
work="$(mktemp -d /tmp/df-bench-paper.XXXXXX)"
mkdir -p "$(dirname "$results")"
source "$root/ops/bench-services.sh"
cleanup() {
    bench_services_down
    if [ -n "${BENCH_KEEP:-}" ]; then echo "bench-paper: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bench_services_up
cd "$work"
echo "  $movies movies at $branching, $size, $renderers renderers, styles in $steps steps"
DREAMFRAME_BIN_DIR="$bin" python3 "$root/ops/bench_run.py" "$bin" "$work/out" "$movies" "$branching" "$size" "$renderers" \
    --style-steps "$steps" > "$work/result.json"
python3 - "$work/result.json" "$results" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["bench"] = "paper-scale"
print(f"paper-scale: {r['movies']} movies at {r['branching']} ({r['messages']:,} stage messages, {r['frames']:,} frames "
      f"at {r['size']}) in {r['pipeline_wall_s']:.1f} s = {r['messages_per_s']:,.0f} messages/s; "
      f"workers {r['workers_cpu_us_per_message']} µs CPU per message")
for name, w in sorted(r["workers"].items()):
    children = f" (+{w['children_cpu_s']} s in processes it ran: ffmpeg)" if w.get("children_cpu_s") else ""
    print(f"  {name:<15} x{w['processes']}  RSS first {w['first_mib']} MiB, peak {w['peak_mib']} MiB, last {w['last_mib']} MiB "
          f"(anonymous {w['first_anon_mib']} / {w['peak_anon_mib']} / {w['last_anon_mib']} MiB); CPU {w['cpu_s']} s{children}")
print(f"  Redis used memory: {r['redis_used_memory_before'] / 2**20:.1f} MiB before, {r['redis_used_memory_peak'] / 2**20:.1f} MiB "
      f"peak, {r['redis_used_memory_after'] / 2**20:.1f} MiB after; the run's {r['redis_run_keys_after']} keys after it: "
      f"{r['redis_run_bytes_after']:,} bytes = {r['redis_bytes_per_finished_movie']:,} bytes per finished movie")
if r.get("redis_commands"):
    print("  Redis' busiest commands: " + "; ".join(f"{c['command']} {c['calls']:,} calls, {c['cpu_s']} s ({c['us_per_call']} µs each)"
                                                 for c in r["redis_commands"][:5]))
print(f"  services CPU: {r['services_cpu_s']}; machine {100 * r['machine_busy']:.0f}% busy of {r['machine_cores']} cores, "
      f"load {r['load_average_1m']:.1f}")
with open(sys.argv[2], "a") as out:
    out.write(json.dumps(r, sort_keys=True) + "\n")
PY
