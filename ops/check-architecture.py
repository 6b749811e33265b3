#!/usr/bin/env python3
"""Checks that the code keeps the shape README.md describes ("The code"):

- every target sits on a layer, and depends only on targets of lower layers (imports run one way);
- every `import` in a target's files names one of its declared dependencies (or the system's own modules), so
  nothing leans on a module it only gets transitively;
- no Swift source file is longer than MAX_LINES;
- no project source runs a shell (`/bin/sh`, `bash -c`, `system()`, `popen()`): a child process gets an argument
  vector (`ChildProcess`, `Process` with `arguments`), so no text — a model's least of all — is ever parsed as a command;
- the target table in README.md is the one Package.swift declares (`--write` regenerates it).

Run from the repository root: `ops/check-architecture.py` (exit 1 with a list of violations) or `--write`.
"""
import json
import os
import re
import subprocess
import sys

MAX_LINES = 300
README = "README.md"
BEGIN, END = "<!-- targets:begin -->", "<!-- targets:end -->"

# Lower layers never import higher ones. C system libraries are layer 0.
LAYERS = {
    "DreamFrameCore": 1,
    "Clients": 2, "Imaging": 2, "Monitoring": 2,
    "Models": 3,
    "BuiltInModels": 4, "HTTPModels": 4,
    "Pipeline": 5,
    "Stages": 6, "Console": 6,
    "DreamFrameCLI": 7,
    "TestSupport": 8, "FuzzTargets": 7,
}
EXECUTABLE_LAYER, TEST_LAYER = 8, 9
# What running a shell looks like in Swift source; a child process gets an argument vector instead.
SHELL_CALLS = re.compile(r'"/(?:usr/)?bin/(?:ba|da|z)?sh"|"-c"|(?<![.\w])(?<!func )(?:system|popen)\(')
# Modules every target may import: the toolchain's own.
SYSTEM_MODULES = {"Foundation", "FoundationEssentials", "Glibc", "Dispatch", "Synchronization", "Testing", "XCTest",
                  "_Concurrency"}


def load_package():
    output = subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def dependency_names(target):
    names = []
    for dependency in target["dependencies"]:
        kind = next(iter(dependency))
        names.append(dependency[kind][0])
    return names


def layer(target):
    if target["type"] == "system":
        return 0
    if target["type"] == "executable":
        return EXECUTABLE_LAYER
    if target["type"] == "test":
        return TEST_LAYER
    return LAYERS.get(target["name"])


def target_path(target):
    if target.get("path"):
        return target["path"]
    base = "Tests" if target["type"] == "test" else "Sources"
    return os.path.join(base, target["name"])


def swift_files(directory):
    for root, _, files in os.walk(directory):
        for name in sorted(files):
            if name.endswith(".swift"):
                yield os.path.join(root, name)


def table(targets):
    rows = ["| target | layer | depends on (project targets) |", "|---|---|---|"]
    for target in targets:
        if target["type"] in ("system", "test"):
            continue
        own = [d for d in dependency_names(target) if d in {t["name"] for t in targets}]
        rows.append(f"| `{target['name']}` | {layer(target)} | {', '.join(f'`{d}`' for d in own) or '—'} |")
    return "\n".join(rows)


def main():
    package = load_package()
    targets = package["targets"]
    by_name = {t["name"]: t for t in targets}
    problems = []
    for target in targets:
        level = layer(target)
        if level is None:
            problems.append(f"{target['name']}: not on a layer (add it to LAYERS in ops/check-architecture.py)")
            continue
        declared = set(dependency_names(target))
        for dependency in declared & set(by_name):
            below = layer(by_name[dependency])
            if below is None or below >= level:
                problems.append(f"{target['name']} (layer {level}) depends on {dependency} (layer {below}): "
                                "a lower or equal layer must not be imported")
        if target["type"] == "system":
            continue
        for path in swift_files(target_path(target)):
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
            if target["type"] != "test" and len(lines) > MAX_LINES:
                problems.append(f"{path}: {len(lines)} lines (at most {MAX_LINES})")
            for number, line in enumerate(lines, 1):
                if target["type"] != "test" and not line.lstrip().startswith("//") and SHELL_CALLS.search(line):
                    problems.append(f"{path}:{number}: runs a shell; pass an argument vector (ChildProcess) instead")
                match = re.match(r"^\s*(?:@testable\s+|@_exported\s+)?import\s+(?:struct\s+|enum\s+|class\s+)?(\w+)", line)
                if match and match.group(1) not in declared | SYSTEM_MODULES | {target["name"]}:
                    problems.append(f"{path}: imports {match.group(1)}, which {target['name']} does not declare")
    generated = table(targets)
    with open(README, encoding="utf-8") as handle:
        readme = handle.read()
    if BEGIN not in readme or END not in readme:
        problems.append(f"{README}: no {BEGIN} … {END} section for the target table")
    elif "--write" in sys.argv:
        start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
        with open(README, "w", encoding="utf-8") as handle:
            handle.write(readme[:start] + "\n" + generated + "\n" + readme[end:])
    elif readme[readme.index(BEGIN) + len(BEGIN):readme.index(END)].strip() != generated.strip():
        problems.append(f"{README}: the target table differs from Package.swift; run ops/check-architecture.py --write")
    for problem in problems:
        print(f"architecture: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"architecture: {len(targets)} targets on their layers, imports declared, files within {MAX_LINES} lines, no shell")
    return 0


if __name__ == "__main__":
    sys.exit(main())
