#!/usr/bin/env bash
# Starts the local LLM — llama.cpp's llama-server with SmolLM2-135M-Instruct — on loopback and waits until it answers
# /health. Installs it first (ops/llama-install.sh: once per machine, into DF_CACHE_DIR). Idempotent: a server that
# already answers on DF_LLAMA_PORT is left alone, whichever checkout started it; a stale pid file (a server killed
# with -9) is replaced.
#   ops/llama-up.sh
# Settings (environment, defaults in ops/env.sh): DF_LLAMA_PORT (8093), DF_LLAMA_MODEL (the --alias clients send as
# "model", smollm2), DF_LLAMA_API_KEY (if set, the server demands it as a Bearer token), DF_LLAMA_CTX (8192 tokens in
# all, split between the DF_LLAMA_SLOTS (2) parallel requests: 4096 each), DF_LLAMA_THREADS (1:
# ggml's threads wait for each other at every step by spinning, so on a busy machine two threads on 2 cores
# collapsed to ~1 token/s while one thread kept ~22 — measured here with the test suite running), DF_LLAMA_START_TIMEOUT (60 s), DF_LLAMA_ARGS (more llama-server flags, split on spaces).
# Pid file and log: $DF_STATE_DIR/llama/server-$DF_LLAMA_PORT.{pid,log}.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/env.sh"
dir="$DF_STATE_DIR/llama"
pidfile="$dir/server-$DF_LLAMA_PORT.pid"
log="$dir/server-$DF_LLAMA_PORT.log"
base="http://127.0.0.1:$DF_LLAMA_PORT"
timeout_s="${DF_LLAMA_START_TIMEOUT:-60}"
mkdir -p "$dir"

# /health answers 200 once the model is loaded (503 while loading) and needs no API key.
healthy() { curl -sf -m 2 "$base/health" >/dev/null 2>&1; }

# The process a pid file names, if it is still a llama-server (a pid reused by another process after a reboot or a
# kill -9 does not count).
is_llama_server() {
    local pid="$1"
    [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'llama-server'
}

"$here/llama-install.sh"
BIN="" MODEL=""
# shellcheck disable=SC1091
source "$DF_LLAMA_HOME/installed.env"

# The HTTP status of GET /v1/models with DF_LLAMA_API_KEY as Bearer token if set (200), 401 if the server wants
# another key or none. The key reaches curl on stdin, not its command line.
models_status() {
    printf 'Authorization: Bearer %s\n' "${DF_LLAMA_API_KEY:-}" \
        | curl -s -o /dev/null -w '%{http_code}' -m 5 ${DF_LLAMA_API_KEY:+-H @-} "$base/v1/models" || true
}

if healthy; then
    # Left alone — but a server that would refuse this checkout's clients (another DF_LLAMA_API_KEY, or a key where
    # none is set here) is named now rather than as 401s in the middle of a run.
    status=$(models_status)
    if [ "$status" != 200 ]; then
        key_state="unset"; [ -z "${DF_LLAMA_API_KEY:-}" ] || key_state="set"
        echo "llama: a server already runs on $base but GET /v1/models answers $status with DF_LLAMA_API_KEY" \
             "$key_state; stop it (ops/llama-down.sh) or use its key" >&2
        exit 1
    fi
    echo "llama: already running on $base (model $DF_LLAMA_MODEL; $DF_LLAMA_URL)"
    exit 0
fi

# A server of ours that is alive but not (yet) healthy — still loading, or just started by another checkout's
# llama-up — is waited for rather than started twice (the second would fail to bind the port anyway).
pid=$(cat "$pidfile" 2>/dev/null || true)
if [ -n "$pid" ] && ! is_llama_server "$pid"; then
    echo "llama: removing stale pid file $pidfile (process $pid is gone or no llama-server)"
    rm -f "$pidfile"
    pid=""
fi

if [ -z "$pid" ]; then
    args=(-m "$MODEL" --host 127.0.0.1 --port "$DF_LLAMA_PORT" -c "${DF_LLAMA_CTX:-8192}" -np "${DF_LLAMA_SLOTS:-2}"
          -t "${DF_LLAMA_THREADS:-1}" --alias "$DF_LLAMA_MODEL" --no-webui)
    # shellcheck disable=SC2206
    [ -z "${DF_LLAMA_ARGS:-}" ] || args+=($DF_LLAMA_ARGS)
    # The key goes to the server through its environment (LLAMA_API_KEY, read like --api-key), not its command line,
    # so `ps` does not show it; an LLAMA_API_KEY inherited from elsewhere is dropped (DF_LLAMA_API_KEY decides).
    key_env=()
    [ -z "${DF_LLAMA_API_KEY:-}" ] || key_env=(LLAMA_API_KEY="$DF_LLAMA_API_KEY")
    [ ! -f "$log" ] || mv -f "$log" "$log.1"
    # The binary itself, not the package's llama-cpp-server wrapper (which forks, so its pid is not the server's).
    # setsid: its own session, so the server outlives the shell or `make` that started it, like the daemonized Redis;
    # it execs in place (a background job is no group leader), so $! is the server's pid.
    env -u LLAMA_API_KEY "${key_env[@]}" setsid "$BIN" "${args[@]}" > "$log" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$pidfile"
    echo "llama: starting $BIN on $base (pid $pid, log $log)"
fi

deadline=$((SECONDS + timeout_s))
until healthy; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "llama: llama-server (pid $pid) exited before answering $base/health; the end of $log:" >&2
        tail -n 30 "$log" >&2 || true
        rm -f "$pidfile"
        exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
        echo "llama: llama-server (pid $pid) did not answer $base/health within $timeout_s s" \
             "(DF_LLAMA_START_TIMEOUT); the end of $log:" >&2
        tail -n 30 "$log" >&2 || true
        exit 1
    fi
    sleep 0.2
done
echo "llama: up on $base (model $DF_LLAMA_MODEL; clients: DF_LLAMA_URL=$DF_LLAMA_URL)"
