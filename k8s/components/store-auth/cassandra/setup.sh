#!/bin/bash
# The cassandra-auth-setup Job: replaces the default superuser and creates each service's keyspace and role
# (cassandra/roles.txt). Passwords come from /roles/<name>/password. Idempotent: a re-run sets the same passwords (so
# it also rotates them) and repeats the grants. Passwords must not contain a single quote (use openssl rand -hex).
# --print-bootstrap-cql / --print-cql print the statements instead of running them: test-support's
# StoreAuthCassandraIT runs exactly these against a real Cassandra.
set -euo pipefail
ACL_DIR="${CASSANDRA_ACL_DIR:-/acl}"
ROLES_DIR="${CASSANDRA_ROLES_DIR:-/roles}"
ADMIN_PASSWORD="$(cat "${ROLES_DIR}/admin/password")"

# Run once as the built-in cassandra/cassandra superuser (made a few seconds after the first start).
bootstrap_cql() {
  echo "CREATE ROLE IF NOT EXISTS admin WITH SUPERUSER = true AND LOGIN = true AND PASSWORD = '${ADMIN_PASSWORD}';"
}

# Everything else, as admin.
auth_cql() {
  # Roles and permissions on every node, not only the first one's.
  echo "ALTER KEYSPACE system_auth WITH replication = ${CHIRP_CASSANDRA_REPLICATION};"
  # The well-known default superuser can no longer log in; its password is replaced too.
  echo "ALTER ROLE cassandra WITH SUPERUSER = false AND LOGIN = false AND PASSWORD = '$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')';"
  grep -v '^[[:space:]]*#' "${ACL_DIR}/roles.txt" | while read -r role keyspace; do
    [ -n "$role" ] || continue
    password="$(cat "${ROLES_DIR}/${role}/password")"
    echo "CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = ${CHIRP_CASSANDRA_REPLICATION};"
    # One password change per role and run: Cassandra 5 refuses a second one within 5 s (the Job's retry then
    # succeeds).
    echo "CREATE ROLE IF NOT EXISTS \"${role}\" WITH LOGIN = true;"
    echo "ALTER ROLE \"${role}\" WITH PASSWORD = '${password}';"
    for permission in CREATE ALTER SELECT MODIFY; do
      echo "GRANT ${permission} ON KEYSPACE ${keyspace} TO \"${role}\";"
    done
  done
}

# Cassandra grants a role that creates a table every permission on it, DROP and AUTHORIZE included, and the services
# create their tables at startup: this takes those two back from the owner of each table listed on stdin
# ("<keyspace> <table>" lines), so a service's role may change but never drop its tables, nor grant them away.
revoke_owner_cql() {
  while read -r keyspace table; do
    [ -n "$table" ] || continue
    role="$(grep -v '^[[:space:]]*#' "${ACL_DIR}/roles.txt" | awk -v ks="$keyspace" '$2 == ks {print $1}')"
    [ -n "$role" ] || continue
    for permission in DROP AUTHORIZE; do
      echo "REVOKE ${permission} ON TABLE ${keyspace}.${table} FROM \"${role}\";"
    done
  done
}

case "${1:-}" in
  --print-bootstrap-cql) bootstrap_cql; exit 0 ;;
  --print-cql) auth_cql; exit 0 ;;
  --print-revoke-cql) revoke_owner_cql; exit 0 ;;
esac

HOST="${CASSANDRA_HOST:-cassandra-0.cassandra}"
as_admin() { cqlsh "$HOST" -u admin -p "$ADMIN_PASSWORD" "$@"; }
bootstrap_cql > /tmp/bootstrap.cql
until as_admin -e 'SELECT release_version FROM system.local' >/dev/null 2>&1; do
  if cqlsh "$HOST" -u cassandra -p cassandra -f /tmp/bootstrap.cql >/dev/null 2>&1; then
    echo "created the admin role"
  else
    echo "waiting for Cassandra at $HOST"
    sleep 10
  fi
done
auth_cql > /tmp/auth.cql
as_admin -f /tmp/auth.cql
# The tables that exist by now (all of them when the Job runs again after the services' first start).
keyspaces="$(grep -v '^[[:space:]]*#' "${ACL_DIR}/roles.txt" | awk 'NF == 2 {printf "%s'"'"'%s'"'"'", sep, $2; sep=","}')"
as_admin -e "SELECT keyspace_name, table_name FROM system_schema.tables WHERE keyspace_name IN (${keyspaces})" \
  | awk -F'|' 'NF == 2 && $1 !~ /keyspace_name/ {gsub(/ /, ""); print $1, $2}' | revoke_owner_cql > /tmp/revoke.cql
[ -s /tmp/revoke.cql ] && as_admin -f /tmp/revoke.cql
echo "Cassandra keyspaces, roles and grants are in place"
