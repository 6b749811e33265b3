#!/usr/bin/env bash
# Prints memory figures of a release build (never a pass/fail): Redis bytes a finished movie leaves behind, and
# every stage worker's resident memory sampled through a run of many movies (first sample, peak, last).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bin="$DF_ROOT/.build/release"
movies="${BENCH_MEMORY_MOVIES:-200}" branching="${BENCH_MEMORY_BRANCHING:-2,2,3}"
out="$DF_ROOT/out/bench-memory"; rm -rf "$out"; mkdir -p "$out"
samples="$out/rss.tsv"; : > "$samples"
stages='release/(plot-writer|story-expander|style-trainer|frame-renderer|qa-validator)'

"$bin/dreamframe" run --out "$out" --movies "$movies" --branching "$branching" --renderers 2 --seed 23 \
    > "$out/run.log" 2>&1 &
runner=$!
start=$(date +%s)
while kill -0 "$runner" 2>/dev/null; do
    for pid in $(pgrep -P "$runner" -f "$stages" || true); do
        rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
        name=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | awk '{print $1}' | xargs -r basename)
        [ -n "$rss" ] && printf '%s\t%s\t%s\t%s\n' "$(( $(date +%s) - start ))" "$name" "$pid" "$rss" >> "$samples"
    done
    sleep 1
done
wait "$runner"
run_id=$(grep -Eo 'submitted run [^:]+' "$out/run.log" | head -1 | awk '{print $3}')
echo "== $movies movies at $branching in $(( $(date +%s) - start )) s (run $run_id)"
python3 - "$samples" <<'PY'
import sys, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = collections.defaultdict(list)
for t, name, pid, rss in rows:
    by[(name, pid)].append((int(t), int(rss)))
print(f"  {'worker':<16} {'pid':>7} {'samples':>7} {'first MiB':>9} {'peak MiB':>9} {'last MiB':>9}")
for (name, pid), s in sorted(by.items()):
    s.sort()
    print(f"  {name:<16} {pid:>7} {len(s):>7} {s[0][1]/1024:>9.1f} {max(r for _, r in s)/1024:>9.1f} {s[-1][1]/1024:>9.1f}")
PY
keys=0 bytes=0
while read -r key; do
    [ -z "$key" ] && continue
    keys=$((keys + 1))
    bytes=$((bytes + $(redis-cli -p "$DF_REDIS_PORT" memory usage "$key" samples 0)))
done < <(redis-cli -p "$DF_REDIS_PORT" --scan --pattern "df:*$run_id*")
echo "  Redis after the run: $keys keys of run $run_id, $bytes bytes, $(( bytes / movies )) bytes per finished movie"
