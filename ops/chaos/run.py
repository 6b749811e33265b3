"""One run of the batch on fresh services: the clean reference (no faults) or a round under faults.

Set-up: a fresh RabbitMQ + Redis (wiped state), a fresh out folder, the fault proxies in front of both, the renderer
"host" namespace, the five stages (a second renderer inside the namespace) under the supervisor. Then: submit, wait
until every movie is done (or the deadline after the last fault passes), let late duplicates surface, stop the stages,
list dead letters, export, and reduce everything to a result. Tear-down runs on any exit. How the stages reach the
services is `_wire`'s, which the cluster scenario (cluster.py) replaces.
"""
import json
import os
import random
import subprocess
import time

import dataset
import logs
from faults import FaultRunner
from netns import RendererHost
from proxy import FaultProxy
from schedule import STAGES, schedule
from supervisor import Instance, Supervisor


class Environment:
    """What the fault runner acts on."""

    def __init__(self, supervisor, services, proxies, host):
        self.supervisor, self.services, self.proxies, self.host = supervisor, services, proxies, host


class Run:
    def __init__(self, config, services, name, log, plan=None, rng_seed=0):
        self.config = config
        self.services = services
        self.name = name
        self.log = log
        self.plan = plan
        self.rng = random.Random(rng_seed)  # The fault schedule's, drawn before the run starts.
        self.supervisor_rng = random.Random(rng_seed + 7919)  # Restart pauses after unplanned exits.
        self.folder = os.path.join(config.base, name)
        self.out = os.path.join(self.folder, "out")
        self.log_dir = os.path.join(self.folder, "logs")
        self.run_dir = os.path.join(self.out, config.run_id)

    def cli(self, *args, timeout=120):
        """`dreamframe …` straight to the services (not through the proxies); (status, stdout)."""
        argv = [os.path.join(self.config.bin, "dreamframe"), *args, "--broker-url", self.services.broker_url,
                "--redis-url", self.services.redis_url, "--topology", self.config.topology, "--out", self.out]
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return 124, ""
        return done.returncode, done.stdout + ("" if done.returncode == 0 else done.stderr)

    def status(self):
        """`dreamframe status RUN --json` (queues and the run's progress), or None while it cannot answer."""
        status, text = self.cli("status", self.config.run_id, "--json", "--management-url",
                                self.services.management_url, timeout=20)
        # 2: the report is there and something needs a person (dead letters, stuck movies); the harness counts those.
        if status not in (0, 2):
            return None
        try:
            return json.loads(text)
        except ValueError:
            return None

    def progress(self):
        return (self.status() or {}).get("run")

    def _stage_argv(self, stage, broker, redis):
        return [os.path.join(self.config.bin, stage), "--broker-url", broker, "--redis-url", redis,
                "--topology", self.config.topology, "--out", self.out, "--log-level", "debug"]

    def execute(self, clean=None):
        """Runs; `clean` is the reference's result (it supplies the fault schedule's windows)."""
        os.makedirs(self.log_dir, exist_ok=True)
        cleanups = []
        try:
            return self._execute(clean, cleanups)
        finally:
            for cleanup in reversed(cleanups):
                try:
                    cleanup()
                except Exception as error:
                    self.log(f"cleanup: {error}")

    def _execute(self, clean, cleanups):
        config = self.config
        self.log(f"{self.name}: fresh services")
        self.services.fresh()
        supervisor = Supervisor(self.log)
        proxies, host = self._wire(supervisor, cleanups)
        supervisor.start(self.supervisor_rng)
        cleanups.append(supervisor.kill_all)
        self._await_consumers(supervisor)

        status, text = self.cli("submit", "--movies", str(config.movies), "--branching", config.branching,
                                "--seed", str(config.seed), "--size", config.size, "--run-id", config.run_id)
        if status != 0:
            raise RuntimeError(f"dreamframe submit failed: {text}")
        t0, submitted = time.monotonic(), time.time()
        runner = None
        if self.plan is not None:
            windows = clean["windows"]
            faults = schedule(self.rng, self.plan, windows, clean["wall"],
                              {s: [i.name for i in supervisor.of_stage(s)] for s in STAGES}, self.services.nodenames)
            self.log(f"{self.name}: {len(faults)} faults scheduled: "
                     + ", ".join(f.describe() for f in faults))
            runner = FaultRunner(faults, t0, Environment(supervisor, self.services, proxies, host),
                                 self.log, amnesia=self.plan.redis_amnesia).start()
            cleanups.append(runner.abort.set)
        done, progress, wall = self._await_run(runner, t0)
        hung = config.movies - (progress or {}).get("moviesDone", 0)
        time.sleep(config.settle)  # Late twins (a renderer back from the cut, a redelivery) surface now.
        progress = self.progress() or progress
        stuck = supervisor.stop_all()
        if runner is not None:
            runner.abort.set()
        queues = (self.status() or {}).get("stages", [])
        leftovers = {q["stage"]: (q.get("ready", 0), q.get("retrying", 0)) for q in queues
                     if q.get("ready", 0) or q.get("retrying", 0)}
        dead_status, dead_text = self.cli("replay", "list", "--json")
        letters = json.loads(dead_text) if dead_status == 0 and dead_text.strip() else None
        export_status, export_text = self.cli("export", config.run_id)
        if export_status != 0:
            self.log(f"{self.name}: export failed: {export_text.strip()}")
        return {
            "name": self.name,
            "movies_done": (progress or {}).get("moviesDone", 0),
            "movies": config.movies,
            "complete": done,
            "hung": hung,
            "wall": wall,
            "windows": logs.activity_windows(self.log_dir, submitted),
            "dataset": dataset.collect(self.run_dir),
            "effects": logs.effects(self.log_dir),
            "dead_letters": letters,
            "temp_files": dataset.stray_temporary_files(self.run_dir),
            "faults": runner.applied if runner else [],
            "fault_errors": runner.errors if runner else [],
            "bad_stops": runner.bad_stops if runner else [],
            "busy_kills": runner.busy_kills if runner else 0,
            "kills": {i.name: len(i.kills) for i in supervisor.instances.values()},
            "unplanned": {i.name: i.unplanned for i in supervisor.instances.values() if i.unplanned},
            "stuck_on_stop": stuck,
            "leftovers": leftovers,
            "folder": self.folder,
        }

    def _stage_env(self):
        env = dict(os.environ)
        for key in [k for k in env if k.startswith("DREAMFRAME_")]:
            env.pop(key)
        return env

    def _wire(self, supervisor, cleanups):
        """Adds the stage instances: every connection through a fault proxy, the last renderer on the renderer
        host (a namespace). Returns (proxies, host) for the fault runner."""
        config = self.config
        host = RendererHost(config.tag, config.subnet_octet).create()
        cleanups.append(host.destroy)
        proxies = [FaultProxy("amqp", ("127.0.0.1", config.ports["amqp"]), ["127.0.0.1", host.host_address]),
                   FaultProxy("redis", ("127.0.0.1", config.ports["redis"]), ["127.0.0.1", host.host_address])]
        for proxy in proxies:
            proxy.start()
            cleanups.append(proxy.stop)
        amqp, redis = proxies[0].port, proxies[1].port
        login = self.services.redis_login
        local, remote = ((f"amqp://guest:guest@{address}:{amqp}/%2F", f"redis://{login}@{address}:{redis}/0")
                         for address in ("127.0.0.1", host.host_address))
        env = self._stage_env()
        for stage in STAGES:
            copies = config.renderers if stage == "frame-renderer" else 1
            for copy in range(1, copies + 1):
                in_host = stage == "frame-renderer" and copy == copies
                urls = remote if in_host else local
                supervisor.add(Instance(f"{stage}-{copy}", stage, self._stage_argv(stage, *urls), env, self.log_dir,
                                        wrap=host.command if in_host else None))
        return proxies, host

    def _await_consumers(self, supervisor, timeout=60):
        deadline = time.monotonic() + timeout
        for instance in supervisor.instances.values():
            while time.monotonic() < deadline:
                with open(instance.log_file(), errors="replace") as handle:
                    if "consuming" in handle.read():
                        break
                time.sleep(0.2)
            else:
                raise RuntimeError(f"{instance.name} did not start consuming; see {instance.log_file()}")

    def _await_run(self, runner, t0):
        """Polls progress until done (and the faults are over) or the deadline after the last fault passed."""
        config, progress, last_print, wall = self.config, None, 0.0, None
        while True:
            now = time.monotonic()
            latest = self.progress()
            progress = latest or progress
            if latest and runner is not None:
                frames = next((x for x in latest.get("stages", []) if x["stage"] == "frame-renderer"), None)
                if frames and frames["total"]:
                    runner.set_progress(frames["done"] / frames["total"])
            complete = bool(latest) and latest.get("moviesDone") == latest.get("movies") == config.movies
            if complete and wall is None:
                wall = now - t0
            faults_over = runner is None or runner.done
            if complete and faults_over:
                return True, progress, wall
            if faults_over and now - (runner.last_fault_end if runner else t0) > config.deadline:
                self.log(f"{self.name}: deadline of {config.deadline:.0f} s after the last fault passed")
                return False, progress, now - t0
            if now - last_print >= 10:
                last_print = now
                stages = " ".join(f"{s['stage']} {s['done']}/{s['total']}" for s in (progress or {}).get("stages", []))
                self.log(f"{self.name}: +{now - t0:.0f}s {stages}{'' if latest else ' (status unavailable)'}")
            time.sleep(1.0)
