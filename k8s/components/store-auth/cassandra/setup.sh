#!/bin/bash
# The cassandra-auth-setup Job: replaces the default superuser and creates each service's keyspace and role
# (cassandra/roles.txt). Passwords come from /roles/<name>/password. Idempotent: a re-run sets the same passwords (so
# it also rotates them) and repeats the grants. Passwords must not contain a single quote (use openssl rand -hex).
set -euo pipefail
HOST="${CASSANDRA_HOST:-cassandra-0.cassandra}"
ADMIN_PASSWORD="$(cat /roles/admin/password)"
as_admin() { cqlsh "$HOST" -u admin -p "$ADMIN_PASSWORD" "$@"; }
# First run: only the built-in cassandra/cassandra superuser exists (made a few seconds after the first start).
until as_admin -e 'SELECT release_version FROM system.local' >/dev/null 2>&1; do
  if cqlsh "$HOST" -u cassandra -p cassandra -e \
    "CREATE ROLE IF NOT EXISTS admin WITH SUPERUSER = true AND LOGIN = true AND PASSWORD = '${ADMIN_PASSWORD}'" \
    >/dev/null 2>&1; then
    echo "created the admin role"
  else
    echo "waiting for Cassandra at $HOST"
    sleep 10
  fi
done
{
  # Roles and permissions on every node, not only the first one's.
  echo "ALTER KEYSPACE system_auth WITH replication = ${CHIRP_CASSANDRA_REPLICATION};"
  # The well-known default superuser can no longer log in; its password is replaced too.
  echo "ALTER ROLE cassandra WITH SUPERUSER = false AND LOGIN = false AND PASSWORD = '$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')';"
  grep -v '^[[:space:]]*#' /acl/roles.txt | while read -r role keyspace; do
    [ -n "$role" ] || continue
    password="$(cat "/roles/${role}/password")"
    echo "CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = ${CHIRP_CASSANDRA_REPLICATION};"
    echo "CREATE ROLE IF NOT EXISTS \"${role}\" WITH LOGIN = true AND PASSWORD = '${password}';"
    echo "ALTER ROLE \"${role}\" WITH PASSWORD = '${password}';"
    for permission in CREATE ALTER SELECT MODIFY; do
      echo "GRANT ${permission} ON KEYSPACE ${keyspace} TO \"${role}\";"
    done
  done
} > /tmp/auth.cql
as_admin -f /tmp/auth.cql
echo "Cassandra keyspaces, roles and grants are in place"
