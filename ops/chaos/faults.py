"""The fault schedule of a round (from a seeded RNG) and the thread that applies it while the run is in progress.

Stage kills land inside the window in which that stage had work in the clean run (so most of them hit work in
flight); the other faults land anywhere in the first 80 % of the clean run's wall time. Outages (Redis down,
RabbitMQ down, the renderer host cut off) run on their own threads, so kills and resets go on meanwhile.
"""
import threading
import time
from dataclasses import dataclass, field

STAGES = ["plot-writer", "story-expander", "style-trainer", "frame-renderer", "qa-validator"]


@dataclass
class FaultPlan:
    kills_per_stage: int = 3
    resets: int = 3
    redis_kills: int = 1
    rabbit_restarts: int = 1
    cuts: int = 1
    cut_seconds: tuple = (45.0, 70.0)
    outage_seconds: tuple = (1.0, 6.0)
    # Sabotage, to see the harness fail: Redis comes back WITHOUT its data (as if its disk were lost).
    redis_amnesia: bool = False


@dataclass(order=True)
class Fault:
    at: float
    kind: str = field(compare=False)
    target: str = field(compare=False, default="")
    seconds: float = field(compare=False, default=0.0)

    def describe(self):
        extra = f" for {self.seconds:.0f} s" if self.seconds else ""
        return f"{self.kind}{' ' + self.target if self.target else ''}{extra}"


def schedule(rng, plan, windows, wall, instances_by_stage):
    """Faults sorted by time (seconds after submit). `windows`: stage -> (first, last) second with work in the
    clean run; `wall`: the clean run's wall time; `instances_by_stage`: stage -> instance names."""
    faults = []
    for stage in STAGES:
        first, last = windows.get(stage, (0.0, wall))
        names = instances_by_stage[stage]
        for k in range(plan.kills_per_stage):
            # Every instance of a stage gets its share of the kills (the renderer "host" too).
            target = names[k % len(names)] if k < len(names) else rng.choice(names)
            faults.append(Fault(rng.uniform(max(0.2, first - 0.5), last + 0.5), "kill", target))
    span = (0.1 * wall, 0.8 * wall)
    faults += [Fault(rng.uniform(*span), "reset") for _ in range(plan.resets)]
    faults += [Fault(rng.uniform(*span), "redis", seconds=rng.uniform(*plan.outage_seconds))
               for _ in range(plan.redis_kills)]
    faults += [Fault(rng.uniform(*span), "rabbitmq", seconds=rng.uniform(*plan.outage_seconds))
               for _ in range(plan.rabbit_restarts)]
    renderer = windows.get("frame-renderer", (0.0, wall))
    faults += [Fault(rng.uniform(renderer[0], renderer[0] + 0.5 * (renderer[1] - renderer[0])), "cut",
                     instances_by_stage["frame-renderer"][-1], seconds=rng.uniform(*plan.cut_seconds))
               for _ in range(plan.cuts)]
    return sorted(faults)


