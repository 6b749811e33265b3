#!/usr/bin/env bash
# Prints how fast ONE story-expander process drives a slow model server (figures only, never a pass/fail): a
# simulated OpenAI-compatible server (Tests/Fixtures/model_stub_server.py) that takes BENCH_MODEL_DELAY_MS (200) per
# call and holds BENCH_MODEL_SLOTS (64) calls at once — a ceiling of slots x 1000 / delay = 320 calls/s — answers
# every level-2 and level-3 call of a batch whose plots the built-in plot writer wrote beforehand (the stub builds
# its answers from the prompt's movie context, so they validate against a built-in plot). For each
# --model-concurrency in BENCH_MODEL_CONCURRENCY ("64 32 16"; --concurrency BENCH_MODEL_HANDLERS, 128) it submits
# enough movies at BENCH_MODEL_BRANCHING (4,8,4: 36 calls a movie) to keep the expander busy for about
# BENCH_MODEL_SECONDS (25) at that setting's ceiling, samples the stub's call counter and the CPU of the expander,
# the stub, Redis and RabbitMQ every 0.25 s, and prints calls/s over the steady window (10%..90% of the calls: no
# ramp-up, no tail), the share of the ceiling, CPU per call, how long the expander's threads waited for a CPU, and
# how busy the whole machine was. Then, as a reference, curl alone drives the same server with the same request
# (BENCH_MODEL_REFERENCE=0 skips it): what the server and this machine reach without the pipeline.
# Runs on a RabbitMQ node and Redis of its own (free loopback ports, state in a temporary folder, wiped at the end),
# so nothing it queues lands on the shared services. Writes the figures to out/bench/model-bound.json.
# BENCH_MODEL_EXPANDER=PATH measures another build's story-expander; BENCH_KEEP=1 keeps the logs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.build/release"
delay="${BENCH_MODEL_DELAY_MS:-200}" slots="${BENCH_MODEL_SLOTS:-64}"
settings="${BENCH_MODEL_CONCURRENCY:-64 32 16}" handlers="${BENCH_MODEL_HANDLERS:-128}"
seconds="${BENCH_MODEL_SECONDS:-25}" branching="${BENCH_MODEL_BRANCHING:-4,8,4}"
expander_bin="${BENCH_MODEL_EXPANDER:-$bin/story-expander}"
for tool in story-expander plot-writer dreamframe; do
    [ -x "$bin/$tool" ] || { echo "bench-model: $bin/$tool is missing; run swift build -c release first" >&2; exit 1; }
done
work="$(mktemp -d /tmp/df-bench-model.XXXXXX)"
mkdir -p "$root/out/bench" "$work/out" "$work/logs"

# Services of our own (ops/bench-services.sh: free loopback ports, a node name of our own, the state in $work).
source "$root/ops/bench-services.sh"
export DREAMFRAME_API_KEY="bench-key"
# The model settings come from the flags below only (no inherited environment, no config file: cwd is $work).
unset DREAMFRAME_STORY_MODEL DREAMFRAME_STORY_MODEL_URL DREAMFRAME_STORY_MODEL_NAME \
      DREAMFRAME_MODEL_CONCURRENCY DREAMFRAME_MODEL_CACHE DREAMFRAME_MODEL_RPM DREAMFRAME_MODEL_TPM
cd "$work"

# The sampler: polls the stub's call counter and the CPU of the client (the expander or curl), the stub, Redis and
# RabbitMQ every 0.25 s until the client made every call (and the expander wrote every story.json); prints the
# steady-window figures and appends them as one JSON line to $BENCH_RESULTS.
cat > "$work/sample.py" <<'PY'
import glob, json, os, sys, time, urllib.request
port, model, before, calls, client, ceiling, extra = sys.argv[1:8]
videos, movies = (sys.argv[8], int(sys.argv[9])) if len(sys.argv) > 9 else (None, 0)
before, calls, ceiling, extra = int(before), int(calls), int(ceiling), json.loads(extra)
tick = os.sysconf("SC_CLK_TCK")
state = os.environ["DF_STATE_DIR"]

def cpu(pid):  # utime + stime of a process in seconds, None once it is gone
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick
    except (OSError, ValueError, IndexError):
        return None

