#!/usr/bin/env python3
"""Stub model server for DreamFrame's HTTP tests (Python 3 stdlib only).

Speaks the APIs the HTTP models use:
  POST .../chat/completions         OpenAI-compatible chat; canned valid story JSON sized from the prompt's
                                    "exactly N substories|tinystories|keyframes". Takes response_format json_schema,
                                    json_object or none (as llama.cpp does). The model name selects behaviour:
                                    stub (valid), stub-fenced (prose + ```json fence), stub-invalid-once (invalid
                                    unless the conversation has a repair turn), stub-always-invalid, stub-not-json,
                                    stub-429 (always 429, Retry-After: 1), stub-500, stub-400-echo (400 repeating the
                                    Authorization header), stub-slow (sleeps 3 s), stub-delay-N (sleeps N ms, valid),
                                    stub-no-schema (400 for json_schema, like servers without structured output),
                                    stub-runaway (cut at max_tokens with finish_reason length unless the conversation
                                    has the "cut off" repair turn), stub-runaway-always, stub-ctx-N (a context of N
                                    tokens, 4 characters a token: llama.cpp's exceed_context_size_error when the
                                    prompt does not fit, OpenAI's "maximum context length" when prompt + max_tokens
                                    does not; stub-invalid-once-ctx-N is also stub-invalid-once), stub-unknown (404 model_not_found), stub-forbidden (403),
                                    stub-garbage (200 with a body that is not JSON), stub-limited-R (R requests per
                                    second, bursts above it get 429 with Retry-After and x-ratelimit-* headers;
                                    stub-limited-R-delay-N also takes N ms to answer what it lets through),
                                    stub-text-only (400 naming response_format for json_schema and json_object,
                                    as OpenAI answers for a model without JSON mode; without a response_format it
                                    answers in prose around a ```json fence).
  POST /sdapi/v1/txt2img            AUTOMATIC1111; returns {"images": [<base64 1x1 PNG>]}; a prompt containing
                                    FORCE_NOT_PNG returns base64 of non-PNG bytes, one containing FORCE_429_TWICE
                                    is refused with 429 (Retry-After: 1) the first two times.
  POST .../images/generations       OpenAI images; returns {"data": [{"b64_json": <base64 PNG>}]}.
Test helpers:
  ANY /slow?ms=N&group=G            sleeps N ms; counts concurrent requests per group
  GET /stats?group=G                {"max_in_flight", "in_flight", "total"} for the group
  ANY /status/<code>                responds with that status; body echoes the Authorization header (to test
                                    that clients scrub it); 429 carries Retry-After: 1
  ANY /echo                         method, path, headers and body as JSON
  GET /last?kind=K                  the last JSON body received for K in {chat, txt2img, images}
  GET /limited?model=M              a stub-limited-R model's bucket: {"per_second", "burst", "accepted_at" and
                                    "refused_at" (the server's monotonic seconds of every request it let through or
                                    refused), "refused"}
  GET .../models                    {"data": [{"id": "stub"}, {"id": "stub-fenced"}]}
--slots N holds at most N chat requests at once (the rest queue), like a server with N slots.
Prints the bound port on stdout, then serves until stdin reaches EOF (the parent died or closed it) or SIGTERM.
Usage: model_stub_server.py [--port 0] [--api-key test-key]
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
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def tiny_png():
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    raw = b"\x00\xff\x00\x00"  # one RGB pixel, filter byte 0
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PNG_B64 = base64.b64encode(tiny_png()).decode()
LOCK = threading.Lock()
GROUPS = {}
LAST = {}
API_KEY = "test-key"
SLOTS = None
BUCKETS = {}
ACCEPTED_AT = {}
REFUSED_AT = {}
CONTEXT = re.compile(r"stub(?:-invalid-once)?-ctx-(\d+)")
LIMITED = re.compile(r"stub-limited-(\d+)(?:-delay-(\d+))?")
LOCATIONS = ["Old Harbor", "Grand Hall", "Rose Garden", "Market", "Bell Tower", "River Bank", "Library",
             "Train Station", "Kitchen", "Courtyard", "Hilltop", "Stable", "Lighthouse"]
VERBS = ["stand", "sit", "look", "talk", "hold", "squat", "walk", "hug"]


def group_stats(name):
    return GROUPS.setdefault(name, {"max_in_flight": 0, "in_flight": 0, "total": 0})


def line_json(text, label):
    """Parses the JSON object on the prompt line starting with `label:`."""
    for line in text.splitlines():
        if line.startswith(label + ":"):
            try:
                return json.loads(line[len(label) + 1:].strip())
            except ValueError:
                return None
    return None


def plot_content(n, seed):
    characters = [
        {"name": "Ada", "role": "main", "appearance": "a woman looks like a young duchess in red"},
        {"name": "Tom", "role": "main", "appearance": "a man looks like a tall sailor in blue"},
        {"name": "Pip", "role": "supporting", "appearance": "a boy looks like a street urchin in green"},
    ]
    qtypes = ["Why", "What", "How", "Where"]
    subs = []
    for i in range(n):
        q = qtypes[i % 4]
        subs.append({"index": i, "scene": LOCATIONS[i % 12:i % 12 + 1 + (i % 3)][:3] or [LOCATIONS[0]],
                     "content": f"Part {i + 1}: Ada and Tom meet again and their plans change.",
                     "qa": {"question": f"{q} does part {i + 1} matter to Ada?",
                            "answer": "It changes her mind about Tom."}})
    return {"title": f"The Harbor Promise {seed}", "overview": "A duchess and a sailor fall in love.",
            "genre": "Romance",
            "style": {"keyword": "Dramatic", "tone": "warm, yearning, bittersweet",
                      "description": "soft golden light, film grain, deep shadows"},
            "locations": LOCATIONS, "characters": characters, "substories": subs}


def substory_content(n, ctx, sub):
    scene = (sub or {}).get("scene") or (ctx or {}).get("locations") or ["Market"]
    tinies = [{"index": i, "location": scene[i % len(scene)],
               "content": f"Moment {i + 1}: Ada waits while Tom walks closer."} for i in range(n)]
    return {"tinystories": tinies,
            "qa": {"question": "What does Ada decide in this part?", "answer": "She decides to trust Tom."}}


def tinystory_content(n, ctx, tiny):
    ctx = ctx or {}
    style = (ctx.get("style") or {}).get("keyword", "Dramatic")
    chars = ctx.get("characters") or [{"name": "Ada", "appearance": "a woman in red"}]
    place = (tiny or {}).get("location") or "Market"
    frames = []
    for i in range(n):
        c = chars[i % len(chars)]
        verb = VERBS[i % len(VERBS)]
        frames.append({
            "description": f"generate an image in {style} style: at {place}, {c['appearance']} is {verb}ing "
                           f"near the window, with a hopeful face",
            "location": place, "characters": [c["name"]], "verb": verb, "expression": "hopeful",
            "dialogue": f"{c['name']}: We still have time." if i % 2 == 0 else None})
    return {"keyframes": frames,
            "qa": [{"question": "Why does Ada look hopeful?", "answer": "Because Tom came back."},
                   {"question": "Where does the scene happen?", "answer": f"At the {place}."}]}


def chat_content(messages, model=""):
    user = "\n".join(m.get("content", "") for m in messages if m.get("role") == "user")
    first_user = next((m.get("content", "") for m in messages if m.get("role") == "user"), "")
    seed = 0
    if "judging this QA pair" in first_user:
        # A judge that rejects answers containing the word "unicorn" (nothing in any stub movie has one).
        answer = re.search(r"\nAnswer: (.*)", first_user)
        bad = answer is not None and "unicorn" in answer.group(1).lower()
        return {"supported": not bad, "reason": "not in the movie text" if bad else "stated in the movie text"}
    if re.search(r"A movie needs \d+ more places", first_user):
        # The plot's follow-up for the places it lacked: one slot per group of candidates; this stub takes each
        # group's first, unless the model is one that only repeats the plot's places.
        have = [p.strip() for p in re.search(r"Places it has: (.*)", first_user).group(1).split(",")]
        slots = re.findall(r"^- (place_\d+): one of (.*)$", first_user, re.M)
        if model == "stub-few-places-repeats":
            return {slot: have[i % len(have)] for i, (slot, _) in enumerate(slots)}
        return {slot: options.split(", ")[0] for slot, options in slots}
    m = re.search(r"exactly (\d+) keyframes", first_user)
    if m:
        return tinystory_content(int(m.group(1)), line_json(first_user, "Movie context"),
                                 line_json(first_user, "Tinystory"))
    m = re.search(r"exactly (\d+) tinystories", first_user)
    if m:
        return substory_content(int(m.group(1)), line_json(first_user, "Movie context"),
                                line_json(first_user, "Substory"))
    m = re.search(r"exactly (\d+) substories", first_user)
    if m:
        plot = plot_content(int(m.group(1)), seed)
        if model.startswith("stub-few-places"):
            # A small model's plot: 8 places, one of them twice (a schema cannot forbid repeats).
            plot["locations"] = LOCATIONS[:8] + ["old harbor"]
        return plot
    return {"error": "stub could not tell the level from the prompt", "prompt": user[:200]}


def make_invalid(content):
    bad = json.loads(json.dumps(content))
    for key in ("substories", "tinystories", "keyframes"):
        if key in bad and bad[key]:
            bad[key] = bad[key][:-1]  # one item short
    return bad


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as real model servers set it: the status line and headers go out in one write and the body in
    # another, and with Nagle on the body waits for the client's delayed ACK of the headers (~40 ms on Linux) on
    # every reused keep-alive connection — a 200 ms model would answer in 240 ms.
    disable_nagle_algorithm = True

    def handle(self):
        # Clients that were killed mid-request (the pipeline crash tests do that) are not errors here.
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass

    def send_json(self, status, obj, headers=None):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()

    def do_PUT(self):
        self.route()

    def do_DELETE(self):
        self.route()

    def do_HEAD(self):
        self.route()

    def route(self):
        body = self.read_body()
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        path = url.path
        try:
            if path == "/health":
                return self.send_json(200, {"ok": True})
            if path == "/slow":
                return self.slow(query)
            if path == "/stats":
                with LOCK:
                    return self.send_json(200, dict(group_stats(query.get("group", "default"))))
            if path.startswith("/status/"):
                code = int(path.rsplit("/", 1)[1])
                extra = {"Retry-After": "1"} if code == 429 else {}
                return self.send_json(code, {"error": f"forced {code}",
                                             "echo_auth": self.headers.get("Authorization", ""),
                                             "echo_query": url.query}, extra)
            if path == "/echo":
                return self.send_json(200, {"method": self.command, "path": path, "query": query,
                                            "headers": {k: v for k, v in self.headers.items()},
                                            "body": body.decode("utf-8", "replace")})
            if path == "/limited":
                model = query.get("model", "")
                limited = LIMITED.fullmatch(model)
                per_second = float(limited.group(1)) if limited else 0
                with LOCK:
                    return self.send_json(200, {"per_second": per_second, "burst": per_second,
                                                "accepted_at": list(ACCEPTED_AT.get(model, [])),
                                                "refused_at": list(REFUSED_AT.get(model, [])),
                                                "refused": group_stats("limited-429:" + model)["total"]})
            if path == "/last":
                with LOCK:
                    return self.send_json(200, LAST.get(query.get("kind", ""), {}))
            if path.endswith("/chat/completions") and self.command == "POST":
                if SLOTS is None:
                    return self.chat(body)
                with SLOTS:
                    return self.chat(body)
            if path.endswith("/models") and self.command == "GET":
                return self.send_json(200, {"object": "list", "data": [{"id": "stub", "object": "model"},
                                                                       {"id": "stub-fenced", "object": "model"}]})
            if path == "/sdapi/v1/txt2img" and self.command == "POST":
                return self.txt2img(body)
            if path.endswith("/images/generations") and self.command == "POST":
                return self.images(body)
            return self.send_json(404, {"error": "no such path", "path": path})
        except Exception as exc:  # a stub bug should be visible, not a hang
            return self.send_json(500, {"error": f"stub exception: {exc!r}"})

    def slow(self, query):
        name = query.get("group", "default")
        with LOCK:
            g = group_stats(name)
            g["in_flight"] += 1
            g["total"] += 1
            g["max_in_flight"] = max(g["max_in_flight"], g["in_flight"])
        try:
            time.sleep(int(query.get("ms", "300")) / 1000.0)
        finally:
            with LOCK:
                g["in_flight"] -= 1
        return self.send_json(200, {"group": name, "slept_ms": int(query.get("ms", "300"))})

    def check_auth(self):
        if self.headers.get("Authorization") != f"Bearer {API_KEY}":
            self.send_json(401, {"error": {"message": "invalid api key", "type": "invalid_request_error"}})
            return False
        return True

    def chat(self, raw):
        self.limit_headers = None
        if not self.check_auth():
            return
        req = json.loads(raw)
        with LOCK:
            LAST["chat"] = req
            g = group_stats("chat:" + req.get("model", ""))
            g["total"] += 1
        model = req.get("model", "")
        messages = req.get("messages") or []
        kind = (req.get("response_format") or {}).get("type")
        if kind not in (None, "json_object", "json_schema") or "seed" not in req:
            return self.send_json(400, {"error": {"message": "stub requires seed and response_format json_schema, "
                                                             "json_object or none", "type": "invalid_request_error"}})
        if model == "stub-text-only" and kind is not None:
            # OpenAI's answer for a model without JSON mode: 400, param response_format.
            return self.send_json(400, {"error": {
                "message": f"Invalid parameter: 'response_format' of type '{kind}' is not supported with this model.",
                "type": "invalid_request_error", "param": "response_format", "code": None}})
        if kind == "json_schema":
            schema = (req["response_format"].get("json_schema") or {}).get("schema")
            if model == "stub-no-schema":
                return self.send_json(400, {"error": {
                    "code": 400, "type": "invalid_request_error",
                    "message": 'response_format type must be one of "text" or "json_object", but got: json_schema'}})
            if not isinstance(schema, dict) or schema.get("type") != "object":
                return self.send_json(400, {"error": {"message": "json_schema.schema must be an object schema"}})
        prompt_chars = sum(len(m.get("content", "")) for m in messages)
        context = CONTEXT.fullmatch(model)
        if context:
            n_ctx, n_prompt = int(context.group(1)), prompt_chars // 4
            if n_prompt > n_ctx:
                return self.send_json(400, {"error": {
                    "code": 400, "type": "exceed_context_size_error", "n_prompt_tokens": n_prompt, "n_ctx": n_ctx,
                    "message": f"the request exceeds the available context size ({n_prompt} > {n_ctx} tokens)"}})
            wanted = int(req.get("max_tokens") or 0)
            if n_prompt + wanted > n_ctx:
                return self.send_json(400, {"error": {
                    "code": "context_length_exceeded", "type": "invalid_request_error", "param": "messages",
                    "message": f"This model's maximum context length is {n_ctx} tokens. However, you requested "
                               f"{n_prompt + wanted} tokens ({n_prompt} in the messages, {wanted} in the completion)."}})
        if model == "stub-unknown":
            return self.send_json(404, {"error": {"message": f"The model `{model}` does not exist",
                                                  "type": "invalid_request_error", "code": "model_not_found"}})
        if model == "stub-forbidden":
            return self.send_json(403, {"error": {"message": "this key may not use this model",
                                                  "type": "permission_error"}})
        if model == "stub-garbage":
            data = b"<html><body>502 Bad Gateway</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        limited_model = LIMITED.fullmatch(model)
        if limited_model:
            limited = self.rate_limit(model, float(limited_model.group(1)))
            if limited:
                return self.send_json(429, {"error": {"message": "Rate limit reached", "type": "requests"}}, limited)
            if limited_model.group(2):
                time.sleep(int(limited_model.group(2)) / 1000.0)
        if model == "stub-429":
            return self.send_json(429, {"error": {"message": "rate limited"}}, {"Retry-After": "1"})
        if model == "stub-500":
            return self.send_json(500, {"error": {"message": "server exploded"}})
        if model == "stub-400-echo":
            # A server whose error repeats the request's credential: clients must scrub it from what they report.
            return self.send_json(400, {"error": {"message": "bad request from " + self.headers.get("Authorization", "")}})
        if model == "stub-slow":
            time.sleep(3)
        if model.startswith("stub-delay-"):
            # A model server that takes N ms per call, like a real LLM (pipeline crash tests).
            time.sleep(int(model.rsplit("-", 1)[1]) / 1000.0)
        content = chat_content(messages, model)
        repaired = len(messages) > 2
        if model == "stub-always-invalid" or (model.startswith("stub-invalid-once") and not repaired):
            text = json.dumps(make_invalid(content))
        elif model == "stub-not-json":
            text = "I am sorry, I cannot write stories today."
        elif model in ("stub-fenced", "stub-text-only"):
            text = "Sure! Here is the story:\n```json\n" + json.dumps(content, indent=2) + "\n```\nEnjoy."
        else:
            text = json.dumps(content)
        finish = "stop"
        cut_repair = any("cut off" in m.get("content", "") for m in messages if m.get("role") == "user")
        if model == "stub-runaway-always" or (model == "stub-runaway" and not cut_repair):
            # A small model in json_object mode repeating itself until max_tokens (4 characters a token).
            budget = int(req.get("max_tokens") or 4096)
            text = (text[:-1] + ', "notes": "' + "and then " * (budget * 4)) [:budget * 4]
            finish = "length"
        return self.send_json(200, {
            "id": "chatcmpl-stub", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "finish_reason": finish,
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": prompt_chars // 4, "completion_tokens": len(text) // 4,
                      "total_tokens": prompt_chars // 4 + len(text) // 4}}, getattr(self, "limit_headers", None))

    def rate_limit(self, model, per_second):
        """A token bucket of `per_second` requests a second (burst of one second); None when the request may go,
        else the 429's headers."""
        now = time.monotonic()
        with LOCK:
            level, updated = BUCKETS.get(model, (per_second, now))
            level = min(per_second, level + (now - updated) * per_second)
            if level >= 1:
                BUCKETS[model] = (level - 1, now)
                group_stats("limited:" + model)["total"] += 1
                ACCEPTED_AT.setdefault(model, []).append(now)
                self.limit_headers = self.window(per_second, level - 1)
                return None
            BUCKETS[model] = (level, now)
            group_stats("limited-429:" + model)["total"] += 1
            REFUSED_AT.setdefault(model, []).append(now)
            wait = (1 - level) / per_second
        return dict(self.window(per_second, level), **{"Retry-After": str(max(1, int(wait + 0.999)))})

    @staticmethod
    def window(per_second, level):
        """OpenAI's rate-limit headers for a bucket of `per_second` holding `level`: reset = until it is full."""
        return {"x-ratelimit-limit-requests": str(int(per_second)), "x-ratelimit-remaining-requests": str(int(level)),
                "x-ratelimit-reset-requests": f"{int((per_second - level) / per_second * 1000) + 1}ms"}

    def txt2img(self, raw):
        req = json.loads(raw)
        with LOCK:
            LAST["txt2img"] = req
        missing = [k for k in ("prompt", "negative_prompt", "seed", "steps", "width", "height", "sampler_name")
                   if k not in req]
        if missing:
            return self.send_json(422, {"detail": f"missing {missing}"})
        if "FORCE_429_TWICE" in req["prompt"]:
            with LOCK:
                seen = group_stats("txt2img-429:" + req["prompt"])
                seen["total"] += 1
                refuse = seen["total"] <= 2
            if refuse:
                return self.send_json(429, {"detail": "busy"}, {"Retry-After": "1"})
        image = (base64.b64encode(b"not a png at all").decode() if "FORCE_NOT_PNG" in req["prompt"]
                 else PNG_B64)
        return self.send_json(200, {"images": [image], "parameters": req, "info": json.dumps({"seed": req["seed"]})})

    def images(self, raw):
        if not self.check_auth():
            return
        req = json.loads(raw)
        with LOCK:
            LAST["images"] = req
        if req.get("response_format") != "b64_json" or not re.fullmatch(r"\d+x\d+", req.get("size", "")) \
                or not req.get("prompt") or not req.get("model"):
            return self.send_json(400, {"error": {"message": "bad images request"}})
        return self.send_json(200, {"created": int(time.time()), "data": [{"b64_json": PNG_B64}]})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True


def main():
    global API_KEY
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--api-key", default="test-key")
    parser.add_argument("--slots", type=int, default=0)
    args = parser.parse_args()
    API_KEY = args.api_key
    global SLOTS
    SLOTS = threading.BoundedSemaphore(args.slots) if args.slots > 0 else None
    server = Server(("127.0.0.1", args.port), Handler)
    print(server.server_address[1], flush=True)

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        finally:
            os._exit(0)
    threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
