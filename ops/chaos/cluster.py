"""The cluster scenario: the same batch on a three-node RabbitMQ cluster of the harness's own, with the node every
stage is connected to killed with kill -9 mid-rendering and restarted (it rejoins), plus kills of a stage or two.

The stages connect straight to the nodes (no fault proxy: it would hide the node behind one address and the failover
from the clients), every one given the three URLs with node 1 first. Everything else — the supervisor, the fault
runner, the waiting, the export and the comparison with the clean run — is a round's (run.py).
"""
import os

from run import Run
from schedule import STAGES, FaultPlan
from services import ClusterServices
from supervisor import Instance


def cluster_services(root, config):
    """The harness's own cluster and Redis (ports and node names from the --cluster-* flags, state in its folder)."""
    first = config.cluster_amqp_port
    ports = {"amqp": [first + i for i in range(3)], "dist": [first + 20000 + i for i in range(3)],
             "mgmt": [first + 10000 + i for i in range(3)], "prom": [first + 10100 + i for i in range(3)],
             "redis": config.cluster_redis_port}
    names = [f"{config.cluster_prefix}{i + 1}@localhost" for i in range(3)]
    return ClusterServices(root, os.path.join(config.base, "cluster-state"), ports, names,
                           os.path.join(config.base, "cluster-services.log"))


def cluster_plan(config):
    """One node kill and `--cluster-stage-kills` random stage kills; no other fault, so whatever goes wrong is the
    failover's (the rounds cover the rest)."""
    low, high = (float(x) for x in config.cluster_down.split(","))
    return FaultPlan(kills_per_stage=0, resets=0, terms=0, redis_kills=0, rabbit_restarts=0, cuts=0,
                     node_kills=1, node_down_seconds=(low, high), stray_kills=config.cluster_stage_kills)


class ClusterRun(Run):
    def _wire(self, supervisor, cleanups):
        """Every stage instance on the three URLs, node 1 first, and straight to Redis; no proxies, no host."""
        env = self._stage_env()
        for stage in STAGES:
            copies = self.config.renderers if stage == "frame-renderer" else 1
            for copy in range(1, copies + 1):
                argv = self._stage_argv(stage, self.services.stage_broker_url, self.services.redis_url)
                supervisor.add(Instance(f"{stage}-{copy}", stage, argv, env, self.log_dir))
        return [], None
