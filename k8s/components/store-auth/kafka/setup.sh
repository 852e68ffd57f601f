#!/bin/bash
# The kafka-auth-setup Job: creates every SCRAM-SHA-512 user (one per file /users/<name>/password, but "admin") and
# the ACLs of /acls/acls.txt, as "admin" over the brokers' INTERNAL listener. Idempotent: a re-run sets the same
# passwords (so it also rotates them) and adds no duplicate ACL.
set -euo pipefail
BIN=/opt/kafka/bin
umask 077
ADMIN_CONFIG=/tmp/admin.properties
printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="%s";\n' \
  "$(cat /users/admin/password)" > "$ADMIN_CONFIG"
until "$BIN/kafka-broker-api-versions.sh" --bootstrap-server "$KAFKA_INTERNAL_BOOTSTRAP" --command-config "$ADMIN_CONFIG" >/dev/null 2>&1; do
  echo "waiting for Kafka at $KAFKA_INTERNAL_BOOTSTRAP"
  sleep 5
done
for dir in /users/*/; do
  user="$(basename "$dir")"
  [ "$user" = admin ] && continue
  "$BIN/kafka-configs.sh" --bootstrap-server "$KAFKA_INTERNAL_BOOTSTRAP" --command-config "$ADMIN_CONFIG" --alter \
    --entity-type users --entity-name "$user" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$(cat "$dir/password")]"
done
grep -v '^[[:space:]]*#' /acls/acls.txt | while read -r user resource pattern name operations; do
  [ -n "$user" ] || continue
  case "$resource" in
    topic) target=(--topic "$name") ;;
    group) target=(--group "$name") ;;
    cluster) target=(--cluster) ;;
    *) echo "acls.txt: unknown resource $resource" >&2; exit 1 ;;
  esac
  ops=()
  for op in ${operations//,/ }; do ops+=(--operation "${op^^}"); done
  "$BIN/kafka-acls.sh" --bootstrap-server "$KAFKA_INTERNAL_BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add \
    --allow-principal "User:$user" "${ops[@]}" "${target[@]}" --resource-pattern-type "${pattern^^}" >/dev/null
done
echo "Kafka users and ACLs are in place"
