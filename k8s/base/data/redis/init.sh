#!/bin/sh
# Init container of every Redis pod: writes /conf/redis.conf and /conf/sentinel.conf.
# The master is whoever the running Sentinels say it is (after a failover that is not redis-0); when no Sentinel
# answers (first start of the whole set), redis-0 is the master and the others replicate it.
set -eu
# Folders (overridable so that test-support's StoreAuthRedisIT runs this very script outside a pod).
CONF_DIR="${REDIS_CONF_DIR:-/conf}"
ACL_DIR="${REDIS_ACL_DIR:-/acl}"
USERS_DIR="${REDIS_USERS_DIR:-/users}"
# With the store-auth component the ACL rules are mounted at /acl and each user's password at /users/<name>/password:
# the server and the Sentinels get ACL users (default off), replication and Sentinel authenticate, and this script
# asks the Sentinels as "admin". Without them nothing authenticates (NetworkPolicies alone decide who connects).
AUTH=""
if [ -f "${ACL_DIR}/users.acl" ]; then
  AUTH=1
  REDISCLI_AUTH="$(cat "${USERS_DIR}/admin/password")"
  export REDISCLI_AUTH
fi
# users.acl lines are "user <name> <rules>"; the password is appended from the user's Secret (not for "default").
acl_with_passwords() {
  grep -v '^[[:space:]]*#' "$1" | while read -r keyword name rules; do
    [ "$keyword" = user ] || continue
    if [ "$name" = default ]; then
      echo "user default ${rules}"
    else
      echo "user ${name} ${rules} >$(cat "${USERS_DIR}/${name}/password")"
    fi
  done
}
DOMAIN="redis.${POD_NAMESPACE}.svc.cluster.local"
SELF="${HOSTNAME}.${DOMAIN}"
MASTER=""
i=0
while [ "$i" -lt "$REDIS_REPLICAS" ]; do
  peer="redis-${i}"
  i=$((i + 1))
  [ "$peer" = "$HOSTNAME" ] && continue
  if [ -n "$AUTH" ]; then set -- --user admin; else set --; fi
  answer=$(timeout 3 redis-cli "$@" -h "${peer}.${DOMAIN}" -p 26379 sentinel get-master-addr-by-name "$REDIS_MASTER_NAME" 2>/dev/null | head -n 1 || true)
  case "$answer" in
    "" | *ERR* | *rror*) ;;
    *) MASTER="$answer"; break ;;
  esac
done
[ -n "$MASTER" ] || MASTER="redis-0.${DOMAIN}"
echo "redis init: self=${SELF} master=${MASTER}"

cat > "${CONF_DIR}/redis.conf" <<CONF
port 6379
bind * -::*
# Remote clients are allowed (the default would refuse them): NetworkPolicies decide who may connect, and with the
# store-auth component every client also needs its own ACL user (appended below).
protected-mode no
dir /data
appendonly yes
save ""
maxmemory ${REDIS_MAXMEMORY}
maxmemory-policy allkeys-lru
replica-announce-ip ${SELF}
CONF
if [ "$MASTER" != "$SELF" ]; then
  echo "replicaof ${MASTER} 6379" >> "${CONF_DIR}/redis.conf"
fi
if [ -n "$AUTH" ]; then
  acl_with_passwords "${ACL_DIR}/users.acl" > "${CONF_DIR}/users.acl"
  chmod 600 "${CONF_DIR}/users.acl"
  cat >> "${CONF_DIR}/redis.conf" <<CONF
aclfile "${CONF_DIR}/users.acl"
masteruser replication
masterauth $(cat "${USERS_DIR}/replication/password")
CONF
fi

cat > "${CONF_DIR}/sentinel.conf" <<CONF
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
if [ -n "$AUTH" ]; then
  acl_with_passwords "${ACL_DIR}/sentinel-users.acl" >> "${CONF_DIR}/sentinel.conf"
  cat >> "${CONF_DIR}/sentinel.conf" <<CONF
sentinel auth-user ${REDIS_MASTER_NAME} sentinel
sentinel auth-pass ${REDIS_MASTER_NAME} $(cat "${USERS_DIR}/sentinel/password")
sentinel sentinel-user sentinel
sentinel sentinel-pass $(cat "${USERS_DIR}/sentinel/password")
CONF
fi
chmod 600 "${CONF_DIR}/sentinel.conf" "${CONF_DIR}/redis.conf"
