"""The harness's own RabbitMQ node (or three-node cluster) and Redis, started, stopped and killed through the
project's ops scripts.

Every port, node name and state folder is the harness's own (ops/env.sh and ops/cluster-env.sh take them from DF_*),
so the shared services other work uses are never touched.
"""
import base64
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request


class Services:
    def __init__(self, root, state_dir, ports, nodename, log):
        self.root = root
        self.state_dir = state_dir
        self.ports = ports
        self.nodename = nodename
        self.nodenames = [nodename]
        self.log = log
        self.env = dict(os.environ, DF_STATE_DIR=state_dir, DF_REDIS_PORT=str(ports["redis"]))
        if nodename is not None:  # A cluster's nodes get theirs from ops/cluster-env.sh instead.
            self.env.update(DF_AMQP_PORT=str(ports["amqp"]), DF_AMQP_DIST_PORT=str(ports["dist"]),
                            DF_MGMT_PORT=str(ports["mgmt"]), DF_PROM_PORT=str(ports["prom"]), DF_NODENAME=nodename)
        for key in ("DREAMFRAME_BROKER_URL", "DREAMFRAME_REDIS_URL", "ERL_CRASH_DUMP"):
            self.env.pop(key, None)

    @property
    def broker_url(self):
        """What the harness's own `dreamframe` commands take."""
        return f"amqp://guest:guest@127.0.0.1:{self.ports['amqp']}/%2F"

    @property
    def stage_broker_url(self):
        """What the stages take (on one node: the same)."""
        return self.broker_url

    @property
    def management_url(self):
        return f"http://127.0.0.1:{self.ports['mgmt']}"

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


class ClusterServices(Services):
    """Three RabbitMQ nodes joined into one cluster (ops/cluster-up.sh) and a Redis, all of the harness's own.

    `ports` holds one Redis port and, per key amqp/dist/mgmt/prom, a list of three ports (node 1 first). The stages
    get every node's URL with node 1 first — they all start on it, so it is the node worth killing — while the
    harness's own commands list node 1 last: `status` and `replay` ask the first node only.
    """

    def __init__(self, root, state_dir, ports, nodenames, log):
        super().__init__(root, os.path.join(state_dir, "redis"), {"redis": ports["redis"]}, None, log)
        self.cluster_ports = ports
        self.nodenames = list(nodenames)
        self.cluster_dir = os.path.join(state_dir, "rabbitmq")
        self.env.update(DF_CLUSTER_STATE_DIR=self.cluster_dir, DF_CLUSTER_NODES=" ".join(self.nodenames),
                        DF_CLUSTER_COOKIE="DREAMFRAMECHAOSCLUSTERCOOKIE",
                        **{f"DF_CLUSTER_{key.upper()}_PORTS": " ".join(map(str, ports[key]))
                           for key in ("amqp", "dist", "mgmt", "prom")})

    def _urls(self, order):
        return ",".join(f"amqp://guest:guest@127.0.0.1:{self.cluster_ports['amqp'][i]}/%2F" for i in order)

    @property
    def broker_url(self):
        return self._urls(reversed(range(len(self.nodenames))))

    @property
    def stage_broker_url(self):
        return self._urls(range(len(self.nodenames)))

    @property
    def management_url(self):
        return f"http://127.0.0.1:{self.cluster_ports['mgmt'][-1]}"  # The last node: never killed.

    def fresh(self):
        self.down(wipe=True)
        self.up("redis")
        self.rejoin()

    def rejoin(self):
        """ops/cluster-up.sh: starts the nodes that are not running; a restarted node rejoins, and the script only
        returns once all three are online and every quorum queue has a replica on each."""
        self._script("cluster-up.sh")

    def down(self, wipe=False):
        self._script("cluster-down.sh", *(["--wipe"] if wipe else []))
        self._script("services-down.sh", *(["--wipe"] if wipe else []), "redis")

    def stop_rabbitmq(self):
        raise RuntimeError("a cluster is stopped node by node (kill_node)")

    def node_pid(self, index):
        with open(os.path.join(self.cluster_dir, f"node{index + 1}", "rabbitmq", "rabbitmq.pid")) as handle:
            return int(handle.read().strip())

    def kill_node(self, index):
        """kill -9 of node `index`'s Erlang VM (no goodbye to its peers or clients); returns once it is gone."""
        pid = self.node_pid(index)
        os.kill(pid, signal.SIGKILL)
        for _ in range(200):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        return pid

    def connections_on(self, index, via):
        """How many client connections node `via`'s management API lists on node `index` (HTTP, not rabbitmqctl:
        the count is taken right before the kill, and a CLI tool's Erlang VM takes seconds to start)."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.cluster_ports['mgmt'][via]}/api/connections"
                                         "?columns=node")
        request.add_header("Authorization", "Basic " + base64.b64encode(b"guest:guest").decode())
        with urllib.request.urlopen(request, timeout=20) as response:
            rows = json.load(response)
        return sum(1 for row in rows if row.get("node") == self.nodenames[index])
