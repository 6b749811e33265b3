#!/usr/bin/env bash
# The fuzzing build path, checked cheaply so it cannot silently break (make check, which make test runs): builds
# dreamframe-fuzz exactly as `make fuzz` does (libFuzzer + AddressSanitizer, -DDF_FUZZING, its own .build-fuzz —
# the only build of the driver's libFuzzer half and of the sanitizer link), then runs each target of ops/fuzz.sh
# once over its kept seeds and regressions (-runs=0: no mutation), and checks that ops/fuzz.sh lists exactly the
# targets that have seeds in Tests/Fuzz/corpus/ (the unit tests require seeds of every target). Costs about 2 min
# of CPU from nothing (2 cores), seconds once built.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p .build-fuzz
build_log=.build-fuzz/check-build.log
if ! swift build --build-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DDF_FUZZING \
    --product dreamframe-fuzz > "$build_log" 2>&1; then
    echo "fuzz-check: the libFuzzer build of dreamframe-fuzz (make fuzz's) failed; from $build_log:" >&2
    grep -E "error:" "$build_log" | head -n 30 >&2 || tail -n 30 "$build_log" >&2
    exit 1
fi
bin=.build-fuzz/debug/dreamframe-fuzz
listed=$(sed -n 's/^targets="${FUZZ_TARGETS:-\(.*\)}"$/\1/p' ops/fuzz.sh | tr ' ' '\n' | sort)
seeded=$(find Tests/Fuzz/corpus -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
if [ "$listed" != "$seeded" ]; then
    echo "fuzz-check: ops/fuzz.sh's targets ($(echo $listed)) are not the seeded ones in Tests/Fuzz/corpus ($(echo $seeded))" >&2
    exit 1
fi
for target in $listed; do
    inputs=("Tests/Fuzz/corpus/$target")
    [ -d "Tests/Fuzz/regressions/$target" ] && inputs+=("Tests/Fuzz/regressions/$target")
    log=".build-fuzz/check-$target.log"
    if ! DF_FUZZ_TARGET="$target" "$bin" -runs=0 -rss_limit_mb=2048 -timeout=10 "${inputs[@]}" > "$log" 2>&1; then
        echo "fuzz-check: $target failed on its seeds under libFuzzer:" >&2
        tail -n 30 "$log" >&2
        exit 1
    fi
done
echo "fuzz-check: dreamframe-fuzz builds with libFuzzer + ASan; $(echo $listed | wc -w) targets run their seeds"
