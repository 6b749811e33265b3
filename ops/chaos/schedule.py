"""A round's fault schedule, drawn from a seeded RNG before the round starts (so a seed repeats it exactly).

Each fault fires at a moment of the run: either `at` seconds after submit, or once the run's progress (frames
rendered / frames expected) reaches `at_progress`. Stages whose work is over within the first seconds (plot-writer,
story-expander) are killed by time, inside the window in which they had work in the clean run; every other fault is
placed by progress, so it lands while the run is in progress however fast or slow this round runs.
"""
from dataclasses import dataclass, field

STAGES = ["plot-writer", "story-expander", "style-trainer", "frame-renderer", "qa-validator"]


@dataclass
class FaultPlan:
    kills_per_stage: int = 3
    resets: int = 3
    terms: int = 0  # graceful restarts (SIGTERM) of random stage instances
    redis_kills: int = 1
    rabbit_restarts: int = 1
    cuts: int = 1
    cut_seconds: tuple = (45.0, 70.0)
    outage_seconds: tuple = (1.0, 6.0)
    # Sabotage, to see the harness fail: Redis comes back WITHOUT its data (as if its disk were lost).
    redis_amnesia: bool = False
    # The cluster scenario: kill -9 of a cluster node (restarted after node_down_seconds; it rejoins) and kills of
    # random stage instances among those that have work mid-run (not the early plot-writer and story-expander).
    node_kills: int = 0
    node_down_seconds: tuple = (10.0, 30.0)
    stray_kills: int = 0


@dataclass
class Fault:
    kind: str  # kill, term, reset, redis, rabbitmq, cut, node
    at: float = None
    at_progress: float = None
    target: str = ""
    seconds: float = 0.0  # how long an outage lasts
    pause: float = 0.0  # a killed stage's restart pause
    jitter: float = 0.0  # a kill's delay after the stage is seen working

    def describe(self):
        when = f"{self.at:.1f}s" if self.at is not None else f"p={self.at_progress:.2f}"
        extra = f" for {self.seconds:.0f} s" if self.seconds else ""
        return f"{when} {self.kind}{' ' + self.target if self.target else ''}{extra}"

    @property
    def lane(self):
        """Faults of one lane apply in order on one thread: kills per instance, resets, each outage alone."""
        return self.target if self.kind in ("kill", "term") else self.kind


def schedule(rng, plan, windows, wall, instances_by_stage, nodes=()):
    """`windows`: stage -> (first, last) second with work in the clean run; `wall`: the clean run's wall time;
    `instances_by_stage`: stage -> instance names (the renderer host's renderer last); `nodes`: a cluster's node
    names, the one every stage connects to first."""
    faults = []
    busy = []  # Instances of the stages that still have work once rendering is under way.
    for stage in STAGES:
        first, last = windows.get(stage, (0.0, wall))
        early = last < 0.15 * wall
        busy += [] if early else instances_by_stage[stage]
        names = instances_by_stage[stage]
        for k in range(plan.kills_per_stage):
            # Every instance of a stage gets its share of the kills (the renderer "host" too).
            target = names[k % len(names)] if k < len(names) else rng.choice(names)
            fault = Fault("kill", target=target, pause=rng.uniform(0.3, 2.0), jitter=rng.uniform(0.0, 0.15))
            if early:
                fault.at = rng.uniform(max(0.2, first - 0.5), last + 0.5)
            else:
                fault.at_progress = rng.uniform(0.02, 0.9)
            faults.append(fault)
    everyone = [name for stage in STAGES for name in instances_by_stage[stage]]
    faults += [Fault("term", target=rng.choice(everyone), at_progress=rng.uniform(0.02, 0.9),
                     pause=rng.uniform(0.3, 2.0)) for _ in range(plan.terms)]
    faults += [Fault("reset", at_progress=rng.uniform(0.05, 0.85)) for _ in range(plan.resets)]
    faults += [Fault("redis", at_progress=rng.uniform(0.1, 0.7), seconds=rng.uniform(*plan.outage_seconds))
               for _ in range(plan.redis_kills)]
    faults += [Fault("rabbitmq", at_progress=rng.uniform(0.1, 0.7), seconds=rng.uniform(*plan.outage_seconds))
               for _ in range(plan.rabbit_restarts)]
    faults += [Fault("cut", at_progress=rng.uniform(0.05, 0.5), target=instances_by_stage["frame-renderer"][-1],
                     seconds=rng.uniform(*plan.cut_seconds)) for _ in range(plan.cuts)]
    strays = rng.sample(busy, min(plan.stray_kills, len(busy)))  # Distinct instances where there are enough.
    strays += [rng.choice(busy) for _ in range(plan.stray_kills - len(strays))]
    faults += [Fault("kill", target=target, at_progress=rng.uniform(0.05, 0.9), pause=rng.uniform(0.3, 2.0),
                     jitter=rng.uniform(0.0, 0.15)) for target in strays]
    # The first node: every stage is on it, so its death fails over every connection mid-rendering.
    faults += [Fault("node", at_progress=rng.uniform(0.15, 0.6), target=nodes[0],
                     seconds=rng.uniform(*plan.node_down_seconds)) for _ in range(plan.node_kills)]
    return sorted(faults, key=lambda f: (f.at if f.at is not None else 1e6 * (1 + f.at_progress)))
