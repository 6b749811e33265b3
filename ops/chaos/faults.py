"""Applies a round's fault schedule (see schedule.py) while the run is in progress.

Faults run in lanes, one thread each: the kills of one stage instance in order (each waits for the instance to be
seen working), the resets, and each outage (Redis down, RabbitMQ down, a cluster node killed, the renderer host cut
off) on its own — so a kill that waits, or an outage that lasts, never delays the others.
"""
import threading
import time
from collections import defaultdict


class FaultRunner:
    """Applies `faults` relative to `t0` (monotonic) and to the run's progress (0..1, `set_progress` by the driver
    as it polls); `applied` lists (seconds, description)."""

    STALL_SECONDS = 90.0

    def __init__(self, faults, t0, env, log, amnesia=False):
        self.faults = faults
        self.amnesia = amnesia
        self.t0 = t0
        self.env = env  # .supervisor, .services, .proxies, .host
        self.log = log
        self.progress = 0.0
        self._moved = t0
        self.applied = []
        self.errors = []
        self.bad_stops = []  # graceful restarts that did not end with exit status 0
        self.busy_kills = 0
        self.last_fault_end = t0
        self.abort = threading.Event()
        self._lock = threading.Lock()
        lanes = defaultdict(list)
        for fault in faults:
            lanes[fault.lane].append(fault)
        self._threads = [threading.Thread(target=self._lane, args=(lane,), name=f"faults-{name}", daemon=True)
                         for name, lane in lanes.items()]

    def start(self):
        for thread in self._threads:
            thread.start()
        return self

    @property
    def done(self):
        return not any(thread.is_alive() for thread in self._threads)

    def _note(self, text):
        now = time.monotonic()
        with self._lock:
            self.applied.append((now - self.t0, text))
            self.last_fault_end = max(self.last_fault_end, now)
        self.log(f"[+{now - self.t0:5.1f}s p={self.progress:.2f}] {text}")

    def set_progress(self, fraction):
        if fraction != self.progress:
            self.progress, self._moved = fraction, time.monotonic()

    def _due(self, fault):
        if fault.at is not None:
            return time.monotonic() - self.t0 >= fault.at
        # A run that stalls short of the fault's moment gets it anyway (and the round can end).
        return self.progress >= fault.at_progress or time.monotonic() - self._moved > self.STALL_SECONDS

    def _lane(self, faults):
        for fault in faults:
            while not self._due(fault):
                if self.abort.wait(0.05):
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
            self._kill(fault)
        elif fault.kind == "term":
            busy = self._await_work(self.env.supervisor.instances[fault.target])  # Up, and working if it can.
            status = self.env.supervisor.terminate(fault.target, pause=fault.pause)
            if status != 0:
                self.bad_stops.append(f"SIGTERM of {fault.target}: " + ("did not stop within 60 s" if status is None
                                                                       else f"exit status {status}"))
            self._note(f"SIGTERM {fault.target} ({'busy' if busy else 'idle'}; graceful restart, exit status {status})")
        elif fault.kind == "reset":
            cut = sum(proxy.reset_all() for proxy in self.env.proxies)
            self._note(f"reset {cut} proxied connections")
        else:
            self._outage(fault)

    def _kill(self, fault):
        """kill -9 of the instance the moment it is seen working (it logs a finished message; its other deliveries
        are then mid-handling or prefetched), or after `busy_wait` seconds of idleness."""
        instance = self.env.supervisor.instances[fault.target]
        busy = self._await_work(instance)
        if self.abort.is_set():
            return
        time.sleep(fault.jitter)  # Somewhere inside the next handlings, not just after one.
        if self.env.supervisor.kill9(fault.target, pause=fault.pause):
            self.busy_kills += busy
            self._note(f"kill -9 {fault.target} ({'busy' if busy else 'idle'})")

    def _await_work(self, instance, busy_wait=2.0, connect_wait=30.0):
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
            elif fault.kind == "node":
                self._node_outage(fault)
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

    def _node_outage(self, fault):
        """kill -9 of a cluster node while a renderer is seen working, then ops/cluster-up.sh after `seconds`: the
        node starts on its own data and rejoins. The count of client connections on it (asked of the last node,
        which is never killed) shows the stages were on the node that died."""
        services = self.env.services
        index = services.nodenames.index(fault.target)
        renderer = next(i for i in self.env.supervisor.instances.values() if i.stage == "frame-renderer")
        busy = self._await_work(renderer, busy_wait=20.0)
        try:
            connections = services.connections_on(index, via=len(services.nodenames) - 1)
        except Exception as error:  # Only information: the kill goes ahead.
            connections = f"unknown ({error})"
        pid = services.kill_node(index)
        self._note(f"kill -9 rabbitmq node {fault.target} (pid {pid}, {connections} client connections on it; "
                   f"{'while rendering' if busy else 'renderer idle'}); restart in {fault.seconds:.1f} s")
        if self.abort.wait(fault.seconds):
            return
        services.rejoin()
        self._note(f"rabbitmq node {fault.target} restarted and rejoined (every quorum queue on all "
                   f"{len(services.nodenames)} nodes)")
