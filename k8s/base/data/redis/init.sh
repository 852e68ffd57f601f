#!/bin/sh
# Init container of every Redis pod: writes /conf/redis.conf and /conf/sentinel.conf.
# The master is whoever the running Sentinels say it is (after a failover that is not redis-0); when no Sentinel
# answers (first start of the whole set), redis-0 is the master and the others replicate it.
set -eu
DOMAIN="redis.${POD_NAMESPACE}.svc.cluster.local"
SELF="${HOSTNAME}.${DOMAIN}"
MASTER=""
i=0
while [ "$i" -lt "$REDIS_REPLICAS" ]; do
  peer="redis-${i}"
  i=$((i + 1))
  [ "$peer" = "$HOSTNAME" ] && continue
  answer=$(timeout 3 redis-cli -h "${peer}.${DOMAIN}" -p 26379 sentinel get-master-addr-by-name "$REDIS_MASTER_NAME" 2>/dev/null | head -n 1 || true)
  case "$answer" in
    "" | *ERR* | *rror*) ;;
    *) MASTER="$answer"; break ;;
  esac
done
[ -n "$MASTER" ] || MASTER="redis-0.${DOMAIN}"
echo "redis init: self=${SELF} master=${MASTER}"

cat > /conf/redis.conf <<CONF
port 6379
bind * -::*
# No password inside the cluster: NetworkPolicies decide who may connect (the default would refuse remote clients).
protected-mode no
dir /data
appendonly yes
save ""
maxmemory ${REDIS_MAXMEMORY}
maxmemory-policy allkeys-lru
replica-announce-ip ${SELF}
CONF
if [ "$MASTER" != "$SELF" ]; then
  echo "replicaof ${MASTER} 6379" >> /conf/redis.conf
fi

cat > /conf/sentinel.conf <<CONF
port 26379
protected-mode no
dir /tmp
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip ${SELF}
sentinel monitor ${REDIS_MASTER_NAME} ${MASTER} 6379 ${SENTINEL_QUORUM}
sentinel down-after-milliseconds ${REDIS_MASTER_NAME} 5000
sentinel failover-timeout ${REDIS_MASTER_NAME} 60000
sentinel parallel-syncs ${REDIS_MASTER_NAME} 1
CONF
