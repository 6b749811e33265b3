#!/usr/bin/env bash
# Prints throughput figures of a release build against the local services (never a pass/fail assertion).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bin="$DF_ROOT/.build/release"
out="$DF_ROOT/out/bench"; mkdir -p "$out"
echo "== broker and Redis round trips (dreamframe bench)"
"$bin/dreamframe" bench --messages "${BENCH_MESSAGES:-20000}"
echo
echo "== whole pipeline: ${BENCH_MOVIES:-4} movies, branching ${BENCH_BRANCHING:-4,4,8}, ${BENCH_RENDERERS:-2} renderers"
start=$(date +%s.%N)
"$bin/dreamframe" run --out "$out" --movies "${BENCH_MOVIES:-4}" --branching "${BENCH_BRANCHING:-4,4,8}" \
    --renderers "${BENCH_RENDERERS:-2}" --seed 11 | tail -3
end=$(date +%s.%N)
IFS=, read -r a b c <<< "${BENCH_BRANCHING:-4,4,8}"
frames=$(( ${BENCH_MOVIES:-4} * a * b * c ))
python3 -c "import sys; t=$end-$start; print(f'pipeline: {t:.1f} s wall, {$frames/t:.1f} frames/s end to end')"
echo
echo "== built-in renderer (release): a 4,4,8 story at 512x288"
"$bin/dreamframe" story --seed 3 --branching 4,4,8 > "$out/bench-story.json"
"$bin/dreamframe" style learn --keyword Dramatic --out "$out/bench-style.json" > /dev/null
"$bin/dreamframe" render --story "$out/bench-story.json" --style "$out/bench-style.json" --out "$out/bench-frames" \
    | python3 -c "import sys,re; l=sys.stdin.read().strip(); print(l); m=re.search(r'rendered (\d+) frames .* in ([0-9.]+) seconds', l); print(f'render: {int(m[1])/float(m[2]):.1f} frames/s on one core') if m else None"
echo
echo "== Redis durability: appendfsync everysec vs always"
"$DF_ROOT/ops/bench-durability.sh"
echo
echo "== memory: Redis bytes per finished movie, worker RSS through a ${BENCH_MEMORY_MOVIES:-200}-movie run"
"$DF_ROOT/ops/bench-memory.sh"
echo
echo "== model-bound: one story-expander against a simulated 200 ms, 64-slot model server (ceiling 320 calls/s)"
"$DF_ROOT/ops/bench-model.sh"
