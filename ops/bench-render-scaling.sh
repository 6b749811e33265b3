#!/usr/bin/env bash
# Prints how the render phase scales from 1 to 2 frame-renderer processes (never a pass/fail): the same render-bound
# batch — BENCH_SCALING_MOVIES (8) movies at BENCH_SCALING_BRANCHING (4,4,8: 1,024 frames) at BENCH_SCALING_SIZE
# (512x288, the built-in renderer with PNG encoding) — with 1 and then 2 renderers, each on a fresh RabbitMQ node and
# Redis of its own. The figure is the frame rate over the steady render phase (10%..90% of the frames on disk,
# counted four times a second, so story writing is left out) and the speed-up between the two. On a 2-core machine
# the two renderers share the cores with the broker, Redis and each other: the machine's load is printed alongside.
# Each renderer process renders on BENCH_SCALING_THREADS (1) threads (DREAMFRAME_RENDER_THREADS), so one renderer
# uses one core and the figure says how the pipeline scales with renderer processes — by default one renderer
# renders on every core, and a second one on the same two cores can only share them.
# Styles: before each measured run, a warm-up run of the same movies at 1,1,2 (same seed, so the same styles) learns
# them into the fresh Redis' style cache — a style is learned once and cached, so at scale a renderer fleet renders
# while styles are already learned; here the measured render phase would otherwise share the second core with the
# style trainer learning the later movies' styles. BENCH_SCALING_WARM=0 measures without the warm-up (styles learned
# in the run, BENCH_SCALING_STYLE_STEPS (40) steps each; the built-in learner's default is 300). The CPU each stage
# and service spent in the measured run is printed under each line. The QA validator makes no video.mp4
# (`dreamframe run --no-video`; x264 would take the second core's time the second renderer is measured on;
# BENCH_SCALING_VIDEOS=1 makes them). Appends one JSON line to $BENCH_RESULTS (default out/bench/render-scaling.jsonl).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${BENCH_BIN:-$root/.build/release}"
movies="${BENCH_SCALING_MOVIES:-8}" branching="${BENCH_SCALING_BRANCHING:-4,4,8}" size="${BENCH_SCALING_SIZE:-512x288}"
results="${BENCH_RESULTS:-$root/out/bench/render-scaling.jsonl}"
[ -x "$bin/dreamframe" ] || { echo "bench-render-scaling: $bin/dreamframe is missing; run swift build -c release first" >&2; exit 1; }
work="$(mktemp -d /tmp/df-bench-scaling.XXXXXX)"
mkdir -p "$(dirname "$results")"
source "$root/ops/bench-services.sh"
cleanup() {
    bench_services_down
    if [ -n "${BENCH_KEEP:-}" ]; then echo "bench-render-scaling: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
video_flags=(--no-video)
[ -z "${BENCH_SCALING_VIDEOS:-}" ] || video_flags=()
warm="${BENCH_SCALING_WARM:-1}"
for renderers in 1 2; do
    bench_services_up
    mkdir -p "$work/out-$renderers"
    if [ "$warm" != 0 ]; then
        # bench_run.py runs with --seed 11: the same seed here gives the same movies' styles.
        "$bin/dreamframe" run --out "$work/warm-$renderers" --movies "$movies" --branching 1,1,2 --size "$size" \
            --renderers 1 --seed 11 --style-steps "${BENCH_SCALING_STYLE_STEPS:-40}" --no-video --timeout 600 \
            > "$work/warm-$renderers.log" 2>&1 || { tail -20 "$work/warm-$renderers.log" >&2; exit 1; }
    fi
    (cd "$work" && DREAMFRAME_RENDER_THREADS="${BENCH_SCALING_THREADS:-1}" DREAMFRAME_BIN_DIR="$bin" python3 "$root/ops/bench_run.py" "$bin" "$work/out-$renderers" "$movies" \
        "$branching" "$size" "$renderers" --style-steps "${BENCH_SCALING_STYLE_STEPS:-40}" \
        "${video_flags[@]}") > "$work/result-$renderers.json"
    bench_services_down
done
python3 - "$work/result-1.json" "$work/result-2.json" "$results" "$warm" <<'PY'
import json, sys
one, two = (json.load(open(p)) for p in sys.argv[1:3])
for r in (one, two):
    print(f"  {r['renderers']} renderer(s): {r['frames']} frames at {r['size']}: steady render phase "
          f"{r['steady_render_frames_per_s'] or 0:.1f} frames/s; pipeline {r['pipeline_wall_s']:.1f} s; machine "
          f"{100 * r['machine_busy']:.0f}% busy, load {r['load_average_1m']:.1f}")
    print("    CPU s: " + ", ".join(f"{name} {w['cpu_s']}" for name, w in sorted(r["workers"].items()))
          + ", " + ", ".join(f"{name} {cpu}" for name, cpu in sorted(r["services_cpu_s"].items())))
a, b = one["steady_render_frames_per_s"], two["steady_render_frames_per_s"]
speedup = round(b / a, 2) if a and b else None
warm = sys.argv[4] != "0"
print(f"render-scaling: {speedup}x from 1 to 2 renderers (steady render phase; styles "
      + ("learned in a warm-up run first)" if warm else "learned during the run)"))
doc = {"bench": "render-scaling", "movies": one["movies"], "branching": one["branching"], "size": one["size"],
       "frames": one["frames"], "styles_warmed": warm, "one_renderer_frames_per_s": a, "two_renderers_frames_per_s": b, "speedup": speedup,
       "pipeline_wall_s": {"1": one["pipeline_wall_s"], "2": two["pipeline_wall_s"]},
       "machine_busy": {"1": one["machine_busy"], "2": two["machine_busy"]},
       "load_average_1m": two["load_average_1m"]}
with open(sys.argv[3], "a") as out:
    out.write(json.dumps(doc, sort_keys=True) + "\n")
PY