def waited(pid):  # seconds the process's threads have waited on a run queue for a CPU (schedstat run_delay)
    try:
        return sum(int(open(f"/proc/{pid}/task/{t}/schedstat").read().split()[1])
                   for t in os.listdir(f"/proc/{pid}/task")) / 1e9
    except (OSError, ValueError, IndexError):
        return None

def pid_in(path):
    try:
        return int(open(path).read().split()[0])
    except (OSError, ValueError, IndexError):
        return None

def machine():  # busy and all jiffies over every core
    v = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(v) - v[3] - v[4], sum(v)

def stories():
    return len(glob.glob(f"{videos}/*/story.json")) if videos else 0

procs = {"client": int(client), "stub": int(os.environ["BENCH_STUB_PID"]),
         "redis": pid_in(f"{state}/redis.pid"), "rabbitmq": pid_in(f"{state}/rabbitmq/rabbitmq.pid")}
procs = {n: p for n, p in procs.items() if p}
url = f"http://127.0.0.1:{port}/stats?group=chat:{model}"
rows, start = [], time.monotonic()
deadline = start + max(600, 20 * calls / ceiling)
while True:
    total = json.load(urllib.request.urlopen(url, timeout=10))["total"] - before
    rows.append((time.monotonic() - start, total, {n: cpu(p) for n, p in procs.items()}, *machine(),
                 waited(procs["client"])))
    if total >= calls and stories() >= movies:
        break
    stalled = len(rows) > 120 and rows[-121][1] == total  # no call in 30 s
    if time.monotonic() > deadline or stalled or rows[-1][2]["client"] is None:
        print(f"  stopped waiting: {total} of {calls} calls, {stories()} of {movies} stories", file=sys.stderr)
        break
    time.sleep(0.25)
if rows[-1][1] < 0.1 * calls:
    sys.exit(f"  only {rows[-1][1]} of {calls} calls reached the server: no steady window (see the logs)")

def at(share):  # the first sample with at least share x calls
    return next(r for r in rows if r[1] >= share * calls)
a = at(0.1)
b = at(0.9) if rows[-1][1] >= 0.9 * calls else rows[-1]
first = next(r for r in rows if r[1] > 0)  # the whole run: from the first call the server saw to the last
span, done, wall = b[0] - a[0], b[1] - a[1], rows[-1][0] - first[0]
rate = done / span if span > 0 else 0.0
cores = {n: (b[2][n] - a[2][n]) / span for n in procs if a[2][n] is not None and b[2][n] is not None}
per_call = {n: 1000 * c * span / done for n, c in cores.items()} if done else {}
busy = (b[3] - a[3]) / (b[4] - a[4]) if b[4] > a[4] else 0.0
starved = (b[5] - a[5]) / span if a[5] is not None and b[5] is not None and span > 0 else None
name = extra.pop("client", "expander")
cores[name], per_call[name] = cores.pop("client", 0.0), per_call.pop("client", 0.0)
out = dict(extra, client=name, calls=calls, ceiling_calls_per_s=ceiling, steady_calls_per_s=round(rate, 1),
           share_of_ceiling=round(rate / ceiling, 3), steady_window_s=round(span, 1), wall_s=round(wall, 1),
           whole_run_calls_per_s=round((rows[-1][1] - first[1]) / wall, 1) if wall > 0 else None,
           cpu_cores={n: round(v, 3) for n, v in cores.items()},
           cpu_ms_per_call={n: round(v, 3) for n, v in per_call.items()},
           client_runqueue_wait_cores=starved and round(starved, 3),
           machine_busy=round(busy, 3), machine_cores=os.cpu_count(),
           load_average=os.getloadavg()[0])
print(f"  steady {rate:.1f} calls/s over {span:.1f} s (10%..90% of the calls) = {100 * rate / ceiling:.1f}% of "
      f"the {ceiling}/s ceiling; whole run {out['whole_run_calls_per_s']} calls/s in {wall:.1f} s")
