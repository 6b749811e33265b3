# Settings of the local RabbitMQ cluster (ops/cluster-up.sh, ops/cluster-down.sh); sourced by them. Every value can
# be overridden from the environment; the lists are space-separated, one entry per node, in the same order.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
DF_CLUSTER_STATE_DIR="${DF_CLUSTER_STATE_DIR:-$DF_ROOT/.dreamframe-cluster}"
DF_CLUSTER_NODES="${DF_CLUSTER_NODES:-dreamframe1@localhost dreamframe2@localhost dreamframe3@localhost}"
DF_CLUSTER_AMQP_PORTS="${DF_CLUSTER_AMQP_PORTS:-5681 5682 5683}"
DF_CLUSTER_DIST_PORTS="${DF_CLUSTER_DIST_PORTS:-25681 25682 25683}"
DF_CLUSTER_MGMT_PORTS="${DF_CLUSTER_MGMT_PORTS:-15681 15682 15683}"
DF_CLUSTER_PROM_PORTS="${DF_CLUSTER_PROM_PORTS:-15781 15782 15783}"
# One cookie for every node of the cluster (Erlang distribution refuses peers with another one).
DF_CLUSTER_COOKIE="${DF_CLUSTER_COOKIE:-DREAMFRAMELOCALCLUSTERCOOKIE}"
read -r -a df_cluster_nodes <<< "$DF_CLUSTER_NODES"
read -r -a df_cluster_amqp_ports <<< "$DF_CLUSTER_AMQP_PORTS"
read -r -a df_cluster_dist_ports <<< "$DF_CLUSTER_DIST_PORTS"
read -r -a df_cluster_mgmt_ports <<< "$DF_CLUSTER_MGMT_PORTS"
read -r -a df_cluster_prom_ports <<< "$DF_CLUSTER_PROM_PORTS"
DF_CLUSTER_SIZE=${#df_cluster_nodes[@]}
for list in df_cluster_amqp_ports df_cluster_dist_ports df_cluster_mgmt_ports df_cluster_prom_ports; do
    declare -n entries="$list"
    if [ "${#entries[@]}" != "$DF_CLUSTER_SIZE" ]; then
        echo "cluster: ${list#df_} names ${#entries[@]} ports for $DF_CLUSTER_SIZE nodes" >&2
        exit 64
    fi
done

# The ops/env.sh overrides that make node $1 (0-based) one of ops/services-up.sh's own nodes; run it in a subshell.
cluster_node_env() {
    export DF_STATE_DIR="$DF_CLUSTER_STATE_DIR/node$(($1 + 1))" DF_NODENAME="${df_cluster_nodes[$1]}"
    export DF_AMQP_PORT="${df_cluster_amqp_ports[$1]}" DF_AMQP_DIST_PORT="${df_cluster_dist_ports[$1]}"
    export DF_MGMT_PORT="${df_cluster_mgmt_ports[$1]}" DF_PROM_PORT="${df_cluster_prom_ports[$1]}"
    export DF_ERLANG_COOKIE="$DF_CLUSTER_COOKIE" ERL_CRASH_DUMP="$DF_CLUSTER_STATE_DIR/erl_crash.dump"
}

# rabbitmqctl (or another CLI tool, $1) against node $2 with its environment (cookie, distribution on loopback).
cluster_ctl() {
    local tool="$1" node="$2"
    shift 2
    (cluster_node_env "$node" && rabbit_env && "$tool" -n "${df_cluster_nodes[$node]}" "$@")
}

# The comma-separated broker URL list of the cluster, first node first.
cluster_broker_urls() {
    local urls=() port
    for port in "${df_cluster_amqp_ports[@]}"; do urls+=("amqp://guest:guest@127.0.0.1:$port/%2F"); done
    (IFS=,; echo "${urls[*]}")
}
