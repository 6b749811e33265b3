#!/usr/bin/env python3
"""A stand-in for the diffusion servers DreamFrame talks to, speaking their exact HTTP APIs (no GPU, no model).

--flavor a1111: AUTOMATIC1111's web UI API, from modules/api/api.py (routes, get_embeddings, create_embedding,
  train_embedding, progressapi, refresh_embeddings) and modules/api/models.py (TextToImageResponse, CreateResponse,
  TrainResponse, ProgressResponse, EmbeddingsResponse/EmbeddingItem); the training arguments are exactly the
  parameters of modules/textual_inversion/textual_inversion.py train_embedding(), which the API calls as
  train_embedding(**args): a missing or unknown key is that call's TypeError, reported as A1111 reports it, with
  HTTP 200 and the text in "info". Training runs in the request, as in A1111 (a client that hangs up does not stop
  it), writes <embeddings>/<name>.pt, and shows in /sdapi/v1/progress and in the embedding's "step".
--flavor comfyui: ComfyUI's server.py (POST /prompt, GET /history/{prompt_id}, GET /queue, GET /view,
  GET /embeddings) and execution.py (validate_prompt's 400 with node_errors, the history entry's status and
  messages); one worker thread runs the queue, like ComfyUI's prompt_worker.

Both keep their embeddings in <state>/embeddings (the folder the real server loads them from) and their counters
in <state>/stats.json, so a restarted stub (a "server restart") keeps both. Faults are set with POST /stub/faults:
  {"train_fail_midway": n}   the next n trainings stop half way with A1111's "error: <exception>" info
  {"train_lose_embedding": n} the next n trainings finish but the embedding is neither saved nor loaded
  {"error500": {"<path>": n}} the next n requests to that path answer 500
  {"exec_error": n}          ComfyUI: the next n prompts fail in KSampler with an out-of-memory error
  {"delay": seconds}         time one image takes (an A1111 txt2img, a ComfyUI prompt): longer than the client's
                             limit, a render that times out
  {"train_stall": seconds}   the next training stops making progress half way for that long (a hung GPU job: the
                             step and /sdapi/v1/progress stand still), then goes on
GET /stub/stats returns the counters; GET /stub/last?kind=txt2img|prompt|train the last request of that kind.
"""
import argparse
import base64
import json
import os
import re
import struct
import sys
import threading
import time
import uuid
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.RLock()
STATE = {}
FAULTS = {"train_fail_midway": 0, "train_lose_embedding": 0, "error500": {}, "exec_error": 0, "delay": 0.02,
          "train_stall": 0}
LAST = {}
PROGRESS = {"job": "", "job_count": 0, "job_no": 0, "sampling_step": 0, "sampling_steps": 0, "textinfo": None,
            "time_start": 0.0}
LOADED = {}      # A1111: embeddings loaded by the last scan, name -> item
COMFY = {"queue": [], "running": None, "history": {}, "images": {}, "number": 0}
COMFY_CV = threading.Condition(LOCK)
CHECKPOINTS = ["sd_xl_base_1.0.safetensors", "sd_xl_refiner_1.0.safetensors", "v1-5-pruned-emaonly.safetensors"]

# modules/textual_inversion/textual_inversion.py: def train_embedding(id_task, embedding_name, learn_rate, ...)
TRAIN_PARAMETERS = [
    "id_task", "embedding_name", "learn_rate", "batch_size", "gradient_step", "data_root", "log_directory",
    "training_width", "training_height", "varsize", "steps", "clip_grad_mode", "clip_grad_value", "shuffle_tags",
    "tag_drop_out", "latent_sampling_method", "use_weight", "create_image_every", "save_embedding_every",
    "template_filename", "save_image_with_stored_embedding", "preview_from_txt2img", "preview_prompt",
    "preview_negative_prompt", "preview_steps", "preview_sampler_name", "preview_cfg_scale", "preview_seed",
    "preview_width", "preview_height"]
# modules/textual_inversion/textual_inversion.py: def create_embedding(name, num_vectors_per_token, overwrite_old,
# init_text='*')
CREATE_PARAMETERS = ["name", "num_vectors_per_token", "overwrite_old", "init_text"]


def png(width, height, seed):
    """A real PNG of the requested size: a colour from the seed, a diagonal stripe."""
    width, height = max(1, min(int(width), 2048)), max(1, min(int(height), 2048))
    r, g, b = (seed * 97) % 256, (seed * 57 + 80) % 256, (seed * 31 + 160) % 256
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            row += bytes((255 - r, 255 - g, 255 - b) if (x + y) % 16 < 2 else (r, g, b))
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


