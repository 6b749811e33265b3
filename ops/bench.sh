#!/usr/bin/env bash
# `make bench`: every benchmark of a release build, printed as it runs and then as one table, and written as JSON to
# out/bench/bench.json — figures only, never a pass/fail assertion. The pipeline benchmarks (chain, paper-scale,
# render-scaling, model-bound) start a RabbitMQ node and Redis of their own each; the round-trip and durability
# figures use the local services. Sizes: BENCH_CHAIN_ITEMS (20000), BENCH_PAPER_MOVIES (1000 — the paper's scale,
# 1.47M stage messages; 50 is a short version), BENCH_SCALING_MOVIES (8), BENCH_MODEL_SECONDS (25).
# BENCH_ONLY="chain render" runs only the named ones (broker chain render render-scaling paper-scale durability
# model-bound).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bin="$DF_ROOT/.build/release"
out="$DF_ROOT/out/bench"; mkdir -p "$out"
export BENCH_RESULTS="$out/results.jsonl"; : > "$BENCH_RESULTS"
only=" ${BENCH_ONLY:-broker chain render render-scaling paper-scale durability model-bound} "
wanted() { [[ "$only" == *" $1 "* ]]; }
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
if wanted broker; then
    echo "== broker and Redis round trips (dreamframe bench broker, local services)"
    "$bin/dreamframe" bench broker --messages "${BENCH_MESSAGES:-20000}"
fi
if wanted chain; then
    echo "== chain: items through a 5-stage no-op chain on the real stage runtime"
    "$DF_ROOT/ops/bench-chain.sh"
fi
if wanted render; then
    echo "== built-in renderer: a 4,4,8 story at 512x288, drawing + PNG on one thread"
    "$bin/dreamframe" story --seed 3 --branching 4,4,8 > "$out/bench-story.json"
    "$bin/dreamframe" style learn --keyword Dramatic --out "$out/bench-style.json" > /dev/null
    "$bin/dreamframe" bench render --story "$out/bench-story.json" --style "$out/bench-style.json" --json "$BENCH_RESULTS"
fi
if wanted render-scaling; then
    echo "== render-scaling: one render-bound batch with 1, then 2 frame-renderer processes"
    "$DF_ROOT/ops/bench-render-scaling.sh"
fi
if wanted paper-scale; then
    echo "== paper-scale: ${BENCH_PAPER_MOVIES:-1000} movies at 11,11,11 with a near no-op renderer (16x16)"
    "$DF_ROOT/ops/bench-paper.sh"
fi
if wanted durability; then
    echo "== Redis durability: appendfsync everysec vs always"
    "$DF_ROOT/ops/bench-durability.sh"
fi
if wanted model-bound; then
    rm -f "$out/model-bound.json"
    echo "== model-bound: one story-expander against a simulated 200 ms, 64-slot model server (ceiling 320 calls/s)"
    "$DF_ROOT/ops/bench-model.sh"
fi
echo
echo "== all figures (machine load now $(cut -d' ' -f1 /proc/loadavg))"
python3 "$DF_ROOT/ops/bench_table.py" "$BENCH_RESULTS" "$out/model-bound.json" "$out/bench.json"
