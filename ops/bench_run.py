#!/usr/bin/env python3
"""Runs one `dreamframe run` batch and samples it every second (figures only, never a pass/fail).

Used by ops/bench-paper.sh and ops/bench-render-scaling.sh on services of their own (the environment names them):
resident memory of every stage worker, Redis' used memory, frames on disk, and the CPU of the workers, Redis and
RabbitMQ (and, apart, of the processes a worker ran: the QA validator's ffmpeg). Once every worker has stopped it ends the run (the dataset export is not measured). Prints one JSON object: the pipeline's wall time (submit to the last movie validated, from the run's own
"pipeline finished" line), stage messages per second, worker RSS per stage (first, peak, last; all of it and the anonymous part), Redis used memory
(before, peak during, after) and bytes per finished movie (the run's keys after it, MEMORY USAGE summed), Redis' busiest
commands during the run (INFO commandstats: calls and CPU), the frame
rate over the steady part of the render phase (10%..90% of the frames), and how busy the machine was.

usage: bench_run.py BIN_DIR OUT_DIR MOVIES BRANCHING SIZE RENDERERS [extra dreamframe run flags...]
"""
import glob, json, os, re, subprocess, sys, time

bin_dir, out_dir, movies, branching, size, renderers = sys.argv[1:7]
extra = sys.argv[7:]
movies, renderers = int(movies), int(renderers)
subs, tinies, keys = (int(x) for x in branching.split(","))
frames_total = movies * subs * tinies * keys
messages = movies * (1 + subs + subs * tinies + 1 + subs * tinies * keys + 1)
state = os.environ["DF_STATE_DIR"]
redis_port = os.environ["DF_REDIS_PORT"]
tick = os.sysconf("SC_CLK_TCK")
stage_names = ("plot-writer", "story-expander", "style-trainer", "frame-renderer", "qa-validator")


def redis(*args):
    out = subprocess.run(["redis-cli", "-p", redis_port, *args], capture_output=True, text=True, timeout=60)
    return out.stdout


def used_memory():
    m = re.search(r"^used_memory:(\d+)", redis("info", "memory"), re.M)
    return int(m[1]) if m else None


def command_stats(top=8):
    """Redis' busiest commands since the run began (CONFIG RESETSTAT before it): calls, CPU µs in all, µs per call."""
    found = []
    for m in re.finditer(r"^cmdstat_([^:]+):calls=(\d+),usec=(\d+),usec_per_call=([0-9.]+)", redis("info", "commandstats"), re.M):
        found.append({"command": m[1], "calls": int(m[2]), "cpu_s": round(int(m[3]) / 1e6, 1), "us_per_call": float(m[4])})
    return sorted(found, key=lambda c: -c["cpu_s"])[:top]


def cpu(pid, children=False):
    """CPU seconds of `pid` (user + system), or with `children` of the processes it ran and waited for."""
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[13]) + int(f[14]) if children else int(f[11]) + int(f[12])) / tick
    except (OSError, ValueError, IndexError):
        return None


def rss_kib(pid):
    """(VmRSS, RssAnon) of `pid` in KiB, or None. RSS counts every touched page of the shared libraries too (~33 MiB
    of Swift's runtime and Foundation in each worker, the same pages in all of them); RssAnon is the process's own
    memory (heap, stacks)."""
    try:
        fields = {l.split(":")[0]: int(l.split()[1]) for l in open(f"/proc/{pid}/status")
                  if l.startswith(("VmRSS", "RssAnon"))}
        return fields["VmRSS"], fields["RssAnon"]
    except (OSError, KeyError, ValueError, IndexError):
        return None


def workers(parent):
    found = {}
    for path in glob.glob("/proc/[0-9]*/stat"):
        try:
            pid = int(path.split("/")[2])
            fields = open(path).read().rsplit(")", 1)[1].split()
            if int(fields[1]) != parent:
                continue
            name = os.path.basename(open(f"/proc/{pid}/cmdline").read().split("\0")[0])
        except (OSError, ValueError, IndexError):
            continue
        if name in stage_names:
            found[pid] = name
    return found


def jiffies():
    v = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(v) - v[3] - v[4], sum(v)


