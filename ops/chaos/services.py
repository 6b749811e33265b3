"""The harness's own RabbitMQ node and Redis, started, stopped and killed through the project's ops scripts.

Every port, the node name and the state folder are the harness's own (ops/env.sh takes them from DF_*), so the
shared services other work uses are never touched.
"""
import os
import shutil
import signal
import subprocess
import time


class Services:
    def __init__(self, root, state_dir, ports, nodename, log):
        self.root = root
        self.state_dir = state_dir
        self.ports = ports
        self.nodename = nodename
        self.log = log
        self.env = dict(os.environ, DF_STATE_DIR=state_dir, DF_AMQP_PORT=str(ports["amqp"]),
                        DF_AMQP_DIST_PORT=str(ports["dist"]), DF_MGMT_PORT=str(ports["mgmt"]),
                        DF_PROM_PORT=str(ports["prom"]), DF_REDIS_PORT=str(ports["redis"]), DF_NODENAME=nodename)
        for key in ("DREAMFRAME_BROKER_URL", "DREAMFRAME_REDIS_URL", "ERL_CRASH_DUMP"):
            self.env.pop(key, None)

    @property
    def broker_url(self):
        return f"amqp://guest:guest@127.0.0.1:{self.ports['amqp']}/%2F"

    @property
    def redis_login(self):
        """`user:password` of the pipeline's ACL user that ops/services-up.sh creates (with ops/env.sh's defaults):
        Redis' default user is password-protected."""
        return f"{self.env.get('DF_REDIS_USER', 'dreamframe')}:{self.env.get('DF_REDIS_PASSWORD', 'dreamframe-local')}"

    @property
    def redis_url(self):
        return f"redis://{self.redis_login}@127.0.0.1:{self.ports['redis']}/0"

    def _script(self, name, *args):
        with open(self.log, "a") as out:
            out.write(f"--- {time.strftime('%H:%M:%S')} ops/{name} {' '.join(args)}\n")
            out.flush()
            status = subprocess.run([os.path.join(self.root, "ops", name), *args], env=self.env, stdout=out,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL).returncode
        if status != 0:
            raise RuntimeError(f"ops/{name} {' '.join(args)} exited {status}; see {self.log}")

    def fresh(self):
        """Stops whatever runs under our node name and Redis port, wipes the state and starts both anew."""
        self._script("services-down.sh", "--wipe")
        self._script("services-up.sh")

    def up(self, which):
        self._script("services-up.sh", which)

    def down(self, wipe=False):
        self._script("services-down.sh", *(["--wipe"] if wipe else []))

    def kill_redis(self):
        """kill -9 of the Redis server (its AOF stays for the restart)."""
        with open(os.path.join(self.state_dir, "redis.pid")) as handle:
            pid = int(handle.read().strip())
        os.kill(pid, signal.SIGKILL)
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return pid
            time.sleep(0.05)
        return pid

    def wipe_redis_data(self):
        """Removes Redis's data files (only for the sabotage that shows the harness can fail)."""
        shutil.rmtree(os.path.join(self.state_dir, "redis"), ignore_errors=True)
        os.makedirs(os.path.join(self.state_dir, "redis"))

    def stop_rabbitmq(self):
        self._script("services-down.sh", "rabbitmq")
