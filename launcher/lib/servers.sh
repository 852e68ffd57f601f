# shellcheck shell=bash
# The five servers: how each is configured, started and checked. Ports and the list of servers are in the table
# at the top of ./chirp (CHIRP_SERVERS). Facts behind every flag: launcher/README.md, "Facts about the servers".
#
# Each server NAME has:
#   start_NAME   write its configuration into conf/NAME and spawn it (see spawn in common.sh)
#   ready_NAME   exit 0 when it answers real requests (used for readiness and for ./chirp status)

# Persistent data folder of a server. s3proxy's folder is named after what it stores: each sub-folder is a bucket.
server_data() {
  case "$1" in
    s3proxy) printf '%s/s3' "$DATA_DIR" ;;
    *) printf '%s/%s' "$DATA_DIR" "$1" ;;
  esac
}

classpath() { cat "$CACHE_DIR/$1.classpath"; }

# ---- Cassandra 5.0.9 ------------------------------------------------------------------------------------------------
start_cassandra() { cassandra_spawn cassandra 9042 7000 7199 127.0.0.1:7000; }

# cassandra_spawn NAME NATIVE_PORT STORAGE_PORT JMX_PORT SEEDS: one node on 127.0.0.1 (the cluster topology runs three,
# told apart by port: launcher/lib/cluster.sh).
cassandra_spawn() {
  local name="$1" native="$2" storage="$3" jmx="$4" seeds="$5"
  local data conf tmp heap="${CHIRP_CASSANDRA_HEAP:-1g}"
  data="$(server_data "$name")" conf="$CONF_DIR/$name" tmp="$TMP_DIR/$name"
  mkdir -p "$data" "$tmp"
  render "$LAUNCHER_DIR/servers/cassandra/cassandra.yaml.in" "$conf/cassandra.yaml" "DATA=$data"
  if [[ $name != cassandra ]]; then
    set_setting "$conf/cassandra.yaml" ': ' native_transport_port "$native"
    set_setting "$conf/cassandra.yaml" ': ' storage_port "$storage"
    sed -i "s|- seeds: .*|- seeds: \"$seeds\"|" "$conf/cassandra.yaml"
  fi
  cp "$LAUNCHER_DIR/servers/cassandra/logback.xml" "$conf/logback.xml"
  local -a cmd=(
    "$JAVA" "@$LAUNCHER_DIR/servers/cassandra/jvm.options"
    "-Xms$heap" "-Xmx$heap"
    "-Dcassandra.config=file://$conf/cassandra.yaml"
    "-Dcassandra.storagedir=$data"
    "-Dcassandra.logdir=$LOG_DIR"
    "-Dlogback.configurationFile=$conf/logback.xml"
    # JMX for ./chirp nodetool (backups), bound to 127.0.0.1 only; no remote JMX.
    "-Dcassandra.jmx.local.port=$jmx"
    # Native libraries (JNA, Chronicle) unpack into the temp folder: keep them inside CHIRP_HOME, not /tmp.
    "-Djava.io.tmpdir=$tmp" "-Djna.tmpdir=$tmp"
    -cp "$conf:$(classpath cassandra)"
    org.apache.cassandra.service.CassandraDaemon
  )
  if is_root; then
    # As root, Cassandra mlockall()s its whole heap (1.5 GB RSS, slower start). Without CAP_IPC_LOCK it just skips it.
    cmd=(setpriv --bounding-set=-ipc_lock -- "${cmd[@]}")
  fi
  spawn "$name" "$data" "${cmd[@]}"
}

ready_cassandra() {
  grep -q 'Starting listening for CQL clients' "$LOG_DIR/cassandra.log" 2>/dev/null && cql_ping
}

# A real CQL round trip, SELECT release_version FROM system.local, with the DataStax Java driver that Cassandra's own
# classpath carries: launcher/servers/cassandra/CqlPing.java, compiled into the cache once (again when it changes).
# cql_ping [PORT] (default 9042). Bounded: the probe's connect and read timeouts are 2 s and 3 s, the whole run 10 s.
cql_ping() {
  local port="${1:-9042}"
  [[ -n ${JAVA:-} ]] || find_java17
  cql_tools_compile || return 1
  timeout 10 "$JAVA" -XX:TieredStopAtLevel=1 -Xss512k "-Djava.io.tmpdir=$TMP_DIR" \
    -cp "$CACHE_DIR/cqltools:$(classpath cassandra)" CqlPing 127.0.0.1 "$port" >/dev/null 2>&1
}

