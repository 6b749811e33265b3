"""A run's dataset reduced to comparable facts, and the comparison of a faulty run with the clean one.

Files are compared by sha256 per path (frames, story.json, record.json, the learned styles); the two dataset
JSON files as multisets of their entries (an entry twice is a duplicated effect; the exporter's order is free).
"""
import glob
import hashlib
import json
import os
from collections import Counter

DATASET_FILES = ("videoinstruct.json", "conversations.json")


def _sha(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _entries(path):
    """The JSON array's entries as canonical strings, counted; None when the file is absent or unreadable."""
    try:
        with open(path) as handle:
            items = json.load(handle)
    except (OSError, ValueError):
        return None
    return Counter(json.dumps(item, sort_keys=True, separators=(",", ":")) for item in items)


def collect(run_dir):
    """Everything the comparison needs from `<out>/<run>`."""
    files = {}
    for pattern in ("videos/*/frames/*.png", "videos/*/story.json", "videos/*/record.json", "styles/*.json"):
        for path in glob.glob(os.path.join(run_dir, pattern)):
            files[os.path.relpath(path, run_dir)] = _sha(path)
    entries = {name: _entries(os.path.join(run_dir, "dataset", name)) for name in DATASET_FILES}
    return {"files": files, "entries": entries}


def kind_of(path):
    if path.endswith(".png"):
        return "frames"
    if path.startswith("styles/"):
        return "styles"
    return os.path.basename(path).split(".")[0] + "s"  # stories, records


def compare(clean, faulty):
    """Counts per category: {'lost': {...}, 'duplicated': {...}, 'different': {...}} plus examples."""
    lost, duplicated, different = Counter(), Counter(), Counter()
    examples = []
    for path, sha in clean["files"].items():
        other = faulty["files"].get(path)
        if other is None:
            lost[kind_of(path)] += 1
            examples.append(f"lost {path}")
        elif other != sha:
            different[kind_of(path)] += 1
            examples.append(f"different {path}")
    for path in faulty["files"].keys() - clean["files"].keys():
        different[kind_of(path)] += 1  # An item the clean run never made.
        examples.append(f"unexpected {path}")
    for name in DATASET_FILES:
        want, got = clean["entries"][name] or Counter(), faulty["entries"][name]
        label = "qa" if name == "videoinstruct.json" else "conversations"
        if got is None:
            lost[label] += sum(want.values())
            examples.append(f"lost dataset/{name} (absent or unreadable)")
            continue
        for entry, count in want.items():
            if got[entry] < count:
                lost[label] += count - got[entry]
                examples.append(f"lost {label} entry {entry[:100]}")
            elif got[entry] > count:
                duplicated[label] += got[entry] - count
                examples.append(f"duplicated {label} entry {entry[:100]}")
        for entry in got.keys() - want.keys():
            different[label] += got[entry]
            examples.append(f"unexpected {label} entry {entry[:100]}")
    return {"lost": lost, "duplicated": duplicated, "different": different, "examples": examples}


# Dot-files the output layout names (README "Output layout"): a movie's exported dataset piece, a cache.
LAYOUT_DOT_FILES = {".dataset-piece"}


def stray_temporary_files(run_dir):
    """Dot-files left under the run's folder (a temporary file is `.<target>.<host>.<pid>.<random>.tmp`), other than
    the ones the layout names."""
    found = []
    for folder, _, names in os.walk(run_dir):
        found += [os.path.relpath(os.path.join(folder, n), run_dir) for n in names
                  if n.startswith(".") and n not in LAYOUT_DOT_FILES]
    return sorted(found)
