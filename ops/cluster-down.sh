#!/usr/bin/env bash
# Stops the nodes of the local RabbitMQ cluster (ops/cluster-up.sh); their data stays unless --wipe is given.
#   ops/cluster-down.sh [--wipe]
# A node that is already gone (stopped, killed) is skipped.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/cluster-env.sh"
wipe=""
for argument in "$@"; do
    case "$argument" in
        --wipe) wipe=1 ;;
        *) echo "cluster-down: unknown argument '$argument' (expected --wipe)" >&2; exit 64 ;;
    esac
done
# All at once (each stop takes seconds); ops/cluster-up.sh starts them all at once again, so no node waits for
# one that is not starting.
for i in "${!df_cluster_nodes[@]}"; do
    (cluster_node_env "$i" && "$DF_ROOT/ops/services-down.sh" rabbitmq) | sed "s/^services: rabbitmq/cluster: ${df_cluster_nodes[$i]}/" &
done
wait
if [ -n "$wipe" ]; then rm -rf "$DF_CLUSTER_STATE_DIR"; echo "cluster: state wiped"; fi
