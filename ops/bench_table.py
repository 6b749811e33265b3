#!/usr/bin/env python3
"""Prints every benchmark's figures as one table and writes them as JSON (figures only, never a pass/fail).

usage: bench_table.py RESULTS.jsonl MODEL_BOUND.json OUT.json
RESULTS.jsonl holds one JSON object a line, each with "bench" (chain, render, render-scaling, paper-scale);
MODEL_BOUND.json is what ops/bench-model.sh wrote (absent when it did not run).
"""
import json, os, sys, time

results_path, model_path, out_path = sys.argv[1:4]
runs = [json.loads(l) for l in open(results_path) if l.strip()] if os.path.exists(results_path) else []
latest = {}
for r in runs:
    latest[r["bench"]] = r
if os.path.exists(model_path):
    latest["model-bound"] = dict(json.load(open(model_path)), bench="model-bound")

rows = []  # (benchmark, figure, value, target)
def row(bench, figure, value, target=""):
    rows.append((bench, figure, value, target))

if c := latest.get("chain"):
    row("chain", f"items/s ({c['items']} items, 5 stages)", f"{c['items_per_s']:,.0f}", ">= 3,000")
    row("chain", "stage messages/s", f"{c['messages_per_s']:,.0f}", ">= 15,000")
    row("chain", "CPU µs per message, our process", f"{c['cpu_us_per_message']:.1f}", "<= 150")
    if "rabbitmq_cpu_us_per_message" in c:
        row("chain", "CPU µs per message, RabbitMQ / Redis",
            f"{c['rabbitmq_cpu_us_per_message']} / {c['redis_cpu_us_per_message']}")
    row("chain", f"latency per item p50 / p99 (window {c['window']})",
        f"{c['latency_p50_ms']:.0f} / {c['latency_p99_ms']:.0f} ms")
if p := latest.get("paper-scale"):
    row("paper-scale", f"{p['movies']} movies at {p['branching']}, {p['size']}: wall", f"{p['pipeline_wall_s']:.0f} s",
        "1.47M messages <= 600 s")
    row("paper-scale", "stage messages/s", f"{p['messages_per_s']:,.0f}", ">= 2,450")
    row("paper-scale", "workers' CPU µs per message", f"{p['workers_cpu_us_per_message']}")
    row("paper-scale", "worker RSS peak / last (largest worker)",
        f"{p['worker_peak_rss_mib']} / {max(w['last_mib'] for w in p['workers'].values())} MiB", "<= 64 MiB, flat")
    if p.get("worker_peak_anon_mib") is not None:
        # RSS counts the shared libraries' touched pages in every worker (~33 MiB, the same pages in all six).
        row("paper-scale", "worker anonymous RSS peak / last (largest)",
            f"{p['worker_peak_anon_mib']} / {max(w['last_anon_mib'] for w in p['workers'].values())} MiB")
    row("paper-scale", "Redis used memory peak / after",
        f"{p['redis_used_memory_peak'] / 2**20:.1f} / {p['redis_used_memory_after'] / 2**20:.1f} MiB")
    row("paper-scale", "Redis bytes per finished movie", f"{p['redis_bytes_per_finished_movie']:,}", "<= 4,096")
if s := latest.get("render-scaling"):
    row("render-scaling", f"frames/s, 1 / 2 renderers ({s['frames']} at {s['size']})",
        f"{s['one_renderer_frames_per_s'] or 0:.1f} / {s['two_renderers_frames_per_s'] or 0:.1f}")
    row("render-scaling", "speed-up", f"{s['speedup']}x", ">= 1.8x")
if r := latest.get("render"):
    row("render", f"built-in renderer at {r['width']}x{r['height']} with PNG", f"{r['frames_per_cpu_s']:.1f} frames per CPU second")
if m := latest.get("model-bound"):
    row("model-bound", "calls/s, one story-expander", f"{m['steady_calls_per_s']} of {m['ceiling_calls_per_s']}")
    row("model-bound", "share of the simulated ceiling", f"{100 * (m['share_of_ceiling'] or 0):.1f}%", ">= 90%")

widths = [max(len(str(r[i])) for r in rows + [("benchmark", "figure", "value", "target")]) for i in range(4)]
line = lambda r: "  ".join(str(x).ljust(w) for x, w in zip(r, widths)).rstrip()
print(line(("benchmark", "figure", "value", "target")))
print(line(tuple("-" * w for w in widths)))
for r in rows:
    print(line(r))
doc = {"measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
       "machine": {"cores": os.cpu_count(), "load_average_1m": os.getloadavg()[0]},
       "benchmarks": latest, "table": [dict(zip(("benchmark", "figure", "value", "target"), r)) for r in rows]}
with open(out_path, "w") as f:
    json.dump(doc, f, indent=2, sort_keys=True)
    f.write("\n")
print(f"written to {out_path}")
