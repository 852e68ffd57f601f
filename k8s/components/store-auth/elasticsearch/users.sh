#!/bin/bash
# Start of every Elasticsearch node with the store-auth component: adds the file-realm users (search-service, the
# exporter) with their roles and passwords from /users/<name>/password, then runs the image's own entry point. The
# "elastic" superuser's password is ELASTIC_PASSWORD (the image's bootstrap password).
# --users-only adds the users and stops: test-support's StoreAuthElasticsearchIT runs this script so on a real node
# (ES_HOME, ES_PATH_CONF and USERS_DIR point at its folders there).
set -euo pipefail
ES_HOME="${ES_HOME:-/usr/share/elasticsearch}"
USERS_DIR="${USERS_DIR:-/users}"
while read -r user role; do
  "$ES_HOME/bin/elasticsearch-users" useradd "$user" -r "$role" -p "$(cat "$USERS_DIR/$user/password")"
done <<USERS
search-service chirp_search
exporter chirp_exporter
USERS
[ "${1:-}" = --users-only ] && exit 0
exec /bin/tini -- /usr/local/bin/docker-entrypoint.sh eswrapper
