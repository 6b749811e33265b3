#!/usr/bin/env bash
# Prints the dataset quality of a run at the paper's scale (never a pass/fail): `dreamframe run` of QUALITY_MOVIES (16)
# movies at QUALITY_BRANCHING (11,11,11) with the built-in models at QUALITY_SIZE (128x72: the style-consistency
# measure reads frames, so not the 16x16 of a throughput run), styles learned at the built-in learner's own 300 steps,
# no videos, on a RabbitMQ node and Redis of its own; then `dreamframe inspect dataset` on it, as a table and as JSON
# (kept in $QUALITY_OUT, default out/quality/: inspect.txt, inspect.json, the dataset card).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${QUALITY_BIN:-$root/.build/release}"
movies="${QUALITY_MOVIES:-16}" branching="${QUALITY_BRANCHING:-11,11,11}" size="${QUALITY_SIZE:-128x72}"
seed="${QUALITY_SEED:-1}" keep="${QUALITY_OUT:-$root/out/quality}"
[ -x "$bin/dreamframe" ] || { echo "quality-check: $bin/dreamframe is missing; run swift build -c release first" >&2; exit 1; }
work="$(mktemp -d /tmp/df-quality.XXXXXX)"
source "$root/ops/bench-services.sh"
cleanup() {
    bench_services_down
    if [ -n "${QUALITY_KEEP_RUN:-}" ]; then echo "quality-check: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bench_services_up
run="quality-$movies-$(date +%Y%m%d%H%M%S)"
echo "  $movies movies at $branching, $size, seed $seed: run $run"
DREAMFRAME_BIN_DIR="$bin" "$bin/dreamframe" run --run-id "$run" --movies "$movies" --branching "$branching" \
    --size "$size" --seed "$seed" --renderers 2 --no-video --timeout 7200 > "$work/run.log" 2>&1 \
    || { tail -40 "$work/run.log" >&2; exit 1; }
grep -E "^(pipeline finished|done in)" "$work/run.log" | sed 's/^/  /'
mkdir -p "$keep"
"$bin/dreamframe" inspect dataset "$run" --out "$work/out" | tee "$keep/inspect.txt"
"$bin/dreamframe" inspect dataset "$run" --out "$work/out" --json > "$keep/inspect.json"
cp "$work/out/$run/dataset/README.md" "$keep/dataset-card.md"
echo "quality-check: figures in $keep (inspect.txt, inspect.json, dataset-card.md)"