def pid_in(path):
    try:
        return int(open(path).read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


services = {"redis": pid_in(f"{state}/redis.pid"), "rabbitmq": pid_in(f"{state}/rabbitmq/rabbitmq.pid")}
memory_before = used_memory()
redis("config", "resetstat")
log_path = os.path.join(out_dir, "run.log")
log = open(log_path, "w")
start = time.monotonic()
busy0, all0 = jiffies()
service_cpu0 = {n: cpu(p) for n, p in services.items() if p}
run = subprocess.Popen([os.path.join(bin_dir, "dreamframe"), "run", "--out", out_dir, "--movies", str(movies),
                        "--branching", branching, "--size", size, "--renderers", str(renderers), "--seed", "11",
                        "--timeout", "7200", *extra], stdout=log, stderr=subprocess.STDOUT)
rss, worker_cpu, children_cpu, frame_samples, redis_peak = {}, {}, {}, [], memory_before or 0
pipeline_s = None
# Counting the frames on disk lists every frame folder: at paper scale (1.3M files) once a second would take a good
# part of a core from the run it measures, so large runs count them every few seconds (one count per ~50k frames).
# A small run (a render phase of seconds) counts them four times a second, so its steady frame rate is not a whole
# second's rounding; the rest (RSS, CPU, Redis memory through redis-cli) is sampled once a second either way.
fine = frames_total <= 20000
frame_every, samples_taken, ticks = max(1, frames_total // 50000), 0, 0
while run.poll() is None:
    t = time.monotonic() - start
    if not fine or ticks % 4 == 0:
        for pid, name in workers(run.pid).items():
            r = rss_kib(pid)
            if r:
                rss.setdefault((name, pid), []).append((t, *r))
            c = cpu(pid)
            if c is not None:
                worker_cpu[(name, pid)] = c
            c = cpu(pid, children=True)
            if c is not None:
                children_cpu[(name, pid)] = c
        m = used_memory()
        if m:
            redis_peak = max(redis_peak, m)
    ticks += 1
    if pipeline_s is None:
        if samples_taken % frame_every == 0:
            frames = sum(len([n for n in os.listdir(d) if not n.startswith(".")])
                         for d in glob.glob(f"{out_dir}/*/videos/*/frames"))
            frame_samples.append((t, frames))
        samples_taken += 1
        text = open(log_path).read()
        found = re.search(r"pipeline finished in ([0-9.]+) s", text)
        if found:
            pipeline_s = float(found[1])
            busy1, all1 = jiffies()
            service_cpu1 = {n: cpu(p) for n, p in services.items() if p}
            redis_commands = command_stats()
    elif not workers(run.pid):
        # Every worker has stopped: what follows is the dataset export (and videos), not the pipeline.
        run.terminate()
        run.wait()
        break
    time.sleep(0.25 if fine and pipeline_s is None else 1)
log.close()
text = open(log_path).read()
if pipeline_s is None and (found := re.search(r"pipeline finished in ([0-9.]+) s", text)):
    # The run ended between two samples.
    pipeline_s = float(found[1])
    busy1, all1 = jiffies()
    service_cpu1 = {n: cpu(p) for n, p in services.items() if p}
    redis_commands = command_stats()
if pipeline_s is None:
    sys.exit(f"bench_run: the run failed (exit {run.returncode}); its log:\n" + text[-3000:])
run_id = os.path.basename(glob.glob(f"{out_dir}/run-*")[0])
memory_after = used_memory()
keys = [k for k in redis("--scan", "--pattern", f"df:*{run_id}*").split() if k]
run_bytes = sum(int(redis("memory", "usage", k, "samples", "0").strip() or 0) for k in keys)


def steady_rate(samples, total):
    if total == 0 or not samples or samples[-1][1] < 0.9 * total:
        return None
    a = next(s for s in samples if s[1] >= 0.1 * total)
    b = next(s for s in samples if s[1] >= 0.9 * total)
    return (b[1] - a[1]) / (b[0] - a[0]) if b[0] > a[0] else None


per_stage = {}
for (name, pid), samples in rss.items():
    s = per_stage.setdefault(name, {"processes": 0, "first_mib": 0, "peak_mib": 0, "last_mib": 0, "first_anon_mib": 0,
                                    "peak_anon_mib": 0, "last_anon_mib": 0, "cpu_s": 0.0, "children_cpu_s": 0.0})
    s["processes"] += 1
    s["first_mib"] = max(s["first_mib"], round(samples[0][1] / 1024, 1))
    s["peak_mib"] = max(s["peak_mib"], round(max(r for _, r, _ in samples) / 1024, 1))
    s["last_mib"] = max(s["last_mib"], round(samples[-1][1] / 1024, 1))
    s["first_anon_mib"] = max(s["first_anon_mib"], round(samples[0][2] / 1024, 1))
    s["peak_anon_mib"] = max(s["peak_anon_mib"], round(max(a for _, _, a in samples) / 1024, 1))
    s["last_anon_mib"] = max(s["last_anon_mib"], round(samples[-1][2] / 1024, 1))
    s["cpu_s"] = round(s["cpu_s"] + worker_cpu.get((name, pid), 0), 1)
    # Processes the worker ran and waited for: the QA validator's ffmpeg (video.mp4 per movie), a trainer command.
    s["children_cpu_s"] = round(s["children_cpu_s"] + children_cpu.get((name, pid), 0), 1)
workers_cpu = sum(s["cpu_s"] for s in per_stage.values())
result = {
    "run_id": run_id, "movies": movies, "branching": branching, "size": size, "renderers": renderers,
    "frames": frames_total, "messages": messages, "pipeline_wall_s": pipeline_s,
    "messages_per_s": round(messages / pipeline_s, 1), "frames_per_s": round(frames_total / pipeline_s, 1),
    "steady_render_frames_per_s": steady_rate(frame_samples, frames_total),
    "workers": per_stage, "worker_peak_rss_mib": max((s["peak_mib"] for s in per_stage.values()), default=None),
    "worker_peak_anon_mib": max((s["peak_anon_mib"] for s in per_stage.values()), default=None),
    "workers_cpu_s": round(workers_cpu, 1), "workers_cpu_us_per_message": round(1e6 * workers_cpu / messages, 1),
    "services_cpu_s": {n: round(service_cpu1[n] - service_cpu0[n], 1) for n in service_cpu0
                       if service_cpu0[n] is not None and service_cpu1.get(n) is not None},
    "redis_used_memory_before": memory_before, "redis_used_memory_peak": redis_peak,
    "redis_used_memory_after": memory_after, "redis_run_keys_after": len(keys), "redis_run_bytes_after": run_bytes,
    "redis_bytes_per_finished_movie": run_bytes // movies, "redis_commands": redis_commands,
    "machine_busy": round((busy1 - busy0) / max(1, all1 - all0), 3), "machine_cores": os.cpu_count(),
    "load_average_1m": os.getloadavg()[0],
}
print(json.dumps(result, sort_keys=True))
