#!/bin/sh
# preStop of every Redis Cluster pod: a primary that is about to stop (rolling update, drain, scale-in) first hands its
# slots to its replica: CLUSTER FAILOVER on the replica, which waits until it has the primary's last write, then takes
# over at once. Without it the slots are unreachable until the cluster declares the primary failed
# (cluster-node-timeout, 5 s) and promotes the replica. Bounded (about 12 s, inside the 30 s grace period); a replica,
# or a primary without an online replica, just stops.
USERS_DIR="${REDIS_USERS_DIR:-/users}"
AUTH=""
if [ -f "${USERS_DIR}/admin/password" ]; then
  REDISCLI_AUTH="$(cat "${USERS_DIR}/admin/password")"
  export REDISCLI_AUTH
  AUTH="--user admin"
fi
# shellcheck disable=SC2086 # $AUTH is two words or none
cli() { timeout 3 redis-cli $AUTH "$@" | tr -d '\r'; }
[ "$(cli -p 6379 role | head -n 1)" = master ] || exit 0
# slave0:ip=10.0.1.7,port=6379,state=online,offset=...,lag=0
replica="$(cli -p 6379 info replication | sed -n 's/^slave[0-9]*:ip=\([^,]*\),port=\([0-9]*\),state=online.*/\1 \2/p' | head -n 1)"
[ -n "$replica" ] || exit 0
set -- $replica
echo "redis preStop: handing the slots to the replica at $1:$2"
cli -h "$1" -p "$2" cluster failover || exit 0
i=0
while [ "$i" -lt 20 ]; do
  [ "$(cli -p 6379 role | head -n 1)" = slave ] && exit 0
  sleep 0.5
  i=$((i + 1))
done
exit 0
