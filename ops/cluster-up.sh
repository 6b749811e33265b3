#!/usr/bin/env bash
# Starts a three-node RabbitMQ cluster on loopback, joins the nodes into one cluster, then applies the topology —
# only once the cluster has formed, so every quorum queue (work, delay and dead-letter queues alike) has a replica
# on every node and survives the loss of any one — and prints the broker URL list the clients take.
# Idempotent: running nodes are left alone, a node that is not yet a member joins, a queue missing a replica gets it.
#   ops/cluster-up.sh
# Each node is an ops/services-up.sh node (ops/env.sh overrides per node); names, ports and the state folder come
# from ops/cluster-env.sh and can be overridden from the environment. Redis is not part of it (ops/services-up.sh redis).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/cluster-env.sh"
mkdir -p "$DF_CLUSTER_STATE_DIR"
seed="${df_cluster_nodes[0]}"

# All nodes at once: a node restarted after the whole cluster stopped waits for its peers before it boots.
pids=()
for i in "${!df_cluster_nodes[@]}"; do
    (cluster_node_env "$i" && DF_IMPORT_TOPOLOGY=0 "$DF_ROOT/ops/services-up.sh" rabbitmq \
        > "$DF_CLUSTER_STATE_DIR/node$((i + 1)).up.log" 2>&1) &
    pids+=($!)
done
failed=""
for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
        echo "cluster: node ${df_cluster_nodes[$i]} did not start:" >&2
        cat "$DF_CLUSTER_STATE_DIR/node$((i + 1)).up.log" >&2
        failed=1
    fi
done
[ -z "$failed" ] || exit 1

# The disk nodes node $1 counts as members of its cluster.
members() {
    cluster_ctl rabbitmqctl "$1" -q cluster_status --formatter json \
        | python3 -c 'import json, sys; print(" ".join(json.load(sys.stdin).get("disk_nodes", [])))'
}

for i in "${!df_cluster_nodes[@]}"; do
    [ "$i" = 0 ] && continue
    node="${df_cluster_nodes[$i]}"
    if [[ " $(members "$i") " == *" $seed "* ]]; then
        echo "cluster: $node already in the cluster"
        continue
    fi
    # join_cluster needs a blank node: whatever the node held on its own goes.
    for step in stop_app reset "join_cluster $seed" start_app; do
        # shellcheck disable=SC2086 # the step is a command and its argument
        if ! output=$(cluster_ctl rabbitmqctl "$i" -q $step 2>&1); then
            echo "cluster: $node: rabbitmqctl $step failed:" >&2
            echo "$output" >&2
            exit 1
        fi
    done
    echo "cluster: $node joined $seed"
done
cluster_ctl rabbitmqctl 0 -q await_online_nodes "$DF_CLUSTER_SIZE" --timeout 60 >/dev/null

# The topology, declared now that every node runs: RabbitMQ 3.10 places a new quorum queue's replicas on up to
# quorum_cluster_size (3) running nodes, so on three nodes each queue has all three.
cluster_ctl rabbitmqctl 0 -q import_definitions "$DF_ROOT/Topology/definitions.json" >/dev/null
# The quorum queues without a replica on every node (declared before a node joined: an older cluster, a wiped node).
short_queues() {
    cluster_ctl rabbitmqctl 0 -q list_queues name type members --formatter json | python3 -c '
import json, sys
size = int(sys.argv[1])
print(" ".join(q["name"] for q in json.load(sys.stdin) if q["type"] == "quorum" and len(q["members"]) < size))
' "$DF_CLUSTER_SIZE"
}
if [ -n "$(short_queues)" ]; then
    for i in "${!df_cluster_nodes[@]}"; do
        cluster_ctl rabbitmq-queues 0 -q grow "${df_cluster_nodes[$i]}" all >/dev/null
    done
    short=$(short_queues)
    if [ -n "$short" ]; then
        echo "cluster: quorum queues without a replica on every node: $short" >&2
        exit 1
    fi
    echo "cluster: quorum queues grown to every node"
fi
echo "cluster: ${df_cluster_nodes[*]} up, topology imported from Topology/definitions.json, every quorum queue on all $DF_CLUSTER_SIZE nodes"
echo "export DREAMFRAME_BROKER_URL=$(cluster_broker_urls)"
