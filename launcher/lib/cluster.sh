# shellcheck shell=bash
# The cluster topology (./chirp up --cluster): the same servers from the same artifacts as the single-node one, as a
# staging environment on this one machine. Every server is a node of a real cluster on 127.0.0.1, told apart by port:
#   cassandra-1..3       one ring, keyspaces at RF 3, services read and write at LOCAL_QUORUM
#   kafka-1..3           KRaft, each broker and controller (a static quorum of 3), topics RF 3, min.insync.replicas 2
#   elasticsearch-1..3   one cluster, three master-eligible nodes (one may be lost), indexes with a replica
#   redis-1..6           a Redis Cluster: 3 primaries (16384 slots in thirds), each with a replica
#   s3proxy              one, as in the single-node topology
# Facts and figures (memory, start time): launcher/README.md, "The cluster topology".
#
# The topology a CHIRP_HOME runs is written to run/topology by `up`; `down` and `status` read it, so that
# `./chirp down` stops whatever runs. The two share CHIRP_HOME (caches, the service credential), not data: the nodes
# have folders of their own (data/cassandra-1, ...).

CLUSTER_CASSANDRA_REPLICATION="{'class':'NetworkTopologyStrategy','datacenter1':3}"

# use_cluster_topology: replace the server table, and give every service the cluster's addresses.
use_cluster_topology() {
  CHIRP_TOPOLOGY=cluster
  CHIRP_SERVERS=(
    "kafka-1          9092 9093"
    "kafka-2          9094 9095"
    "kafka-3          9096 9097"
    "elasticsearch-1  9200 9300"
    "elasticsearch-2  9201 9301"
    "elasticsearch-3  9202 9302"
    "s3proxy          9000"
    "redis-1          6380 16380"
    "redis-2          6381 16381"
    "redis-3          6382 16382"
    "redis-4          6383 16383"
    "redis-5          6384 16384"
    "redis-6          6385 16385"
    # Last: a new node joins an existing ring (start_cassandra_node waits for the ones before it), so the other
    # servers start meanwhile.
    "cassandra-1      9042 7000 7199"
    "cassandra-2      9043 7010 7299"
    "cassandra-3      9044 7020 7399"
  )
  local -a env=(
    "SPRING_CASSANDRA_CONTACTPOINTS=$(cluster_endpoints cassandra)"
    "SPRING_CASSANDRA_REQUEST_CONSISTENCY=LOCAL_QUORUM"
    "SPRING_CASSANDRA_REQUEST_SERIALCONSISTENCY=LOCAL_SERIAL"
    "CHIRP_CASSANDRA_REPLICATION=$CLUSTER_CASSANDRA_REPLICATION"
    "SPRING_KAFKA_BOOTSTRAPSERVERS=$(cluster_endpoints kafka)"
    "CHIRP_KAFKA_TOPICS_REPLICAS=3"
    "SPRING_DATA_REDIS_CLUSTER_NODES=$(cluster_endpoints redis)"
    "CHIRP_SEARCH_ELASTICSEARCHURL=$(cluster_endpoints elasticsearch http://)"
    "CHIRP_SEARCH_INDEXREPLICAS=1"
  )
  # Two instances of every service: the second on port 9xxx (the gateway's on 8090, operations on 8190). Callers
  # get both addresses of a service: the gateway balances its routes over them, the services their sibling calls.
  local row name port extra second extra2
  local -a rows=()
  local -A at=()
  for row in "${CHIRP_SERVICES[@]}"; do
    read -r name port extra <<<"$row"
    if [[ $name == gateway-service ]]; then
      second=8090 extra2="${extra//MANAGEMENT_SERVER_PORT=8180/MANAGEMENT_SERVER_PORT=8190}"
    else
      second="9${port:1}" extra2="$extra"
    fi
    at[$name]="http://127.0.0.1:$port,http://127.0.0.1:$second"
    rows+=("$name $port $extra" "$name-2 $second $extra2")
  done
  env+=(
    "CHIRP_GATEWAY_SERVICES_USER=${at[user-service]}"
    "CHIRP_GATEWAY_SERVICES_TWEET=${at[tweet-service]}"
    "CHIRP_GATEWAY_SERVICES_TIMELINE=${at[timeline-service]}"
    "CHIRP_GATEWAY_SERVICES_SEARCH=${at[search-service]}"
    "CHIRP_GATEWAY_SERVICES_MEDIA=${at[media-service]}"
    "CHIRP_TIMELINE_TWEETSERVICE_BASEURL=${at[tweet-service]}"
    "CHIRP_SEARCH_TWEETSERVICEURL=${at[tweet-service]}"
    "CHIRP_SEARCH_USERSERVICEURL=${at[user-service]}"
    "CHIRP_TWEET_MEDIA_URL=${at[media-service]}"
    "CHIRP_MEDIA_BASE_URL=${at[media-service]}"
  )
  CHIRP_SERVICES=()
  for row in "${rows[@]}"; do
    CHIRP_SERVICES+=("$row ${env[*]}")
  done
}

