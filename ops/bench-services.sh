# Sourced by the pipeline benchmarks (bench-chain.sh, bench-paper.sh, bench-render-scaling.sh): a RabbitMQ node and
# Redis of the benchmark's own — every port free right now, a node name of its own, the state in "$work/services" —
# so nothing a benchmark queues lands on the shared services. The caller sets $root and $work first, then
# calls bench_services_up; bench_services_down stops only what bench_services_up started (its own state folder).
bench_services_up() {
    read -r p_amqp p_redis p_dist p_mgmt p_prom < <(python3 -c '
import socket
s = [socket.socket() for _ in range(5)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
    export DF_STATE_DIR="$work/services" DF_AMQP_PORT="$p_amqp" DF_REDIS_PORT="$p_redis" DF_AMQP_DIST_PORT="$p_dist"
    export DF_MGMT_PORT="$p_mgmt" DF_PROM_PORT="$p_prom" DF_NODENAME="dfbench$$@localhost"
    export DF_REDIS_PASSWORD="bench-$p_redis" DF_REDIS_ADMIN_PASSWORD="bench-admin-$p_redis" DF_AMQP_USER="" DF_AMQP_PASSWORD=""
    export DREAMFRAME_BROKER_URL="amqp://guest:guest@127.0.0.1:$p_amqp/%2F"
    export DREAMFRAME_REDIS_URL="redis://dreamframe:$DF_REDIS_PASSWORD@127.0.0.1:$p_redis/0"
    export DF_REDIS_ADMIN_URL="redis://default:$DF_REDIS_ADMIN_PASSWORD@127.0.0.1:$p_redis/0"
    export DREAMFRAME_MANAGEMENT_URL="http://127.0.0.1:$p_mgmt" REDISCLI_AUTH="$DF_REDIS_ADMIN_PASSWORD"
    export DREAMFRAME_TOPOLOGY="$root/Topology/definitions.json" DREAMFRAME_OUT="$work/out" DREAMFRAME_LOG_LEVEL=info
    unset DREAMFRAME_CONFIG
    source "$root/ops/env.sh"
    mkdir -p "$work/logs" "$work/out"
    echo "  services of its own: RabbitMQ 127.0.0.1:$p_amqp, Redis 127.0.0.1:$p_redis (state in $work)"
    "$root/ops/services-up.sh" > "$work/logs/services-up.log" 2>&1 \
        || { cat "$work/logs/services-up.log" >&2; return 1; }
    bench_services_started=1
}

bench_services_down() {
    # Only ever the services bench_services_up started (DF_STATE_DIR and the ports are its own, exported above).
    [ -n "${bench_services_started:-}" ] && [ "$DF_STATE_DIR" = "$work/services" ] \
        && "$root/ops/services-down.sh" --wipe >/dev/null 2>&1 || true
    bench_services_started=
}

# The CPU seconds (user + system) process $1 has used so far, "" once it is gone.
bench_cpu() {
    python3 -c 'import os, sys
try:
    f = open(f"/proc/{sys.argv[1]}/stat").read().rsplit(")", 1)[1].split()
    print((int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK"))
except Exception:
    print("")' "$1"
}

# The machine's load while a benchmark ran: 1-minute load average and the share of both cores busy since $1/$2
# (busy and total jiffies from bench_jiffies).
bench_jiffies() { awk '/^cpu / {t=0; for (i=2;i<=NF;i++) t+=$i; print t-$5-$6, t}' /proc/stat; }