# ./chirp cql: CQL statements against the local node (launcher/servers/cassandra/CqlShell.java, the part of cqlsh
# that deploy/backup/cassandra.sh uses; this machine has no cqlsh).
cql_script() {
  cql_tools_compile || return 1
  "$JAVA" -XX:TieredStopAtLevel=1 -Xss512k "-Djava.io.tmpdir=$TMP_DIR" \
    -cp "$CACHE_DIR/cqltools:$(classpath cassandra)" CqlShell -h 127.0.0.1 -p 9042 "$@"
}

# ./chirp nodetool: Cassandra's own nodetool (org.apache.cassandra.tools.NodeTool, in cassandra-all) over JMX, which
# the local node serves on 127.0.0.1:7199 only (-Dcassandra.jmx.local.port in start_cassandra).
# It needs the server's --add-opens (jvm.options) and writes its history under user.home: kept inside CHIRP_HOME.
nodetool_local() {
  "$JAVA" "@$LAUNCHER_DIR/servers/cassandra/jvm.options" -XX:TieredStopAtLevel=1 "-Djava.io.tmpdir=$TMP_DIR" \
    "-Duser.home=$TMP_DIR" "-Dlogback.configurationFile=$LAUNCHER_DIR/servers/cassandra/logback.xml" \
    "-Dcassandra.logdir=$LOG_DIR" \
    -cp "$(classpath cassandra)" org.apache.cassandra.tools.NodeTool -h 127.0.0.1 -p 7199 "$@"
}

# Compile CqlPing.java and CqlShell.java into cache/cqltools unless the classes there were built from the same
# sources. The JDK's javac, against Cassandra's classpath; written to a temporary folder and renamed, so a concurrent
# ./chirp status is safe.
cql_tools_compile() {
  local dir="$LAUNCHER_DIR/servers/cassandra" out="$CACHE_DIR/cqltools" sum tmp
  sum="$(cat "$dir/CqlPing.java" "$dir/CqlShell.java" | sha256sum | cut -d' ' -f1)"
  [[ -f $out/CqlShell.class && $(cat "$out/source.sha256" 2>/dev/null) == "$sum" ]] && return 0
  mkdir -p "$CACHE_DIR"
  tmp="$(mktemp -d "$CACHE_DIR/cqltools.XXXXXX")"
  if ! "$JAVA17_HOME/bin/javac" -nowarn -d "$tmp" -cp "$(classpath cassandra)" "$dir/CqlPing.java" "$dir/CqlShell.java" \
    >"$tmp/javac.log" 2>&1; then
    warn "cannot compile $dir/Cql*.java (see $tmp/javac.log; is $JAVA17_HOME a full JDK with javac?)"
    return 1
  fi
  rm -f "$tmp/javac.log"
  printf '%s\n' "$sum" >"$tmp/source.sha256"
  rm -rf "$out"
  mv -T "$tmp" "$out" 2>/dev/null || rm -rf "$tmp"
}

# ---- Kafka 4.3.1 (KRaft) ------------------------------------------------------------------------------------------
start_kafka() { kafka_spawn kafka 1 9092 9093 ""; }

# kafka_spawn NAME NODE_ID PORT CONTROLLER_PORT VOTERS: one broker+controller. VOTERS empty: a quorum of itself
# (formatted --standalone); else a static quorum "1@host:port,2@..." of the cluster topology (launcher/lib/cluster.sh),
# whose brokers format their storage with one cluster id and replicate topics three times.
kafka_spawn() {
  local name="$1" node="$2" port="$3" controller="$4" voters="$5"
  local data conf tmp cp
  data="$(server_data "$name")" conf="$CONF_DIR/$name" tmp="$TMP_DIR/$name"
  cp="$(classpath kafka)"
  mkdir -p "$data" "$tmp"
  render "$LAUNCHER_DIR/servers/kafka/server.properties.in" "$conf/server.properties" "DATA=$data"
  local -a format=(--standalone)
  if [[ -n $voters ]]; then
    local file="$conf/server.properties"
    set_setting "$file" = node.id "$node"
    sed -i '/^controller.quorum.bootstrap.servers=/d' "$file"
    set_setting "$file" = controller.quorum.voters "$voters"
    set_setting "$file" = listeners "PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller"
    set_setting "$file" = advertised.listeners "PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller"
    local key
    for key in default.replication.factor offsets.topic.replication.factor transaction.state.log.replication.factor \
      share.coordinator.state.topic.replication.factor; do
      set_setting "$file" = "$key" 3
    done
    for key in min.insync.replicas transaction.state.log.min.isr share.coordinator.state.topic.min.isr; do
      set_setting "$file" = "$key" 2
    done
    format=()
  fi
  local -a java=("$JAVA" "-Djava.io.tmpdir=$tmp"
    "-Dlog4j2.configurationFile=$LAUNCHER_DIR/servers/kafka/log4j2.properties" -cp "$cp")
  # KRaft storage is formatted once, with a fresh cluster id (shared by the brokers of a cluster); a formatted log dir
  # has meta.properties.
  if [[ ! -f $data/logs/meta.properties ]]; then
    local cluster_id
    cluster_id="$(kafka_cluster_id)"
    "${java[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$conf/server.properties" "${format[@]}" \
      >"$LOG_DIR/$name-format.log" 2>&1 || die "formatting Kafka storage failed: see $LOG_DIR/$name-format.log"
  fi
  spawn "$name" "$data" "${java[0]}" -Xms512m -Xmx512m \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true "${java[@]:1}" kafka.Kafka "$conf/server.properties"
}

