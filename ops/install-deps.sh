#!/usr/bin/env bash
# Installs the Debian packages DreamFrame needs, only those missing. Idempotent; needs root (or sudo).
set -euo pipefail
# A minimal Debian image lacks the tools the scripts and tests run too: curl (health checks of Prometheus and
# llama-server), iproute2 (ip netns for the two-renderer-host test, ss), procps (pgrep/ps), openssl (the TLS
# tests' CA), util-linux (setpriv, which ties a trainer's life to its learner's).
packages=(rabbitmq-server redis-server librabbitmq-dev libhiredis-dev libcurl4-openssl-dev libpng-dev
          libjpeg62-turbo-dev amqp-tools ffmpeg pkg-config python3 chromium prometheus
          curl iproute2 procps openssl util-linux)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all packages present"
else
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "install-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    # The packages' own service start fails without an init system; the project starts its own instances.
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
command -v swift >/dev/null || { echo "install-deps: swift is not on PATH (expected /opt/swift/usr/bin)" >&2; exit 1; }
# Hugging Face `datasets` from PyPI, in a venv in the machine's cache (once per machine; seconds when present): the
# dataset tests load the exported files with it, as a trainer would.
"$(dirname "${BASH_SOURCE[0]}")/datasets-install.sh"