print("  CPU in that window, cores (ms per call): " + ", ".join(
    f"{n} {cores[n]:.2f} ({per_call[n]:.2f})" for n in cores) +
    f"; machine {100 * busy:.0f}% busy of {os.cpu_count()} cores, load {out['load_average']:.1f}")
if starved is not None:
    print(f"  the {name}'s threads waited for a CPU {starved:.2f} s per second (run-queue delay, all threads)")
with open(os.environ["BENCH_RESULTS"], "a") as f:
    f.write(json.dumps(out) + "\n")
PY

pids=()
stop_pid() { # graceful stop of one child we started, then a kill if it lingers
    local pid="$1"
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
    local pid
    for pid in "${pids[@]}"; do stop_pid "$pid"; done
    exec 3>&-
    bench_services_down
    if [ -n "${BENCH_KEEP:-}" ]; then echo "bench-model: kept $work" >&2; else rm -rf "$work"; fi
}
in_background() { # runs a command as a child we clean up, and waits for it (a signal interrupts the wait)
    "$@" &
    local pid=$!
    pids+=("$pid")
    wait "$pid"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_services_up
ctl() { (rabbit_env; rabbitmqctl -n "$DF_NODENAME" -q "$@"); }
depth() { ctl list_queues name messages | awk -v q="$1" '$1 == q {print $2}'; }

# The simulated model server; it exits when fd 3 (its stdin) closes, i.e. when this script ends however it ends.
mkfifo "$work/stub.in"
python3 "$root/Tests/Fixtures/model_stub_server.py" --port 0 --api-key "$DREAMFRAME_API_KEY" --slots "$slots" \
    < "$work/stub.in" > "$work/stub.port" 2> "$work/logs/stub.log" &
stub=$!; pids+=("$stub"); export BENCH_STUB_PID="$stub"
exec 3> "$work/stub.in"
for _ in $(seq 100); do [ -s "$work/stub.port" ] && break; sleep 0.1; done
port=$(head -1 "$work/stub.port")
model="stub-delay-$delay"
echo "  simulated server: 127.0.0.1:$port, $delay ms a call, $slots slots (pid $stub)"

"$bin/plot-writer" --repair-every 0 >> "$work/logs/plot-writer.log" 2>&1 &
plotter=$!; pids+=("$plotter")

IFS=, read -r subs tinies frames <<< "$branching"
per_movie=$(( subs + subs * tinies ))
export BENCH_RESULTS="$work/results.jsonl"; : > "$BENCH_RESULTS"
total_calls() { curl -fsS "http://127.0.0.1:$port/stats?group=chat:$model" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])'; }
for k in $settings; do
    in_flight=$(( k < slots ? k : slots ))
    ceiling=$(( in_flight * 1000 / delay ))
    movies=$(( (seconds * ceiling + per_movie - 1) / per_movie ))
    calls=$(( movies * per_movie ))
    run="bench-model-k$k-$$"
    "$bin/dreamframe" submit --movies "$movies" --branching "$branching" --seed 7 --run-id "$run" > /dev/null
    # Every plot first: the expander then starts on a full queue of level-2 messages (level 3 follows behind).
    for _ in $(seq 600); do [ "$(depth dreamframe.story-expander)" = "$(( movies * subs ))" ] && break; sleep 0.5; done
    [ "$(depth dreamframe.story-expander)" = "$(( movies * subs ))" ] \
        || echo "  NOTE: not every plot was written within 300 s (see $work/logs/plot-writer.log)"
    echo "== one story-expander, --model-concurrency $k --concurrency $handlers: $movies movies at $branching, $calls level-2/3 calls"
    before=$(total_calls)
    "$expander_bin" --concurrency "$handlers" --repair-every 0 --story-model openai \
        --story-model-url "http://127.0.0.1:$port/v1" --story-model-name "$model" --model-concurrency "$k" --no-cache \
        >> "$work/logs/story-expander-k$k.log" 2>&1 &
    expander=$!; pids+=("$expander")
    in_background python3 "$work/sample.py" "$port" "$model" "$before" "$calls" "$expander" "$ceiling" \
        "{\"model_concurrency\": $k, \"handlers\": $handlers, \"movies\": $movies}" "$work/out/$run/videos" "$movies"
    stop_pid "$expander"
    dead=$(depth dreamframe.story-expander.dead)
    [ "${dead:-0}" = 0 ] || echo "  NOTE: $dead story-expander messages dead-lettered (see the expander log)"
    ctl purge_queue dreamframe.style-trainer > /dev/null