# What "kafka-storage.sh random-uuid" prints (16 random bytes, URL-safe base64 without padding, not starting with
# '-'), without starting a JVM for it.
kafka_cluster_id() {
  local shared="$DATA_DIR/kafka-cluster-id" id="-"
  # The brokers of the cluster topology share one id, kept until their data goes.
  if [[ ${CHIRP_TOPOLOGY:-single} == cluster && -s $shared ]]; then
    cat "$shared"
    return 0
  fi
  while [[ $id == -* ]]; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  [[ ${CHIRP_TOPOLOGY:-single} == cluster ]] && printf '%s' "$id" >"$shared"
  printf '%s' "$id"
}

ready_kafka() {
  grep -q 'Kafka Server started' "$LOG_DIR/kafka.log" 2>/dev/null && port_open 9092
}

# ---- Elasticsearch 8.19.21 ------------------------------------------------------------------------------------------
# It refuses to run as root: as root we run it as CHIRP_ES_USER (default nobody) with its folders owned by that user.
start_elasticsearch() { elasticsearch_spawn elasticsearch chirp-local-1 9200 9300 "" ""; }

# elasticsearch_spawn NAME NODE_NAME HTTP_PORT TRANSPORT_PORT SEED_HOSTS INITIAL_MASTERS: one node. SEED_HOSTS empty: a
# single-node cluster; else a node of the cluster topology (launcher/lib/cluster.sh), which names the first masters
# only while its data folder is new (Elasticsearch's rule: bootstrap once).
elasticsearch_spawn() {
  local name="$1" node="$2" http="$3" transport="$4" seeds="$5" masters="$6"
  local home data conf tmp logs
  home="$(es_home)" || die "Elasticsearch is not unpacked in $CACHE_DIR/elasticsearch"
  data="$(server_data "$name")" tmp="$TMP_DIR/$name" logs="$LOG_DIR/$name"
  # Its config folder is data, not generated config: Elasticsearch keeps its keystore there.
  conf="$data/config"
  local fresh=0
  [[ -d $data/data/_state ]] || fresh=1
  mkdir -p "$data/data" "$tmp" "$logs"
  if [[ ! -f $conf/log4j2.properties ]]; then
    mkdir -p "$conf"
    cp -R "$home/config/." "$conf/"
  fi
  # Rewritten at every start; security is off from the very first start (see the template).
  render "$LAUNCHER_DIR/servers/elasticsearch/elasticsearch.yml.in" "$conf/elasticsearch.yml" \
    "DATA=$data" "LOGS=$logs"
  if [[ -n $seeds ]]; then
    local file="$conf/elasticsearch.yml"
    set_setting "$file" ': ' node.name "$node"
    set_setting "$file" ': ' http.port "$http"
    set_setting "$file" ': ' transport.port "$transport"
    sed -i '/^discovery.type:/d' "$file"
    set_setting "$file" ': ' discovery.seed_hosts "$seeds"
    ((fresh)) && set_setting "$file" ': ' cluster.initial_master_nodes "$masters"
  fi
  mkdir -p "$conf/jvm.options.d"
  cp "$LAUNCHER_DIR/servers/elasticsearch/jvm.options" "$conf/jvm.options.d/chirp.options"
  rm -f "$data/es.pid"
  local -a cmd=(env
    "ES_JAVA_HOME=$JAVA17_HOME" "ES_PATH_CONF=$conf" "ES_TMPDIR=$tmp" "ES_JAVA_OPTS="
    "CLI_JAVA_OPTS=-Djava.io.tmpdir=$tmp" "HOME=$data"
    "$home/bin/elasticsearch" -p "$data/es.pid")
  if is_root; then
    local user="${CHIRP_ES_USER:-nobody}" uid gid
    uid="$(id -u "$user")" gid="$(id -g "$user")"
    chown -R "$uid:$gid" "$data" "$tmp" "$logs"
    # setpriv execs in place (runuser would fork and stay as a parent), so the PID we record is the ES launcher.
    cmd=(setpriv "--reuid=$uid" "--regid=$gid" --clear-groups -- "${cmd[@]}")
  fi
  # Working folder = its log folder: the JVM writes gc.log and crash files relative to it.
  spawn "$name" "$logs" "${cmd[@]}"
}

