#!/bin/sh
# Init container of every Redis Cluster pod (k8s/components/redis-cluster): writes /conf/redis.conf and, when the
# pod's volume already holds nodes.conf (the node's ID, its peers and the slot map, kept across restarts), puts each
# peer's current pod IP into it.
#
# Why the second part: the cluster bus between the nodes uses IP addresses only, and a pod gets a new IP whenever it
# is recreated. One restarted node heals by itself (it still knows the others' addresses; they learn its new one
# from its first PING). When every pod was recreated (a full restart, a node pool replaced), every nodes.conf lists
# old IPs only and no node could reach any other. Each node also announces a stable DNS name
# (cluster-announce-hostname, saved in nodes.conf next to the IP), so this script resolves each peer's name again and
# writes the address it has now. Peers whose name does not resolve within REDIS_PEER_WAIT_SECONDS (a pod not
# scheduled yet) keep their old address; they learn the new ones by gossip once they start.
set -eu
# Folders (overridable, so that the script can be tried outside a pod).
CONF_DIR="${REDIS_CONF_DIR:-/conf}"
DATA_DIR="${REDIS_DATA_DIR:-/data}"
ACL_DIR="${REDIS_ACL_DIR:-/acl}"
USERS_DIR="${REDIS_USERS_DIR:-/users}"
: "${POD_NAMESPACE:?}" "${POD_IP:?}" "${REDIS_MAXMEMORY:?}"
NODE_TIMEOUT="${REDIS_CLUSTER_NODE_TIMEOUT:-5000}"
PEER_WAIT="${REDIS_PEER_WAIT_SECONDS:-60}"
SELF="${HOSTNAME}.redis.${POD_NAMESPACE}.svc.cluster.local"

# users.acl lines are "user <name> <rules>"; the password is appended from the user's Secret (not for "default").
# The "sentinel" user is skipped: it is the Sentinels' (k8s/base/data/redis/init.sh), and a cluster has none.
acl_with_passwords() {
  grep -v '^[[:space:]]*#' "$1" | while read -r keyword name rules; do
    [ "$keyword" = user ] || continue
    case "$name" in
      default) echo "user default ${rules}" ;;
      sentinel) ;;
      *) echo "user ${name} ${rules} >$(cat "${USERS_DIR}/${name}/password")" ;;
    esac
  done
}

cat > "${CONF_DIR}/redis.conf" <<CONF
port 6379
bind * -::*
# Remote clients are allowed (the default would refuse them): NetworkPolicies decide who may connect, and with the
# store-auth component every client also needs its own ACL user (appended below).
protected-mode no
dir ${DATA_DIR}
appendonly yes
appendfsync everysec
save ""
maxmemory ${REDIS_MAXMEMORY}
maxmemory-policy allkeys-lru
# The settings of ./chirp up --cluster (launcher/lib/cluster.sh): nodes.conf on the volume, a primary declared failed
# (and its replica promoted) after 5 s without an answer.
cluster-enabled yes
cluster-config-file nodes.conf
cluster-node-timeout ${NODE_TIMEOUT}
cluster-port 16379
# Clients are sent to this stable name (CLUSTER NODES/SLOTS/SHARDS, MOVED and ASK redirects), not to the pod IP.
cluster-announce-hostname ${SELF}
cluster-preferred-endpoint-type hostname
CONF
if [ -f "${ACL_DIR}/users.acl" ]; then
  acl_with_passwords "${ACL_DIR}/users.acl" > "${CONF_DIR}/users.acl"
  chmod 600 "${CONF_DIR}/users.acl"
  cat >> "${CONF_DIR}/redis.conf" <<CONF
aclfile "${CONF_DIR}/users.acl"
masteruser replication
masterauth $(cat "${USERS_DIR}/replication/password")
CONF
fi
chmod 600 "${CONF_DIR}/redis.conf"

# ---- the peers' current addresses in nodes.conf ----------------------------------------------------------------------
NODES="${DATA_DIR}/nodes.conf"
if [ ! -s "$NODES" ]; then
  echo "redis cluster init: ${SELF}: no nodes.conf yet (a new node: Job redis-cluster-bootstrap makes it a member)"
  exit 0
fi
deadline=$(($(date +%s) + PEER_WAIT))
# resolve NAME: the first address of NAME, waiting (until the deadline) for it to appear in DNS; empty if it did not.
resolve() {
  while :; do
    ip=$(getent hosts "$1" | awk 'NR == 1 { print $1 }')
    if [ -n "$ip" ] || [ "$(date +%s)" -ge "$deadline" ]; then
      echo "$ip"
      return 0
    fi
    sleep 2
  done
}
# A node line: "<id> <ip>:<port>@<cport>[,<hostname>[,<aux>=<value>...]] <flags> <master> ..." (an IPv6 address
# unbracketed: the port follows the last colon); "vars ..." as is.
while read -r id addr flags rest; do
  if [ "$id" = vars ] || [ -z "$addr" ]; then
    echo "${id} ${addr} ${flags} ${rest}"
    continue
  fi
  ipport=${addr%%,*}
  tail=${addr#"$ipport"}
  host=${tail#,}
  host=${host%%,*}
  case "$host" in *=*) host="" ;; esac
  new=""
  case ",${flags}," in
    *,myself,*) new="$POD_IP" ;;
    *) if [ -n "$host" ]; then new=$(resolve "$host"); fi ;;
  esac
  if [ -n "$new" ]; then
    old=${ipport%:*}
    [ "$old" = "$new" ] || echo "redis cluster init: ${host:-myself} ${old} -> ${new}" >&2
    addr="${new}:${ipport##*:}${tail}"
  fi
  echo "${id} ${addr} ${flags} ${rest}"
done < "$NODES" > "${NODES}.init"
mv "${NODES}.init" "$NODES"
echo "redis cluster init: ${SELF}: peers' addresses refreshed in nodes.conf"
