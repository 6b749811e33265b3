#!/usr/bin/env bash
# Runs every fuzz target (Tests/Fuzz/Targets) under libFuzzer with AddressSanitizer for FUZZ_SECONDS each (default
# 60), starting from the kept seeds in Tests/Fuzz/corpus/<target>/. New interesting inputs go to a scratch corpus
# under .build-fuzz/ (copy them into Tests/Fuzz/corpus to keep them); a crash or leak is written to
# .build-fuzz/crashes/ and fails the run — copy it to Tests/Fuzz/regressions/<target>/ once fixed (the unit tests
# replay it). Prints executions per target.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${FUZZ_SECONDS:-60}"
bin=.build-fuzz/debug/dreamframe-fuzz
targets="${FUZZ_TARGETS:-envelope door png jpeg story story-model-output image-api-response image-server-answers}"
mkdir -p .build-fuzz/crashes
failed=0
printf '%-22s %12s %10s %8s  %s\n' target executions exec/s corpus result
for target in $targets; do
    work=".build-fuzz/corpus/$target"; mkdir -p "$work"
    log=".build-fuzz/$target.log"
    if DF_FUZZ_TARGET="$target" "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix=".build-fuzz/crashes/$target-" "$work" "Tests/Fuzz/corpus/$target" > "$log" 2>&1; then
        result=ok
    else
        result="CRASH (see $log and .build-fuzz/crashes/)"
        failed=1
    fi
    runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo "?")
    rate=$(grep -Eo 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo "?")
    size=$(find "$work" -type f | wc -l)
    printf '%-22s %12s %10s %8s  %s\n' "$target" "$runs" "$rate" "$size" "$result"
done
exit "$failed"