class FaultRunner:
    """Applies `faults` relative to `t0` (monotonic) on a thread; `applied` lists (seconds, description)."""

    def __init__(self, faults, t0, rng, env, log, amnesia=False):
        self.faults = faults
        self.amnesia = amnesia
        self.t0 = t0
        self.rng = rng
        self.env = env  # .supervisor, .services, .proxies, .host
        self.log = log
        self.applied = []
        self.errors = []
        self.busy_kills = 0
        self.last_fault_end = t0
        self._lock = threading.Lock()
        self._outages = []
        self._thread = threading.Thread(target=self._run, name="faults", daemon=True)
        self.abort = threading.Event()

    def start(self):
        self._thread.start()
        return self

    @property
    def done(self):
        return not self._thread.is_alive() and not any(t.is_alive() for t in self._outages)

    def wait(self, timeout=None):
        self._thread.join(timeout)
        for thread in list(self._outages):
            thread.join(timeout)

    def _note(self, text):
        now = time.monotonic()
        with self._lock:
            self.applied.append((now - self.t0, text))
            self.last_fault_end = max(self.last_fault_end, now)
        self.log(f"[+{now - self.t0:5.1f}s] {text}")

    def _run(self):
        for fault in self.faults:
            delay = self.t0 + fault.at - time.monotonic()
            if delay > 0 and self.abort.wait(delay):
                return
            if self.abort.is_set():
                return
            try:
                self._apply(fault)
            except Exception as error:  # A fault that could not be applied is a harness error, reported.
                self.errors.append(f"{fault.describe()}: {error}")
                self._note(f"FAILED {fault.describe()}: {error}")

    def _apply(self, fault):
        if fault.kind == "kill":
            self._kill(fault.target)
        elif fault.kind == "reset":
            cut = sum(proxy.reset_all() for proxy in self.env.proxies)
            self._note(f"reset {cut} proxied connections")
        else:
            thread = threading.Thread(target=self._outage, args=(fault,), daemon=True)
            self._outages.append(thread)
            thread.start()

    def _kill(self, name):
        """kill -9 of `name` the moment it is seen working (it logs a finished message; its other deliveries are
        then mid-handling or prefetched), or after `busy_wait` seconds of idleness."""
        instance = self.env.supervisor.instances[name]
        busy = self._await_work(instance)
        if self.abort.is_set():
            return
        time.sleep(self.rng.uniform(0.0, 0.15))  # Somewhere inside the next handlings, not just after one.
        if self.env.supervisor.kill9(name, pause=self.rng.uniform(0.3, 2.0)):
            self.busy_kills += busy
            self._note(f"kill -9 {name} ({'busy' if busy else 'idle'})")

    def _await_work(self, instance, busy_wait=4.0, connect_wait=30.0):
        started = time.monotonic()
        offset, seen_consuming = 0, False
        incarnation = instance.incarnation
        watch_from = None
        while not self.abort.is_set():
            now = time.monotonic()
            if instance.incarnation != incarnation or not instance.running:
                if now - started > connect_wait:
                    return False
                incarnation, offset, seen_consuming, watch_from = instance.incarnation, 0, False, None
                time.sleep(0.05)
                continue
            try:
                with open(instance.log_file(), errors="replace") as handle:
                    handle.seek(offset)
                    text = handle.read()
                    offset = handle.tell()
            except OSError:
                text = ""
            if not seen_consuming:
                seen_consuming = "] consuming" in text
                if not seen_consuming and now - started > connect_wait:
                    return False
            if seen_consuming and watch_from is None:
                watch_from = now
                text = text[text.index("] consuming"):]
            if watch_from is not None:
                if "] handled" in text:
                    return True
                if now - watch_from > busy_wait:
                    return False
            time.sleep(0.02)
        return False

    def _outage(self, fault):
        try:
            if fault.kind == "redis":
                pid = self.env.services.kill_redis()
                self._note(f"kill -9 redis (pid {pid}); restart in {fault.seconds:.1f} s")
                if self.abort.wait(fault.seconds):
                    return
                if self.amnesia:
                    self.env.services.wipe_redis_data()
                self.env.services.up("redis")
                self._note("redis restarted WITHOUT its data (sabotage)" if self.amnesia else "redis restarted on its AOF")
            elif fault.kind == "rabbitmq":
                self._note("rabbitmq node stopping")
                self.env.services.stop_rabbitmq()
                self._note(f"rabbitmq node stopped; start in {fault.seconds:.1f} s")
                if self.abort.wait(fault.seconds):
                    return
                self.env.services.up("rabbitmq")
                self._note("rabbitmq node started")
            elif fault.kind == "cut":
                # Cut while its renderer is handling frames, so deliveries, claims and writes are in flight.
                busy = self._await_work(self.env.supervisor.instances[fault.target], busy_wait=20.0)
                self.env.host.cut()
                self._note(f"renderer host cut off the network for {fault.seconds:.0f} s "
                           f"({'while rendering' if busy else 'idle'})")
                if self.abort.wait(fault.seconds):
                    return
                self.env.host.restore()
                self._note("renderer host back on the network")
        except Exception as error:
            self.errors.append(f"{fault.describe()}: {error}")
            self._note(f"FAILED {fault.describe()}: {error}")