done

# The reference: the same server driven by curl alone (libcurl's multi loop, $slots connections, no pipeline)
# with the last level-3 request the expander sent — what this server reaches on this machine right now.
if [ "${BENCH_MODEL_REFERENCE:-1}" != 0 ]; then
    curl -fsS "http://127.0.0.1:$port/last?kind=chat" > "$work/request.json"
    calls=$(( seconds * slots * 1000 / delay ))
    echo "== reference: curl --parallel-max $slots, the same level-3 request $calls times, no pipeline"
    before=$(total_calls)
    curl -s --parallel --parallel-immediate --parallel-max "$slots" -H "Authorization: Bearer $DREAMFRAME_API_KEY" \
        -H 'Content-Type: application/json' -d @"$work/request.json" -o /dev/null -w '%{http_code}\n' \
        "http://127.0.0.1:$port/v1/chat/completions?[1-$calls]" > "$work/curl-codes.txt" 2> /dev/null &
    client=$!; pids+=("$client")
    in_background python3 "$work/sample.py" "$port" "$model" "$before" "$calls" "$client" "$(( slots * 1000 / delay ))" \
        "{\"client\": \"curl\", \"parallel\": $slots}"
    wait "$client" || true
    bad=$(grep -vc '^200$' "$work/curl-codes.txt" || true)
    [ "$bad" = 0 ] || echo "  NOTE: $bad of the curl requests did not answer 200"
fi

python3 - "$BENCH_RESULTS" "$root/out/bench/model-bound.json" "$delay" "$slots" "$branching" "$handlers" <<'PY'
import json, os, sys, time
results, path, delay, slots, branching, handlers = sys.argv[1:]
runs = [json.loads(l) for l in open(results) if l.strip()]
ceiling = int(slots) * 1000 // int(delay)
expander = [r for r in runs if r["client"] == "expander"]
reference = next((r for r in runs if r["client"] == "curl"), None)
# The headline: the expander at --model-concurrency = the server's slots (the issue's setting), else the best.
head = next((r for r in expander if r["model_concurrency"] == int(slots)), None) \
    or max(expander, key=lambda r: r["steady_calls_per_s"], default=None)
doc = {"benchmark": "model-bound",
       "server": {"delay_ms": int(delay), "slots": int(slots), "ceiling_calls_per_s": ceiling},
       "branching": branching, "handlers": int(handlers),
       "steady_calls_per_s": head and head["steady_calls_per_s"],
       "ceiling_calls_per_s": head and head["ceiling_calls_per_s"],
       "share_of_ceiling": head and head["share_of_ceiling"],
       "model_concurrency": head and head["model_concurrency"],
       "expander_cpu_ms_per_call": head and head["cpu_ms_per_call"].get("expander"),
       "reference_curl_calls_per_s": reference and reference["steady_calls_per_s"],
       "runs": runs, "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
       "machine": {"cores": os.cpu_count(), "load_average_1m": os.getloadavg()[0]}}
with open(path, "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
if head:
    print(f"model-bound: one story-expander {head['steady_calls_per_s']} calls/s = {100 * head['share_of_ceiling']:.1f}% "
          f"of the {head['ceiling_calls_per_s']} calls/s ceiling (--model-concurrency {head['model_concurrency']}, --concurrency {handlers}; "
          f"{doc['expander_cpu_ms_per_call']} ms expander CPU per call)"
          + (f"; curl alone {reference['steady_calls_per_s']} calls/s" if reference else ""))
    if head["share_of_ceiling"] < 0.9 and head["machine_busy"] > 0.9:
        print(f"  NOTE: the machine was {100 * head['machine_busy']:.0f}% busy (load {head['load_average']:.1f}) and the "
              f"expander's threads waited {head['client_runqueue_wait_cores']} s per second for a CPU: the figure is "
              f"what the CPU this expander got allows, not its ceiling (run again on a quiet machine)")
print(f"  written to {path}")
PY