ready_elasticsearch() {
  record_pids_elasticsearch
  # GET / answers 405 on this build; cluster health is the real check.
  curl -fsS -m 3 'http://127.0.0.1:9200/_cluster/health' 2>/dev/null | grep -Eq '"status":"(green|yellow)"'
}

record_pids_elasticsearch() {
  local name="${1:-elasticsearch}"
  # bin/elasticsearch is a small launcher JVM that starts the real server JVM as its child, which writes its PID to
  # es.pid. Our pid file becomes "server, launcher": status reports the server; stop signals the launcher, which
  # shuts the server down cleanly (a SIGTERM straight to the server works too, but the launcher then reports a crash).
  local data pid
  data="$(server_data "$name")"
  if [[ -f $data/es.pid ]]; then
    pid="$(tr -dc '0-9' <"$data/es.pid")"
    if [[ -n $pid && $(main_pid "$name") != "$pid" ]] && is_ours "$pid"; then
      printf '%s\n%s\n' "$pid" "$(main_pid "$name")" >"$(pid_file "$name")"
    fi
  fi
  return 0
}

# ---- S3 (s3proxy 4.1.0) -------------------------------------------------------------------------------------------
start_s3proxy() {
  local data conf tmp
  data="$(server_data s3proxy)" conf="$CONF_DIR/s3proxy" tmp="$TMP_DIR/s3proxy"
  mkdir -p "$data" "$tmp"
  render "$LAUNCHER_DIR/servers/s3proxy/s3proxy.conf.in" "$conf/s3proxy.conf" "DATA=$data"
  # Working folder = conf, not data: every folder in the data folder is a bucket.
  spawn s3proxy "$conf" "$JAVA" -Xmx128m "-Djava.io.tmpdir=$tmp" \
    -jar "$(classpath s3proxy)" --properties "$conf/s3proxy.conf"
}

ready_s3proxy() {
  # Any HTTP answer counts (anonymous GET / is 403): the listener is up and S3 handlers are in place.
  [[ $(curl -s -o /dev/null -m 3 -w '%{http_code}' 'http://127.0.0.1:9000/' 2>/dev/null) != 000 ]]
}

# ---- Redis --------------------------------------------------------------------------------------------------------
# Preference: redis-server on PATH; else (as root) Debian's package; else the binary inside the Maven jar
# com.github.codemonstur:embedded-redis (Redis 6.2), unpacked into the cache.
# CHIRP_REDIS_FROM_MAVEN=1 forces the fallback (to test it, or where the installed Redis is unsuitable).
redis_needs_fallback() {
  [[ ${CHIRP_REDIS_FROM_MAVEN:-0} != 0 ]] || ! command -v redis-server >/dev/null 2>&1
}

ensure_redis_installed() {
  redis_needs_fallback || return 0
  [[ ${CHIRP_REDIS_FROM_MAVEN:-0} != 0 ]] && return 0
  if is_root && command -v apt-get >/dev/null 2>&1 && [[ -z ${CHIRP_NO_APT:-} ]]; then
    log "installing redis-server with apt-get (one time; set CHIRP_NO_APT=1 to use the Maven fallback instead)"
    if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server; } \
      >"$LOG_DIR/redis-apt.log" 2>&1; then
      warn "apt-get install redis-server failed (see $LOG_DIR/redis-apt.log); using the Redis from Maven"
      return 0
    fi
    disable_system_redis
  fi
}

