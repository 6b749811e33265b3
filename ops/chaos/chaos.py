#!/usr/bin/env python3
"""`make chaos`: runs one seeded batch clean, then N rounds under faults, and compares the datasets byte for byte.

Every round runs on fresh, isolated RabbitMQ + Redis (own ports, own node name, wiped state) with the stages behind
fault proxies and one renderer on a "host" of its own (a network namespace). Faults at seeded random moments:
kill -9 of every stage type (restarted), kill -9 of Redis (restarted on its AOF), a stop and start of the RabbitMQ
node, resets of every proxied connection, and the renderer host cut off the network for longer than the AMQP
heartbeat. Prints per round: movies done, items lost / duplicated / different, movies hung, dead letters, stray
temporary files, wall time; exits 1 if any of those is non-zero (2 on a harness error).

Then (unless --no-cluster) the cluster scenario, cluster.py: the batch once more on a three-node RabbitMQ cluster of
its own, the node the stages are connected to killed with kill -9 mid-rendering and restarted, and a stage or two
killed; its line `cluster` in the table counts like a round's.
"""
import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback

sys.dont_write_bytecode = True  # No __pycache__ in the checkout.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import report  # noqa: E402
from schedule import FaultPlan  # noqa: E402
from cluster import ClusterRun, cluster_plan, cluster_services  # noqa: E402
from run import Run  # noqa: E402
from services import Services  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    add = parser.add_argument
    add("--rounds", type=int, default=3)
    add("--movies", type=int, default=24)
    add("--branching", default="3,3,4")
    add("--seed", type=int, default=5, help="the batch's seed (the same in every run)")
    add("--size", default="256x144")
    add("--chaos-seed", type=int, default=None, help="seed of the fault schedules (default: random, printed)")
    add("--renderers", type=int, default=2, help="frame-renderer processes; the last one runs in the namespace")
    add("--kills", type=int, default=3, help="kill -9 per stage type per round")
    add("--resets", type=int, default=3, help="proxy resets of every connection per round")
    add("--terms", type=int, default=0, help="graceful restarts (SIGTERM) of random stages per round")
    add("--redis-kills", type=int, default=1, help="kill -9 of Redis per round")
    add("--rabbit-restarts", type=int, default=1, help="stops and starts of the RabbitMQ node per round")
    add("--cut", default="45,70", help="seconds range the renderer host is cut off (longer than the heartbeat)")
    add("--no-cut", action="store_true", help="no network cut (a short run)")
    add("--sabotage-redis", action="store_true",
        help="restart Redis WITHOUT its data: the harness must then report failures (a check of the harness)")
    add("--deadline", type=float, default=300, help="seconds after the last fault before a movie counts as hung")
    add("--settle", type=float, default=8, help="seconds to wait after the run for late duplicates")
    add("--base", default=None, help="working folder (default: a new /tmp/df-chaos-*)")
    add("--keep", action="store_true", help="keep the runs' outputs even when every round passed (logs are kept)")
    add("--amqp-port", type=int, default=5720)
    add("--dist-port", type=int, default=25720)
    add("--mgmt-port", type=int, default=15720)
    add("--prom-port", type=int, default=15721)
    add("--redis-port", type=int, default=6420)
    add("--nodename", default="dfchaos@localhost")
    add("--cluster", action=argparse.BooleanOptionalAction, default=True,
        help="after the rounds, the cluster scenario (--no-cluster: rounds only)")
    add("--cluster-amqp-port", type=int, default=5730,
        help="node 1's AMQP port; nodes 2 and 3 take the next two (dist +20000, mgmt +10000, prom +10100)")
    add("--cluster-redis-port", type=int, default=6430)
    add("--cluster-prefix", default="dfchaos", help="node names: <prefix>1@localhost .. <prefix>3@localhost")
    add("--cluster-down", default="10,30", help="seconds range the killed node stays down before it is restarted")
    add("--cluster-stage-kills", type=int, default=2, help="kill -9 of random stage instances in the cluster scenario")
    args = parser.parse_args()
    if args.renderers < 2:
        parser.error("--renderers: at least 2 (one on this host, one on the namespace host)")
    return args