def bump(name, amount=1):
    with LOCK:
        STATE["stats"][name] = STATE["stats"].get(name, 0) + amount
        save_stats()


def save_stats():
    path = os.path.join(STATE["dir"], "stats.json")
    with open(path + ".tmp", "w") as handle:
        json.dump(STATE["stats"], handle)
    os.replace(path + ".tmp", path)


def embeddings_dir():
    return os.path.join(STATE["dir"], "embeddings")


def embedding_files():
    """name -> path of every embedding file in the folder (.pt, .safetensors, .bin)."""
    found = {}
    for entry in sorted(os.listdir(embeddings_dir())):
        stem, ext = os.path.splitext(entry)
        if ext in (".pt", ".safetensors", ".bin") and not entry.startswith("."):
            found[stem] = os.path.join(embeddings_dir(), entry)
    return found


def read_pt(path):
    """The stub's .pt files: a zip archive (like torch.save) whose data.json holds step and checkpoint."""
    import zipfile
    try:
        with zipfile.ZipFile(path) as archive:
            return json.loads(archive.read("archive/data.json"))
    except Exception:
        return {"step": None}


def write_pt(path, name, step, vectors):
    import zipfile
    temporary = path + ".tmp"
    with zipfile.ZipFile(temporary, "w") as archive:
        archive.writestr("archive/data.json", json.dumps({
            "name": name, "step": step, "sd_checkpoint": "31e35c80fc", "sd_checkpoint_name": "v1-5-pruned-emaonly",
            "vectors": vectors, "string_to_param": {"*": [[0.01 * ((step + i) % 7) for i in range(768)]] * vectors}}))
    os.replace(temporary, path)