# The Debian package may start and enable a system redis on 6379 (it does not where policy-rc.d forbids it, as
# in containers). That one is not ours and would hold our port: stop it and keep it from coming back at boot.
disable_system_redis() {
  sleep 1
  port_listening 6379 || return 0
  local pid
  for pid in $(port_pids 6379); do
    is_ours "$pid" && return 0
  done
  log "the redis-server package started a system Redis on 6379; stopping and disabling it so ./chirp owns the port"
  if [[ -d /run/systemd/system ]]; then
    systemctl disable --now redis-server >/dev/null 2>&1 || true
  else
    service redis-server stop >/dev/null 2>&1 || true
    update-rc.d redis-server disable >/dev/null 2>&1 || true
  fi
}

redis_binary() {
  if ! redis_needs_fallback; then
    command -v redis-server
    return 0
  fi
  local arch jar bin="$CACHE_DIR/redis/redis-server"
  case "$(uname -m)" in
    x86_64) arch=linux-amd64 ;;
    aarch64) arch=linux-arm64 ;;
    *) die "no redis-server on PATH and the Maven fallback has no binary for $(uname -m)" ;;
  esac
  jar="$(classpath redis)"
  if [[ ! -x $bin || $jar -nt $bin ]]; then
    local entry
    entry="$(unzip -Z1 "$jar" | grep -E "^redis-server-.*-$arch\$" | head -n1)" ||
      die "no $arch Redis binary inside $jar"
    mkdir -p "$(dirname "$bin")"
    unzip -p "$jar" "$entry" >"$bin.tmp" && chmod +x "$bin.tmp" && mv "$bin.tmp" "$bin"
  fi
  printf '%s' "$bin"
}

start_redis() {
  local data conf bin
  data="$(server_data redis)" conf="$CONF_DIR/redis"
  mkdir -p "$data"
  bin="$(redis_binary)"
  render "$LAUNCHER_DIR/servers/redis/redis.conf.in" "$conf/redis.conf" "DATA=$data"
  spawn redis "$data" "$bin" "$conf/redis.conf"
}

ready_redis() { redis_ping; }

redis_ping() {
  # shellcheck disable=SC2016 # the script is for the inner bash
  timeout 3 bash -c '
    exec 3<>/dev/tcp/127.0.0.1/6379
    printf "PING\r\n" >&3
    IFS= read -r reply <&3
    [[ $reply == +PONG* ]]
  ' 2>/dev/null
}

# ---- All servers --------------------------------------------------------------------------------------------------
server_names() {
  local row
  for row in "${CHIRP_SERVERS[@]}"; do
    read -r name _ <<<"$row"
    printf '%s\n' "$name"
  done
}

server_ports() {
  local row name ports
  for row in "${CHIRP_SERVERS[@]}"; do
    read -r name ports <<<"$row"
    [[ $name == "$1" ]] && printf '%s' "$ports" && return 0
  done
  return 1
}

# servers_up: start every server that is not running yet, wait until all are ready.
# Sets STARTED_SERVERS to the names this call started (./chirp test stops exactly those again).
STARTED_SERVERS=()
servers_up() {
  local name
  local -a todo=()
  for name in $(server_names); do
    if is_running "$name"; then
      log "$name is already running (pid $(main_pid "$name"))"
    else
      rm -f "$(pid_file "$name")"
      # shellcheck disable=SC2046 # the ports are a list of words
      require_ports_free "$name" $(server_ports "$name")
      todo+=("$name")
    fi
  done
  if ((${#todo[@]} == 0)); then
    # shellcheck disable=SC2046 # one word per server
    wait_ready server_ready "$CHIRP_SERVER_TIMEOUT" $(server_names) || die "a running server is not healthy; see above"
    cluster_servers_formed
    return 0
  fi
  check_disk
  ensure_redis_installed
  # shellcheck disable=SC2046 # one word per kind of server
  fetch_servers $(for name in "${todo[@]}"; do server_kind "$name"; printf '\n'; done | sort -u)
  local start=$SECONDS
  for name in "${todo[@]}"; do
    log "starting $name"
    "start_$name"
    STARTED_SERVERS+=("$name")
  done
  if ! wait_ready server_ready "$CHIRP_SERVER_TIMEOUT" "${todo[@]}"; then
    log "stopping the servers this command started"
    servers_down_list "${STARTED_SERVERS[@]}"
    STARTED_SERVERS=()
    exit 1
  fi
  cluster_servers_formed
  log "servers ready in $((SECONDS - start))s"
}

server_ready() { "ready_$1"; }

servers_down_list() { stop_all "$@"; }

servers_down() {
  # shellcheck disable=SC2046
  stop_all $(server_names)
}
