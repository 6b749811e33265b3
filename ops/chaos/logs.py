"""What the stage logs (at --log-level debug) say about effects: messages handled to completion, styles learned.

A line looks like `2026-11-25T15:02:20+0000 debug dreamframe.frame-renderer: attempt=1 message=<id> pid=… [Pipeline]
handled`; the runtime logs "handled" once a message's outputs are confirmed and it is recorded as done, and the
style trainer logs "style learned" with `style=<id>` once an embedding is stored.
"""
import glob
import os
import re
from collections import Counter, defaultdict
from datetime import datetime

LINE = re.compile(r"^(\S+) (\w+) dreamframe\.([\w-]+): (.*?)\[\w+\] (.*)$")
META = re.compile(r"(\w+)=(\S+)")


def parse(log_dir):
    """Yields (epoch seconds, level, stage, metadata dict, text) for every stage log line under `log_dir`."""
    for path in sorted(glob.glob(os.path.join(log_dir, "*.log"))):
        yield from parse_file(path)


def parse_file(path):
    with open(path, errors="replace") as handle:
        for line in handle:
            match = LINE.match(line.rstrip("\n"))
            if not match:
                continue
            stamp, level, stage, meta, text = match.groups()
            try:
                when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z").timestamp()
            except ValueError:
                continue
            yield when, level, stage, dict(META.findall(meta)), text.strip()


def effects(log_dir):
    """Duplicated effects and a few other facts from the logs."""
    handled, learned, retries, levels = Counter(), Counter(), Counter(), Counter()
    dropped = failovers = 0
    for _, level, stage, meta, text in parse(log_dir):
        levels[level] += 1
        if text == "handled" and "message" in meta:
            handled[meta["message"]] += 1
        elif text == "style learned" and "style" in meta:
            learned[meta["style"]] += 1
        elif text == "duplicate delivery dropped":
            dropped += 1
        elif text.startswith("handler failed, retrying"):
            retries[stage] += 1
        elif text.endswith("failed over to another broker node"):  # A consumer or publisher moved to another node.
            failovers += 1
    return {
        "handled": sum(handled.values()),
        "handled_twice": {m: c for m, c in handled.items() if c > 1},
        "styles_learned": sum(learned.values()),
        "styles_twice": {s: c for s, c in learned.items() if c > 1},
        "retries": dict(retries),
        "duplicates_dropped": dropped,
        "failovers": failovers,
        "errors": levels["error"] + levels["critical"],
        "warnings": levels["warning"],
    }


def activity_windows(log_dir, since):
    """Stage -> (first, last) second after `since` (epoch) at which the stage finished handling a message."""
    seen = defaultdict(list)
    for when, _, stage, _, text in parse(log_dir):
        if text == "handled":
            seen[stage].append(when - since)
    return {stage: (min(times), max(times) + 1.0) for stage, times in seen.items()}