# cluster_endpoints KIND [SCHEME]: host:port of every node of a kind, comma-separated (the clients' seed lists).
cluster_endpoints() {
  local kind="$1" scheme="${2:-}" row name port
  local -a out=()
  for row in "${CHIRP_SERVERS[@]}"; do
    read -r name port _ <<<"$row"
    [[ $name == "$kind"-* ]] && out+=("${scheme}127.0.0.1:$port")
  done
  (IFS=,; printf '%s' "${out[*]}")
}

# The topology this CHIRP_HOME runs now: what `up` wrote, "single" when nothing runs.
recorded_topology() {
  local file="$RUN_DIR/topology"
  if [[ -f $file ]] && anything_running; then cat "$file"; else printf 'single'; fi
}

anything_running() {
  local file
  for file in "$RUN_DIR"/*.pid; do
    [[ -f $file ]] && is_ours "$(head -n1 "$file")" && return 0
  done
  return 1
}

record_topology() { printf '%s\n' "$CHIRP_TOPOLOGY" >"$RUN_DIR/topology"; }

# Node number and kind of a server name: cassandra-2 -> 2, cassandra.
node_number() { printf '%s' "${1##*-}"; }
server_kind() {
  case "$1" in
    *-[0-9]) printf '%s' "${1%-*}" ;;
    *) printf '%s' "$1" ;;
  esac
}

# set_setting FILE SEPARATOR KEY VALUE: replace the line "KEY<SEPARATOR>..." of a rendered configuration, or append.
set_setting() {
  local file="$1" sep="$2" key="$3" value="$4"
  if grep -q "^${key}${sep}" "$file"; then
    local escaped="${value//\\/\\\\}"
    escaped="${escaped//|/\\|}"
    escaped="${escaped//&/\\&}"
    sed -i "s|^${key}${sep}.*|${key}${sep}${escaped}|" "$file"
  else
    printf '%s%s%s\n' "$key" "$sep" "$value" >>"$file"
  fi
}

cluster_port() { server_ports "$1" | cut -d' ' -f"${2:-1}"; }

# ---- Cassandra ----------------------------------------------------------------------------------------------------
# Nodes share 127.0.0.1 and differ by port (Cassandra 4.0 and later name a node by address and port). A node first
# gossips with the seed (cassandra-1) and gives up at once when it does not answer (the short ring delay of
# jvm.options), so the others start once the seed is ready; a node whose data folder is new joins the ring, which
# only one may do at a time, so it also waits for every node before it.
start_cassandra_node() {
  local name="$1" n before last new=0 attempt
  n="$(node_number "$name")"
  [[ -d $(server_data "$name")/data ]] || new=1
  if ((n > 1)); then
    last=$((n - 1))
    ((new)) || last=1
    for ((before = 1; before <= last; before++)); do
      log "$name starts once cassandra-$before is ready"
      wait_ready server_ready "$CHIRP_SERVER_TIMEOUT" "cassandra-$before" || die "cassandra-$before is not ready"
    done
  fi
  for attempt in 1 2 3; do
    cassandra_spawn "$name" "$(cluster_port "$name" 1)" "$(cluster_port "$name" 2)" "$(cluster_port "$name" 3)" \
      "127.0.0.1:$(cluster_port cassandra-1 2)"
    ((n > 1)) || return 0
    cassandra_node_lost_the_seed "$name" || return 0
    ((attempt < 3)) || return 0
    # The short ring delay makes a joining node give up as soon as its gossip with the seed lags, which a machine
    # busy starting fifteen other servers sometimes makes it do (CI, once: "Unable to contact any seeds"). It exits
    # at once; it is started again, from an empty folder when it was new (a half-done bootstrap is not resumed).
    log "$name gave up on the seed (Unable to contact any seeds); starting it again (attempt $((attempt + 1)) of 3)"
    rm -f "$(pid_file "$name")"
    ((new)) && rm -rf "$(server_data "$name")"
  done
}

# Waits until the node is ready or has exited; true when it exited because it could not reach the seed.
cassandra_node_lost_the_seed() {
  local name="$1" start=$SECONDS
  while ((SECONDS - start < CHIRP_SERVER_TIMEOUT)); do
    ready_cassandra_node "$name" && return 1
    if ! is_running "$name"; then
      grep -q 'Unable to contact any seeds' "$LOG_DIR/$name.log" 2>/dev/null
      return
    fi
    sleep 1
  done
  return 1
}

ready_cassandra_node() {
  grep -q 'Starting listening for CQL clients' "$LOG_DIR/$1.log" 2>/dev/null && cql_ping "$(cluster_port "$1" 1)"
}

# ---- Kafka --------------------------------------------------------------------------------------------------------
start_kafka_node() {
  local name="$1" n voters="" other
  n="$(node_number "$name")"
  for other in kafka-1 kafka-2 kafka-3; do
    voters+="${voters:+,}$(node_number "$other")@127.0.0.1:$(cluster_port "$other" 2)"
  done
  kafka_spawn "$name" "$n" "$(cluster_port "$name" 1)" "$(cluster_port "$name" 2)" "$voters"
}

ready_kafka_node() {
  grep -q 'Kafka Server started' "$LOG_DIR/$1.log" 2>/dev/null && port_open "$(cluster_port "$1" 1)"
}

# ---- Elasticsearch ------------------------------------------------------------------------------------------------
start_elasticsearch_node() {
  local name="$1" seeds="" masters="" other
  for other in elasticsearch-1 elasticsearch-2 elasticsearch-3; do
    seeds+="${seeds:+, }\"127.0.0.1:$(cluster_port "$other" 2)\""
    masters+="${masters:+, }chirp-local-$(node_number "$other")"
  done
  elasticsearch_spawn "$name" "chirp-local-$(node_number "$name")" "$(cluster_port "$name" 1)" \
    "$(cluster_port "$name" 2)" "[$seeds]" "[$masters]"
}

ready_elasticsearch_node() {
  record_pids_elasticsearch "$1"
  curl -fsS -m 3 "http://127.0.0.1:$(cluster_port "$1" 1)/_cluster/health" 2>/dev/null |
    grep -Eq '"status":"(green|yellow)"'
}

# ---- Redis Cluster ------------------------------------------------------------------------------------------------
start_redis_node() {
  local name="$1" data conf bin port
  data="$(server_data "$name")" conf="$CONF_DIR/$name" port="$(cluster_port "$name" 1)"
  mkdir -p "$data"
  bin="$(redis_binary)"
  render "$LAUNCHER_DIR/servers/redis/redis.conf.in" "$conf/redis.conf" "DATA=$data"
  set_setting "$conf/redis.conf" ' ' port "$port"
  # nodes.conf (in the data folder) keeps the node's ID and the slot map across restarts.
  set_setting "$conf/redis.conf" ' ' cluster-enabled yes
  set_setting "$conf/redis.conf" ' ' cluster-config-file nodes.conf
  # A primary unreachable for 5 s is failed over to its replica. Not less: at 2 s, a node starved of CPU on this 2-core
  # machine (a Cassandra restart under load) was failed over while alive. Meanwhile only its own slots refuse
  # commands, not the whole cluster (full coverage not required: Redis is a cache).
  set_setting "$conf/redis.conf" ' ' cluster-node-timeout 5000
  set_setting "$conf/redis.conf" ' ' cluster-require-full-coverage no
  spawn "$name" "$data" "$bin" "$conf/redis.conf"
}

ready_redis_node() { [[ $(redis_call "$(cluster_port "$1" 1)" PING) == PONG ]]; }

# redis_call PORT ARG...: one command in RESP, the reply's text (simple, integer or bulk; errors too).
redis_call() {
  # shellcheck disable=SC2016 # the script is for the inner bash
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    shift
    { printf "*%d\r\n" "$#"; for a in "$@"; do printf "\$%d\r\n%s\r\n" "${#a}" "$a"; done; } >&3
    IFS= read -r line <&3
    line=${line%$'"'"'\r'"'"'}
    case $line in
      \$-1) ;;
      \$*) IFS= read -r -N "$((${line#\$} + 2))" body <&3; printf "%s" "${body%$'"'"'\r\n'"'"'}" ;;
      *) printf "%s" "${line:1}" ;;
    esac
  ' redis_call "$@" 2>/dev/null
}

# Once all six nodes answer: unless they already form the cluster (nodes.conf survives restarts), give each primary
# a third of the slots, introduce every node to the first, make 4, 5, 6 the replicas of 1, 2, 3, and wait until
# every node reports cluster_state:ok.
form_redis_cluster() {
  local first port n i
  first="$(cluster_port redis-1 1)"
  if redis_cluster_ok; then return 0; fi
  log "forming the Redis Cluster (3 primaries with a replica each)"
  local -a ranges=("0 5460" "5461 10922" "10923 16383")
  for n in 1 2 3; do
    port="$(cluster_port "redis-$n" 1)"
    # shellcheck disable=SC2046 # the slot numbers are one word each
    redis_call "$port" CLUSTER ADDSLOTS $(seq ${ranges[n - 1]}) >/dev/null
  done
  for n in 2 3 4 5 6; do
    redis_call "$(cluster_port "redis-$n" 1)" CLUSTER MEET 127.0.0.1 "$first" >/dev/null
  done
  for ((i = 0; i < 60; i++)); do
    redis_all_know_six && break
    sleep 0.5
  done
  redis_all_know_six || die "the Redis nodes did not meet within 30 s (CLUSTER NODES on port $first)"
  for n in 4 5 6; do
    local primary_id
    primary_id="$(redis_call "$(cluster_port "redis-$((n - 3))" 1)" CLUSTER MYID)"
    redis_call "$(cluster_port "redis-$n" 1)" CLUSTER REPLICATE "$primary_id" | grep -q '^OK' ||
      die "redis-$n could not become the replica of redis-$((n - 3))"
  done
  for ((i = 0; i < 60; i++)); do
    redis_cluster_ok && break
    sleep 0.5
  done
  redis_cluster_ok || die "the Redis Cluster did not reach cluster_state:ok within 30 s"
  log "Redis Cluster formed: slots 0-5460 on redis-1, 5461-10922 on redis-2, 10923-16383 on redis-3"
}

redis_all_know_six() {
  local n
  for n in 1 2 3 4 5 6; do
    [[ $(redis_call "$(cluster_port "redis-$n" 1)" CLUSTER NODES | grep -c .) == 6 ]] || return 1
  done
}

redis_cluster_ok() {
  local n info
  for n in 1 2 3 4 5 6; do
    info="$(redis_call "$(cluster_port "redis-$n" 1)" CLUSTER INFO)"
    [[ $info == *cluster_state:ok* && $info == *cluster_known_nodes:6* ]] || return 1
  done
}

# ---- Hooks for the generic server code ----------------------------------------------------------------------------
# start_<name> / ready_<name> for every node, e.g. start_cassandra-2 -> start_cassandra_node cassandra-2.
define_cluster_server_functions() {
  local name kind
  for name in $(server_names); do
    kind="$(server_kind "$name")"
    [[ $kind == "$name" ]] && continue
    eval "start_$name() { start_${kind}_node $name; }"
    eval "ready_$name() { ready_${kind}_node $name; }"
  done
}

# After every node answers: the Redis nodes become one cluster (the services need it before they start).
cluster_servers_formed() {
  [[ ${CHIRP_TOPOLOGY:-single} == cluster ]] || return 0
  form_redis_cluster
}
