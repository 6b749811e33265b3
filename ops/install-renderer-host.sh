#!/usr/bin/env bash
# Makes this machine a DreamFrame renderer host (README "Running more renderers"): the runtime libraries from Debian,
# the frame-renderer executable, the topology, the systemd unit dreamframe@.service, /etc/dreamframe/env (from
# ops/systemd/env.example: fill in the broker, Redis and output folder) and /etc/dreamframe/frame-renderer.env (its
# metrics port), then enables and starts dreamframe@frame-renderer once the env file is filled in. Idempotent: an
# existing env file (it holds passwords) is never overwritten. Needs root.
#   ops/install-renderer-host.sh [--bin DIR] [--stage STAGE] [--metrics-port N] [--root DIR] [--no-packages] [--no-start]
#     --bin DIR         where the built executables are (default .build/release). Build them with the Swift runtime
#                       linked in, so the host needs no toolchain:
#                         swift build -c release --static-swift-stdlib --product frame-renderer
#     --stage STAGE     another stage than frame-renderer (the same recipe installs any stage)
#     --metrics-port N  the stage's metrics port (default: its port in README "Monitoring", 9474 for the renderer)
#     --root DIR        install under DIR instead of / (a staging tree: no packages, no user, no systemctl)
#     --no-packages     do not apt-get install the runtime libraries
#     --no-start        install, but neither enable nor start the unit
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
bin_dir="$repo/.build/release" stage=frame-renderer port="" root="" packages=1 start=1
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin_dir="$2"; shift 2 ;;
        --stage) stage="$2"; shift 2 ;;
        --metrics-port) port="$2"; shift 2 ;;
        --root) root="$(mkdir -p "$2" && cd "$2" && pwd)"; packages=0; start=0; shift 2 ;;
        --no-packages) packages=0; shift ;;
        --no-start) start=0; shift ;;
        *) echo "install-renderer-host: unknown argument '$1' (see the header of $0)" >&2; exit 64 ;;
    esac
done
declare -A ports=([plot-writer]=9471 [story-expander]=9472 [style-trainer]=9473 [frame-renderer]=9474 [qa-validator]=9475)
[ -n "${ports[$stage]:-}" ] || { echo "install-renderer-host: unknown stage '$stage' (expected one of ${!ports[*]})" >&2; exit 64; }
port="${port:-${ports[$stage]}}"
[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -le 65535 ] || { echo "install-renderer-host: --metrics-port: expected 0...65535, got '$port'" >&2; exit 64; }
binary="$bin_dir/$stage"
[ -x "$binary" ] || { echo "install-renderer-host: no executable $binary; build it first: swift build -c release --static-swift-stdlib --product $stage" >&2; exit 1; }
if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then echo "install-renderer-host: run as root (or give --root DIR)" >&2; exit 1; fi

if [ "$packages" = 1 ]; then
    # What the executables link against (rabbitmq-c, hiredis, libcurl, libpng, libjpeg), the CA bundle for amqps://
    # and https://, and an NFS client for a shared output folder.
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends librabbitmq4 libhiredis0.14 libcurl4 libpng16-16 libjpeg62-turbo \
        ca-certificates nfs-common
fi
missing=$(ldd "$binary" 2>/dev/null | grep 'not found' || true)
if [ -n "$missing" ]; then
    echo "install-renderer-host: $binary needs libraries this machine lacks:" >&2
    echo "$missing" >&2
    echo "  (libswift*: build with --static-swift-stdlib; others: run without --no-packages)" >&2
    exit 1
fi

install -d -m 0755 "$root/usr/local/bin" "$root/usr/local/share/dreamframe" "$root/etc/systemd/system"
install -d -m 0750 "$root/etc/dreamframe"
install -m 0755 "$binary" "$root/usr/local/bin/$stage"
install -m 0644 "$repo/Topology/definitions.json" "$root/usr/local/share/dreamframe/definitions.json"
install -m 0644 "$here/systemd/dreamframe@.service" "$root/etc/systemd/system/dreamframe@.service"
env_file="$root/etc/dreamframe/env"
if [ -e "$env_file" ]; then
    echo "install-renderer-host: keeping $env_file"
else
    install -m 0600 "$here/systemd/env.example" "$env_file"
    echo "install-renderer-host: wrote $env_file from ops/systemd/env.example: replace its UPPER_CASE placeholders"
fi
printf '# Written by ops/install-renderer-host.sh: this stage'"'"'s own settings (README "Monitoring").\nDREAMFRAME_METRICS_PORT=%s\n' \
    "$port" > "$root/etc/dreamframe/$stage.env.tmp"
chmod 0644 "$root/etc/dreamframe/$stage.env.tmp"
mv -f "$root/etc/dreamframe/$stage.env.tmp" "$root/etc/dreamframe/$stage.env"
echo "install-renderer-host: $stage installed (metrics on port $port: http://<this host>:$port/metrics, /healthz, /readyz)"

[ -z "$root" ] || exit 0
id dreamframe >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin dreamframe
if [ "$start" = 0 ]; then exit 0; fi
if grep -q 'PASSWORD\|broker.internal\|redis.internal' "$env_file"; then
    echo "install-renderer-host: $env_file still holds placeholders; fill it in, then: systemctl enable --now dreamframe@$stage"
    exit 0
fi
systemctl daemon-reload
systemctl enable --now "dreamframe@$stage"
echo "install-renderer-host: dreamframe@$stage enabled and started (journalctl -u dreamframe@$stage)"
