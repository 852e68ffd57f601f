#!/bin/sh
# Job redis-cluster-bootstrap (k8s/components/redis-cluster): makes the Redis pods one cluster, once. Safe to run
# again at any time (kubectl delete job redis-cluster-bootstrap && kubectl apply -k ...); it looks before it acts:
#  - every node new (no peer, no slot: CLUSTER INFO says cluster_known_nodes:1, cluster_slots_assigned:0): it runs
#    redis-cli --cluster create with the pods' addresses and --cluster-replicas 1, so redis-0, -1, -2 become the
#    primaries with a third of the 16384 slots each and redis-3, -4, -5 their replicas (a primary and its replica
#    never share a Kubernetes node: the StatefulSet's required anti-affinity puts one Redis pod per node);
#  - every node a member: nothing to do (prints the cluster's state);
#  - some members, some new (a pod came back with an empty volume): once the members report cluster_state:ok, each
#    new node joins as a replica of the primary with the fewest replicas (redis-cli --cluster add-node
#    --cluster-slave), and the entry of the node it replaces (flagged fail, under the same host name) is forgotten on
#    every node;
#  - anything else (a half-made cluster, a members' cluster that is not ok): it fails and says why; see
#    redis-cli --cluster check.
set -eu
USERS_DIR="${REDIS_USERS_DIR:-/users}"
: "${POD_NAMESPACE:?}" "${REDIS_REPLICAS:?}"
WAIT="${REDIS_BOOTSTRAP_WAIT_SECONDS:-600}"
DOMAIN="redis.${POD_NAMESPACE}.svc.cluster.local"
# As "admin" when the store-auth component mounted its password (the default user is off there).
AUTH=""
if [ -f "${USERS_DIR}/admin/password" ]; then
  REDISCLI_AUTH="$(cat "${USERS_DIR}/admin/password")"
  export REDISCLI_AUTH
  AUTH="--user admin"
fi
# shellcheck disable=SC2086 # $AUTH is two words or none
cli() { host="$1"; shift; timeout 10 redis-cli $AUTH -h "$host" -p 6379 "$@" | tr -d '\r'; }
field() { sed -n "s/^$1:\([^ ]*\)$/\1/p"; }
host_of() { echo "redis-$1.${DOMAIN}"; }
ip_of() { getent hosts "$(host_of "$1")" | awk 'NR == 1 { print $1 }'; }
# addr IP: IP:6379, IPv6 in brackets as redis-cli --cluster takes it
addr() { case "$1" in *:*) echo "[$1]:6379" ;; *) echo "$1:6379" ;; esac; }

# ---- wait until every pod answers ------------------------------------------------------------------------------------
deadline=$(($(date +%s) + WAIT))
i=0
while [ "$i" -lt "$REDIS_REPLICAS" ]; do
  if [ -n "$(ip_of "$i")" ] && [ "$(cli "$(host_of "$i")" ping 2>/dev/null)" = PONG ]; then
    i=$((i + 1))
    continue
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "redis-cluster-bootstrap: $(host_of "$i") did not answer PING within ${WAIT} s" >&2
    exit 1
  fi
  sleep 3
done

# ---- what the nodes are ----------------------------------------------------------------------------------------------
new=""
members=""
i=0
while [ "$i" -lt "$REDIS_REPLICAS" ]; do
  info="$(cli "$(host_of "$i")" cluster info)"
  known="$(echo "$info" | field cluster_known_nodes)"
  assigned="$(echo "$info" | field cluster_slots_assigned)"
  if [ "$known" = 1 ] && [ "$assigned" = 0 ]; then new="$new $i"; else members="$members $i"; fi
  i=$((i + 1))
done
echo "redis-cluster-bootstrap: new nodes:${new:- none}; members:${members:- none}"

if [ -z "$members" ]; then
  addrs=""
  for i in $new; do addrs="$addrs $(addr "$(ip_of "$i")")"; done
  echo "redis-cluster-bootstrap: creating the cluster of${addrs}"
  # shellcheck disable=SC2086 # $AUTH is two words or none, $addrs one word per node
  redis-cli $AUTH --cluster create $addrs --cluster-replicas 1 --cluster-yes
elif [ -n "$new" ]; then
  first="${members# }"
  first="${first%% *}"
  state="$(cli "$(host_of "$first")" cluster info | field cluster_state)"
  if [ "$state" != ok ]; then
    echo "redis-cluster-bootstrap: new nodes ($new) but the members' cluster is '$state', not ok: not joining them;" \
      "see redis-cli --cluster check $(host_of "$first"):6379" >&2
    exit 1
  fi
  for i in $new; do
    echo "redis-cluster-bootstrap: $(host_of "$i") joins as a replica"
    # shellcheck disable=SC2086
    redis-cli $AUTH --cluster add-node "$(addr "$(ip_of "$i")")" "$(addr "$(ip_of "$first")")" --cluster-slave
    # the entry of the node it replaces: flagged fail, under the same host name, another ID
    myid="$(cli "$(host_of "$i")" cluster myid)"
    stale="$(cli "$(host_of "$first")" cluster nodes | awk -v h="$(host_of "$i")" -v me="$myid" \
      '{ split($2, a, ",") } a[2] == h && $1 != me && $3 ~ /(^|,)fail(,|$)/ { print $1 }')"
    for id in $stale; do
      echo "redis-cluster-bootstrap: forgetting ${id} (the failed node $(host_of "$i") replaces) on every node"
      j=0
      while [ "$j" -lt "$REDIS_REPLICAS" ]; do
        cli "$(host_of "$j")" cluster forget "$id" || true
        j=$((j + 1))
      done
    done
  done
fi

# ---- every node must report the whole cluster ------------------------------------------------------------------------
while :; do
  ok=0
  i=0
  while [ "$i" -lt "$REDIS_REPLICAS" ]; do
    info="$(cli "$(host_of "$i")" cluster info)"
    if [ "$(echo "$info" | field cluster_state)" = ok ] &&
      [ "$(echo "$info" | field cluster_known_nodes)" = "$REDIS_REPLICAS" ]; then ok=$((ok + 1)); fi
    i=$((i + 1))
  done
  if [ "$ok" = "$REDIS_REPLICAS" ]; then break; fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "redis-cluster-bootstrap: only $ok of $REDIS_REPLICAS nodes report cluster_state:ok with" \
      "$REDIS_REPLICAS known nodes" >&2
    cli "$(host_of 0)" cluster nodes >&2 || true
    exit 1
  fi
  sleep 3
done
echo "redis-cluster-bootstrap: all $REDIS_REPLICAS nodes report cluster_state:ok"
cli "$(host_of 0)" cluster nodes
