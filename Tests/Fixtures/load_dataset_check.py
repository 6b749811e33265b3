"""Loads exported DreamFrame dataset files the way a trainer does, with Hugging Face `datasets`, and writes what it
found as JSON: per file its row count, columns and the `id` and `video_id` values.

    python load_dataset_check.py DATASET_DIR OUT.json
"""
import json
import os
import sys

from datasets import load_dataset


def main():
    folder, out = sys.argv[1], sys.argv[2]
    report = {}
    for name in ("videoinstruct.json", "conversations.json", "conversations_multiturn.json", "rejects.json"):
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            continue
        with open(path) as handle:
            if not json.load(handle):  # `datasets` cannot load a file with no rows (rejects.json of a clean run)
                report[name] = {"rows": 0, "columns": [], "ids": [], "video_ids": [], "turns": []}
                continue
        data = load_dataset("json", data_files=path, split="train")
        report[name] = {
            "rows": data.num_rows,
            "columns": sorted(data.column_names),
            "ids": list(data["id"]) if "id" in data.column_names else [],
            "video_ids": list(data["video_id"]) if "video_id" in data.column_names else [],
            "turns": [len(c) for c in data["conversations"]] if "conversations" in data.column_names else [],
        }
    with open(out, "w") as handle:
        json.dump(report, handle)


if __name__ == "__main__":
    main()
