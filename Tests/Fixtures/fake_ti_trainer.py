#!/usr/bin/env python3
"""A stand-in for a textual-inversion trainer (diffusers' textual_inversion_sdxl.py under accelerate launch) that
needs no GPU: it checks its reference images, prints a progress line with a loss per step as diffusers does, and
writes a real safetensors file (an 8-byte little-endian header length, a JSON header, then the tensors' bytes) with
the two tensors an SDXL embedding has, clip_l and clip_g, through a temporary file and a rename.

It appends "started <pid>" and "completed <pid>" to --events, so a test can count trainings and find the pid."""
import argparse
import json
import os
import struct
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--images", required=True)
parser.add_argument("--token", required=True)
parser.add_argument("--steps", type=int, required=True)
parser.add_argument("--output", required=True)
parser.add_argument("--step-seconds", type=float, default=0.01)
parser.add_argument("--events")
parser.add_argument("--fail", action="store_true")
args = parser.parse_args()


def event(what):
    if args.events:
        with open(args.events, "a") as handle:
            handle.write(f"{what} {os.getpid()}\n")


event("started")
images = [f for f in os.listdir(args.images) if f.lower().endswith((".png", ".jpg", ".jpeg"))]
if not images:
    print(f"no training images in {args.images}", flush=True)
    sys.exit(2)
print(f"Num examples = {len(images)}, steps = {args.steps}", flush=True)
for step in range(1, args.steps + 1):
    time.sleep(args.step_seconds)
    print(f"Steps: {step}/{args.steps} loss={1.0 / (1 + step):.4f}", flush=True)
    if args.fail and step == args.steps // 2:
        print("RuntimeError: CUDA out of memory", flush=True)
        sys.exit(1)

tensors = {"clip_g": [0.01 * i for i in range(16)], "clip_l": [0.02 * i for i in range(8)]}
header, data, offset = {"__metadata__": {"token": args.token, "steps": str(args.steps)}}, b"", 0
for name, values in tensors.items():
    raw = struct.pack(f"<{len(values)}f", *values)
    header[name] = {"dtype": "F32", "shape": [1, len(values)], "data_offsets": [offset, offset + len(raw)]}
    data += raw
    offset += len(raw)
encoded = json.dumps(header).encode()
encoded += b" " * ((8 - len(encoded) % 8) % 8)
temporary = args.output + ".tmp"
with open(temporary, "wb") as handle:
    handle.write(struct.pack("<Q", len(encoded)) + encoded + data)
os.replace(temporary, args.output)
print(f"saved {args.output}", flush=True)
event("completed")
