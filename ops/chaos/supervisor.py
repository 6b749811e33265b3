"""Runs the stage executables, kills them on command and restarts them, like systemd's Restart= would.

Each process is one "instance" (`frame-renderer-2`); every incarnation logs to its own file
(`logs/frame-renderer-2.3.log`), so a killed process's last words stay readable. An instance that exits without
being told to is an unplanned exit: counted, its log noted, and restarted after a pause.
"""
import os
import signal
import subprocess
import threading
import time


class Instance:
    def __init__(self, name, stage, argv, env, log_dir, wrap=None):
        self.name = name
        self.stage = stage
        self.argv = argv
        self.env = env
        self.log_dir = log_dir
        self.wrap = wrap  # e.g. RendererHost.command: runs the process inside a network namespace
        self.process = None
        self.incarnation = 0
        self.started_at = 0.0
        self.kills = []  # (incarnation, epoch seconds)
        self.terms = []  # (incarnation, exit status or None when SIGTERM did not stop it)
        self.unplanned = []  # (incarnation, exit status, log file)
        self.restart_at = None
        self.expect_exit = False

    def log_file(self, incarnation=None):
        return os.path.join(self.log_dir, f"{self.name}.{incarnation or self.incarnation}.log")

    def start(self):
        self.incarnation += 1
        argv = self.wrap(self.argv) if self.wrap else self.argv
        with open(self.log_file(), "ab") as log:
            self.process = subprocess.Popen(argv, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        self.started_at = time.monotonic()
        self.restart_at = None
        self.expect_exit = False

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    @property
    def uptime(self):
        return time.monotonic() - self.started_at if self.running else 0.0


class Supervisor:
    def __init__(self, log):
        self.instances = {}
        self.log = log
        self.restart_pause = (0.5, 2.0)
        self.rng = None
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="supervisor", daemon=True)

    def add(self, instance):
        self.instances[instance.name] = instance

    def start(self, rng):
        self.rng = rng
        with self._lock:
            for instance in self.instances.values():
                instance.start()
        self._thread.start()

    def of_stage(self, stage):
        return [i for i in self.instances.values() if i.stage == stage]

    def kill9(self, name, pause):
        """SIGKILL to the instance (as a crash or the OOM killer would); restarted after `pause` seconds."""
        with self._lock:
            instance = self.instances[name]
            if not instance.running:
                return False
            instance.expect_exit = True
            os.kill(instance.process.pid, signal.SIGKILL)
            instance.process.wait()
            instance.kills.append((instance.incarnation, time.time()))
            instance.restart_at = time.monotonic() + pause
            self.log(f"kill -9 {name} (pid {instance.process.pid}, incarnation {instance.incarnation}); "
                     f"restart in {pause:.1f} s")
            return True

    def terminate(self, name, pause, grace=60.0):
        """SIGTERM (a deploy's graceful restart): the instance drains and exits, and is restarted after `pause`
        seconds. Returns its exit status, or None if it had to be killed after `grace` seconds."""
        with self._lock:
            instance = self.instances[name]
            if not instance.running:
                return -1
            instance.expect_exit = True
            instance.process.send_signal(signal.SIGTERM)
        try:
            status = instance.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            instance.process.kill()
            instance.process.wait()
            status = None
        with self._lock:
            instance.terms.append((instance.incarnation, status))
            instance.restart_at = time.monotonic() + pause
        return status

    def _watch(self):
        while not self._stop.wait(0.1):
            with self._lock:
                for instance in self.instances.values():
                    self._tend(instance)

    def _tend(self, instance):
        if instance.process is None or self._stop.is_set():
            return
        status = instance.process.poll()
        if status is None:
            return
        if instance.restart_at is None:
            if instance.expect_exit:
                return
            instance.unplanned.append((instance.incarnation, status, instance.log_file()))
            pause = self.rng.uniform(*self.restart_pause)
            instance.restart_at = time.monotonic() + pause
            self.log(f"UNPLANNED EXIT of {instance.name} (status {status}); log {instance.log_file()}; "
                     f"restart in {pause:.1f} s")
        if time.monotonic() >= instance.restart_at:
            instance.start()

    def stop_all(self, grace=60.0):
        """SIGTERM to every instance (they drain in-flight work), SIGKILL to those still running after `grace`;
        returns the names of those that had to be killed."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        with self._lock:
            live = [i for i in self.instances.values() if i.running]
            for instance in live:
                instance.expect_exit = True
                instance.process.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + grace
            stuck = []
            for instance in live:
                try:
                    instance.process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    instance.process.kill()
                    instance.process.wait()
                    stuck.append(instance.name)
            return stuck

    def kill_all(self):
        """Last-resort cleanup (failure, Ctrl-C): SIGKILL to everything still running."""
        self._stop.set()
        for instance in self.instances.values():
            if instance.running:
                instance.process.kill()
                instance.process.wait()