def scan_embeddings():
    """A1111's embedding_db.load_textual_inversion_embeddings(force_reload=True)."""
    loaded = {}
    for name, path in embedding_files().items():
        meta = read_pt(path) if path.endswith(".pt") else {"step": None, "vectors": 1}
        loaded[name] = {"step": meta.get("step"), "sd_checkpoint": meta.get("sd_checkpoint"),
                        "sd_checkpoint_name": meta.get("sd_checkpoint_name"), "shape": 768,
                        "vectors": meta.get("vectors", 1)}
    with LOCK:
        LOADED.clear()
        LOADED.update(loaded)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def send_json(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_bytes(self, status, data, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"null") if length else None

    def injected_500(self, path):
        with LOCK:
            left = FAULTS["error500"].get(path, 0)
            if left <= 0:
                return False
            FAULTS["error500"][path] = left - 1
        bump("error500:" + path)
        # FastAPI's exception middleware in modules/api/api.py answers {"error", "detail", "body", "errors"}.
        self.send_json(500, {"error": "RuntimeError", "detail": "", "body": "", "errors": "stub: injected failure"})
        return True

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path == "/stub/stats":
            with LOCK:
                return self.send_json(200, dict(STATE["stats"]))
        if url.path == "/stub/last":
            with LOCK:
                return self.send_json(200, LAST.get(query.get("kind", [""])[0]))
        if self.injected_500(url.path):
            return
        if STATE["flavor"] == "a1111":
            if url.path == "/sdapi/v1/embeddings":
                with LOCK:
                    return self.send_json(200, {"loaded": dict(LOADED), "skipped": {}})
            if url.path == "/sdapi/v1/progress":
                return self.send_json(200, self.progress())
        else:
            if url.path.startswith("/history/"):
                prompt_id = url.path[len("/history/"):]
                with LOCK:
                    entry = COMFY["history"].get(prompt_id)
                return self.send_json(200, {prompt_id: entry} if entry else {})
            if url.path == "/queue":
                with LOCK:
                    running = [COMFY["running"]] if COMFY["running"] else []
                    pending = list(COMFY["queue"])
                return self.send_json(200, {"queue_running": [[i["number"], i["id"], i["prompt"], {}, []] for i in running],
                                            "queue_pending": [[i["number"], i["id"], i["prompt"], {}, []] for i in pending]})
            if url.path == "/view":
                name = query.get("filename", [""])[0]
                kind = query.get("type", ["output"])[0]
                with LOCK:
                    data = COMFY["images"].get((name, query.get("subfolder", [""])[0], kind))
                if data is None:
                    return self.send_bytes(404, b"404: Not Found", "text/plain")
                return self.send_bytes(200, data, "image/png")
            if url.path == "/embeddings":
                return self.send_json(200, sorted(embedding_files()))
        self.send_json(404, {"detail": "Not Found"})

    def do_POST(self):
        url = urlparse(self.path)
        req = self.body()
        if url.path == "/stub/faults":
            with LOCK:
                for key, value in (req or {}).items():
                    if key == "error500":
                        FAULTS["error500"].update(value)
                    else:
                        FAULTS[key] = value
            return self.send_json(200, FAULTS)
        if self.injected_500(url.path):
            return
        if STATE["flavor"] == "a1111":
            if url.path == "/sdapi/v1/txt2img":
                return self.txt2img(req or {})
            if url.path == "/sdapi/v1/refresh-embeddings":
                bump("refresh-embeddings")
                scan_embeddings()
                return self.send_json(200, None)
            if url.path == "/sdapi/v1/create/embedding":
                return self.create_embedding(req or {})
            if url.path == "/sdapi/v1/train/embedding":
                return self.train_embedding(req or {})
        elif url.path == "/prompt":
            return self.comfy_prompt(req or {})
        self.send_json(404, {"detail": "Not Found"})

    # --- AUTOMATIC1111 ---------------------------------------------------------------------------------------

    def progress(self):
        """api.py progressapi: progress 0 and the state when no job runs."""
        with LOCK:
            state = {"skipped": False, "interrupted": False, "job": PROGRESS["job"], "job_count": PROGRESS["job_count"],
                     "job_timestamp": "0", "job_no": PROGRESS["job_no"], "sampling_step": PROGRESS["sampling_step"],
                     "sampling_steps": PROGRESS["sampling_steps"]}
            if PROGRESS["job_count"] == 0:
                return {"progress": 0, "eta_relative": 0, "state": state, "current_image": None,
                        "textinfo": PROGRESS["textinfo"]}
            progress = 0.01 + (PROGRESS["sampling_step"] / PROGRESS["sampling_steps"] if PROGRESS["sampling_steps"] else 0)
            elapsed = time.time() - PROGRESS["time_start"]
            return {"progress": min(progress, 1), "eta_relative": elapsed / progress - elapsed, "state": state,
                    "current_image": None, "textinfo": PROGRESS["textinfo"]}

    def txt2img(self, req):
        with LOCK:
            LAST["txt2img"] = req
        prompt = req.get("prompt", "")
        bump("txt2img")
        with LOCK:
            loaded = dict(LOADED)
        for token in set(re.findall(r"\bdf-[a-z0-9-]+\b", prompt)):
            # A1111 reads an unknown word as plain text: the stub counts renders that named a missing embedding.
            bump("txt2img-embedding-used" if token in loaded else "txt2img-embedding-missing")
        time.sleep(FAULTS["delay"])
        seed = int(req.get("seed", -1)) & 0xffff
        image = base64.b64encode(png(req.get("width", 512), req.get("height", 512), seed)).decode()
        self.send_json(200, {"images": [image], "parameters": req, "info": json.dumps({"seed": seed})})

    def create_embedding(self, req):
        """api.py create_embedding: create_embedding(**args), then load_textual_inversion_embeddings()."""
        unknown = sorted(set(req) - set(CREATE_PARAMETERS))
        missing = [p for p in CREATE_PARAMETERS[:3] if p not in req]
        if unknown or missing:
            what = (f"got an unexpected keyword argument '{unknown[0]}'" if unknown
                    else f"missing 1 required positional argument: '{missing[0]}'")
            return self.send_json(500, {"error": "TypeError", "detail": "", "body": "",
                                        "errors": f"create_embedding() {what}"})
        name = req["name"]
        path = os.path.join(embeddings_dir(), name + ".pt")
        if os.path.exists(path) and not req["overwrite_old"]:
            return self.send_json(200, {"info": f"create embedding error: file {path} already exists"})
        write_pt(path, name, 0, int(req["num_vectors_per_token"]))
        bump("create:" + name)
        scan_embeddings()
        self.send_json(200, {"info": f"create embedding filename: {path}"})

    def train_embedding(self, req):
        """api.py train_embedding: train_embedding(**args); the outcome is text in "info", always HTTP 200."""
        with LOCK:
            LAST["train"] = req
        unknown = sorted(set(req) - set(TRAIN_PARAMETERS))
        missing = [p for p in TRAIN_PARAMETERS if p not in req]
        if unknown:
            return self.send_json(200, {"info": f"train embedding error: train_embedding() got an unexpected keyword "
                                                f"argument '{unknown[0]}'"})
        if missing:
            return self.send_json(200, {"info": f"train embedding error: train_embedding() missing {len(missing)} "
                                                f"required positional argument(s): " + ", ".join(f"'{m}'" for m in missing)})
        name = req["embedding_name"]
        path = os.path.join(embeddings_dir(), name + ".pt")
        data_root = req["data_root"]
        images = [f for f in (os.listdir(data_root) if os.path.isdir(data_root) else [])
                  if f.lower().endswith((".png", ".jpg", ".jpeg", ".webp"))]
        # validate_train_inputs(): the dataset folder must exist and hold images; the embedding must be loaded.
        if not os.path.isdir(data_root):
            return self.send_json(200, {"info": "train embedding complete: filename:  error: Dataset directory doesn't exist"})
        if not images:
            return self.send_json(200, {"info": "train embedding complete: filename:  error: Dataset directory is empty"})
        with LOCK:
            if name not in LOADED:
                return self.send_json(200, {"info": f"train embedding error: embedding {name} not found"})
            if PROGRESS["job"] == "train_embedding":
                return self.send_json(200, {"info": "train embedding complete: filename:  error: another training runs"})
            PROGRESS.update(job="train_embedding", job_count=1, job_no=0, sampling_step=0,
                            sampling_steps=int(req["steps"]), time_start=time.time(),
                            textinfo=f"Training textual inversion [Epoch 0: 0/{len(images)}]")
            fail = FAULTS["train_fail_midway"] > 0
            lose = not fail and FAULTS["train_lose_embedding"] > 0
            stall = FAULTS["train_stall"]
            FAULTS["train_stall"] = 0
            if fail:
                FAULTS["train_fail_midway"] -= 1
            if lose:
                FAULTS["train_lose_embedding"] -= 1
        bump("train-started:" + name)
        steps = int(req["steps"])
        try:
            for step in range(1, steps + 1):
                time.sleep(STATE["step_seconds"])
                with LOCK:
                    PROGRESS["sampling_step"] = step
                    PROGRESS["textinfo"] = f"Training textual inversion [Epoch {step // len(images)}: {step % len(images)}/{len(images)}]"
                    if name in LOADED:
                        LOADED[name]["step"] = step
                if stall and step == steps // 2:
                    bump("train-stalled:" + name)
                    time.sleep(stall)
                if fail and step >= steps // 2:
                    bump("train-failed:" + name)
                    return self.send_json(200, {"info": "train embedding complete: filename:  error: CUDA out of memory. "
                                                        "Tried to allocate 20.00 MiB"})
            if lose:
                os.remove(path) if os.path.exists(path) else None
                scan_embeddings()
                bump("train-lost:" + name)
            else:
                write_pt(path, name, steps, LOADED.get(name, {}).get("vectors") or 1)
                scan_embeddings()
                bump("train-completed:" + name)
            self.send_json(200, {"info": f"train embedding complete: filename: {path} error: None"})
        finally:
            with LOCK:
                PROGRESS.update(job="", job_count=0, job_no=0, sampling_step=0, sampling_steps=0, textinfo=None)

    # --- ComfyUI -----------------------------------------------------------------------------------------------

    def comfy_prompt(self, req):
        with LOCK:
            LAST["prompt"] = req
        prompt = req.get("prompt")
        if not isinstance(prompt, dict):
            error = {"type": "no_prompt", "message": "No prompt provided", "details": "No prompt provided", "extra_info": {}}
            return self.send_json(400, {"error": error, "node_errors": {}})
        node_errors = {}
        outputs = []
        for node_id, node in prompt.items():
            kind = node.get("class_type")
            inputs = node.get("inputs", {})
            errors = []
            if kind in ("CheckpointLoaderSimple",) and inputs.get("ckpt_name") not in CHECKPOINTS:
                errors.append({"type": "value_not_in_list", "message": "Value not in list",
                               "details": f"ckpt_name: '{inputs.get('ckpt_name')}' not in {CHECKPOINTS}",
                               "extra_info": {"input_name": "ckpt_name"}})
            for name in ("seed", "noise_seed", "width", "height", "steps", "start_at_step", "end_at_step"):
                if name in inputs and not isinstance(inputs[name], (int, list)):
                    errors.append({"type": "invalid_input_type", "message": "Failed to convert an input value to a INT value",
                                   "details": f"{name}, {inputs[name]}", "extra_info": {"input_name": name}})
            if errors:
                node_errors[node_id] = {"errors": errors, "dependent_outputs": [], "class_type": kind}
            if kind == "SaveImage":
                outputs.append(node_id)
        if not outputs:
            error = {"type": "prompt_no_outputs", "message": "Prompt has no outputs", "details": "", "extra_info": {}}
            return self.send_json(400, {"error": error, "node_errors": []})
        if node_errors:
            error = {"type": "prompt_outputs_failed_validation", "message": "Prompt outputs failed validation",
                     "details": "", "extra_info": {}}
            bump("prompt-refused")
            return self.send_json(400, {"error": error, "node_errors": node_errors})
        prompt_id = str(req.get("prompt_id") or uuid.uuid4())
        with COMFY_CV:
            number = COMFY["number"]
            COMFY["number"] += 1
            COMFY["queue"].append({"id": prompt_id, "number": number, "prompt": prompt, "outputs": outputs})
            COMFY_CV.notify()
        bump("prompt")
        self.send_json(200, {"prompt_id": prompt_id, "number": number, "node_errors": {}})


def comfy_worker():
    """ComfyUI's prompt_worker: one prompt at a time; the history entry is written when it is done."""
    while True:
        with COMFY_CV:
            while not COMFY["queue"]:
                COMFY_CV.wait()
            item = COMFY["queue"].pop(0)
            COMFY["running"] = item
            fail = FAULTS["exec_error"] > 0
            if fail:
                FAULTS["exec_error"] -= 1
        time.sleep(FAULTS["delay"])
        prompt = item["prompt"]
        latent = next((n["inputs"] for n in prompt.values() if n.get("class_type") == "EmptyLatentImage"), {})
        sampler = next((n["inputs"] for n in prompt.values() if n.get("class_type") in ("KSampler", "KSamplerAdvanced")), {})
        texts = " ".join(str(n["inputs"].get("text", "")) for n in prompt.values() if n.get("class_type") == "CLIPTextEncode")
        for name in set(re.findall(r"embedding:([A-Za-z0-9_.-]+)", texts)):
            # ComfyUI's sd1_clip: "warning, embedding:<name> does not exist, ignoring" — counted, not refused.
            bump("prompt-embedding-used" if name in embedding_files() else "prompt-embedding-missing")
        started = {"prompt_id": item["id"], "timestamp": int(time.time() * 1000)}
        if fail:
            bump("prompt-failed")
            entry = {"prompt": [item["number"], item["id"], prompt, {}, item["outputs"]], "outputs": {},
                     "status": {"status_str": "error", "completed": False, "messages": [
                         ["execution_start", started],
                         ["execution_error", {"prompt_id": item["id"], "node_id": "3", "node_type": "KSampler",
                                              "executed": [], "exception_message": "Allocation on device",
                                              "exception_type": "torch.OutOfMemoryError", "traceback": [],
                                              "current_inputs": {}, "current_outputs": {}}]]}, "meta": {}}
        else:
            seed = int(sampler.get("seed", sampler.get("noise_seed", 0))) & 0xffff
            filename = f"dreamframe_{item['number']:05d}_.png"
            with LOCK:
                COMFY["images"][(filename, "", "output")] = png(latent.get("width", 512), latent.get("height", 512), seed)
            bump("prompt-done")
            entry = {"prompt": [item["number"], item["id"], prompt, {}, item["outputs"]],
                     "outputs": {item["outputs"][0]: {"images": [{"filename": filename, "subfolder": "", "type": "output"}]}},
                     "status": {"status_str": "success", "completed": True, "messages": [
                         ["execution_start", started], ["execution_success", started]]}, "meta": {}}
        with LOCK:
            COMFY["history"][item["id"]] = entry
            COMFY["running"] = None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--flavor", choices=["a1111", "comfyui"], required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)")
    parser.add_argument("--state", required=True, help="folder for embeddings/ and stats.json (kept across restarts)")
    parser.add_argument("--step-seconds", type=float, default=0.01, help="time one training step takes")
    args = parser.parse_args()
    os.makedirs(os.path.join(args.state, "embeddings"), exist_ok=True)
    stats_path = os.path.join(args.state, "stats.json")
    STATE.update(flavor=args.flavor, dir=args.state, step_seconds=args.step_seconds,
                 stats=json.load(open(stats_path)) if os.path.exists(stats_path) else {})
    STATE["stats"]["starts"] = STATE["stats"].get("starts", 0) + 1
    save_stats()
    scan_embeddings()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    if args.flavor == "comfyui":
        threading.Thread(target=comfy_worker, daemon=True).start()
    print(server.server_address[1], flush=True)

    def watch_stdin():
        sys.stdin.read()
        os._exit(0)
    threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