class Config:
    def __init__(self, args):
        self.__dict__.update(vars(args))
        self.base = args.base or tempfile.mkdtemp(prefix="df-chaos-")
        os.makedirs(self.base, exist_ok=True)
        self.bin = os.environ.get("DREAMFRAME_BIN_DIR") or os.path.join(ROOT, ".build", "release")
        self.topology = os.path.join(ROOT, "Topology", "definitions.json")
        self.run_id = f"chaos-s{args.seed}"
        self.ports = {"amqp": args.amqp_port, "dist": args.dist_port, "mgmt": args.mgmt_port,
                      "prom": args.prom_port, "redis": args.redis_port}
        self.tag = str(os.getpid() % 100000)
        self.subnet_octet = args.amqp_port % 250 + 1
        if self.chaos_seed is None:
            self.chaos_seed = int.from_bytes(os.urandom(4), "big")


def main():
    args = parse_arguments()
    config = Config(args)
    log_path = os.path.join(config.base, "chaos.log")
    started = time.monotonic()

    def log(text):
        line = f"{time.strftime('%H:%M:%S')} {text}"
        print(line, flush=True)
        with open(log_path, "a") as handle:
            handle.write(line + "\n")

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    for binary in ("dreamframe", "plot-writer", "frame-renderer"):
        if not os.access(os.path.join(config.bin, binary), os.X_OK):
            log(f"missing {config.bin}/{binary}: run 'make release' (or 'make chaos', which builds it)")
            return 2
    services = Services(ROOT, os.path.join(config.base, "state"), config.ports, config.nodename,
                        os.path.join(config.base, "services.log"))
    low, high = (float(x) for x in config.cut.split(","))
    plan = FaultPlan(kills_per_stage=config.kills, terms=config.terms, resets=config.resets, redis_kills=config.redis_kills,
                     rabbit_restarts=config.rabbit_restarts, cuts=0 if config.no_cut else 1,
                     cut_seconds=(low, high), redis_amnesia=config.sabotage_redis)
    cluster = cluster_services(ROOT, config) if config.cluster else None
    log(f"chaos: {config.rounds} rounds{' and the cluster scenario' if cluster else ''} of {config.movies} movies "
        f"(branching {config.branching}, seed {config.seed}, {config.size}); fault seed {config.chaos_seed}; "
        f"working folder {config.base}")
    ok = False
    try:
        clean = Run(config, services, "clean", log).execute()
        log(f"clean reference: {clean['movies_done']}/{clean['movies']} movies in {clean['wall'] or 0:.1f} s")
        if not clean["complete"]:
            raise RuntimeError("the clean reference run did not complete; nothing to compare with")
        results = []
        for number in range(1, config.rounds + 1):
            result = Run(config, services, f"round-{number}", log, plan=plan,
                         rng_seed=config.chaos_seed * 1000 + number).execute(clean)
            results.append(result)
            log(f"round {number}: {result['movies_done']}/{result['movies']} movies, "
                f"{len(result['faults'])} faults, wall {result['wall'] or 0:.1f} s")
        if cluster is not None:
            services.down(wipe=True)  # The rounds' node and Redis make room for the cluster's three nodes.
            result = ClusterRun(config, cluster, "cluster", log, plan=cluster_plan(config),
                                rng_seed=config.chaos_seed * 1000).execute(clean)
            results.append(result)
            log(f"cluster: {result['movies_done']}/{result['movies']} movies, {len(result['faults'])} faults, "
                f"wall {result['wall'] or 0:.1f} s")
        print()
        ok = report.table(results, clean, lambda line: print(line, flush=True))
        with open(log_path, "a") as handle:
            report.table(results, clean, lambda line: handle.write(line + "\n"))
    except KeyboardInterrupt:
        log("chaos: interrupted; cleaning up")
        return 130
    except Exception:
        log("chaos: harness error:\n" + traceback.format_exc())
        return 2
    finally:
        for each in [services] + ([cluster] if cluster else []):
            try:
                each.down(wipe=True)
            except Exception as error:
                log(f"chaos: stopping the services: {error}")
    if ok and not config.keep:
        # Passed: the outputs have been compared; keep the logs and the table.
        for name in os.listdir(config.base):
            shutil.rmtree(os.path.join(config.base, name, "out"), ignore_errors=True)
    minutes = (time.monotonic() - started) / 60
    print(f"\nchaos: {'PASS' if ok else 'FAIL'} after {minutes:.1f} min; fault seed {config.chaos_seed} "
          f"(CHAOS_SEED={config.chaos_seed} repeats the schedule); details in {config.base}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
