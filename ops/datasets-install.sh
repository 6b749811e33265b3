#!/usr/bin/env bash
# Installs Hugging Face `datasets` (PyPI) into a virtualenv in a cache OUTSIDE the checkout, once per machine, for the
# test that loads the exported dataset files the way trainers do (`load_dataset("json", …)`). Idempotent: a complete
# install is left alone and this prints the venv's python. ops/install-deps.sh runs it, so `make test` (and CI on a
# fresh machine) gets it.
#   ops/datasets-install.sh       install if missing, then print PYTHON=…
# Settings (environment): DF_CACHE_DIR (default /var/cache/dreamframe), DF_DATASETS_VERSION (pinned below),
# DF_DATASETS_PYTHON (the Python the venv is made from; default Debian's /usr/bin/python3).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

home="$DF_DATASETS_HOME"
marker="$home/installed.env"
python="${DF_DATASETS_PYTHON:-}"
if [ -z "$python" ]; then
    if [ -x /usr/bin/python3 ]; then python=/usr/bin/python3; else python=python3; fi
fi

# A marker is trusted only if its python still imports the pinned datasets.
installed() {
    [ -f "$marker" ] || return 1
    local PYTHON=""
    # shellcheck disable=SC1090
    source "$marker"
    [ -x "$PYTHON" ] && "$PYTHON" -c "import datasets, sys; sys.exit(datasets.__version__ != '$DF_DATASETS_VERSION')" \
        >/dev/null 2>&1
}

report() {
    echo "datasets-install: installed in $home"
    sed 's/^/datasets-install:   /' "$marker"
}

if installed; then report; exit 0; fi

# The venv needs Debian's python3-venv (ensurepip); installed here when missing, like ops/install-deps.sh does.
if ! dpkg-query -W -f='${Status}' python3-venv 2>/dev/null | grep -q "install ok installed"; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "datasets-install: installing Debian package python3-venv"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends python3-venv
fi

mkdir -p "$DF_CACHE_DIR"
# One installer per machine; a second checkout waits for the first and then finds it installed.
exec 9>"$DF_CACHE_DIR/.datasets-install.lock"
if ! flock -n 9; then
    echo "datasets-install: another datasets-install runs in $DF_CACHE_DIR; waiting for it"
    flock 9
fi
if installed; then report; exit 0; fi

rm -rf "$DF_CACHE_DIR"/.datasets-build.*
[ -e "$home" ] && rm -rf "$home"
# Built under a temporary name and renamed into place once it imports, so a killed install never looks installed.
tmp=$(mktemp -d "$DF_CACHE_DIR/.datasets-build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "datasets-install: installing datasets==$DF_DATASETS_VERSION into $home (python: $python)"
"$python" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q "datasets==$DF_DATASETS_VERSION"
"$tmp/venv/bin/python" -c "import datasets" || { echo "datasets-install: datasets does not import" >&2; exit 1; }
echo "PYTHON=$home/venv/bin/python" > "$tmp/installed.env"
mkdir -p "$tmp/final"
chmod 755 "$tmp/final"
mv "$tmp/venv" "$tmp/final/"
mv "$tmp/installed.env" "$tmp/final/installed.env"
mv -T "$tmp/final" "$home"
installed || { echo "datasets-install: the venv in $home does not import datasets after the move" >&2; exit 1; }
report
