#!/bin/bash
# Start of every Elasticsearch node with the store-auth component: adds the file-realm users (search-service, the
# exporter) with their roles and passwords from /users/<name>/password, then runs the image's own entry point. The
# "elastic" superuser's password is ELASTIC_PASSWORD (the image's bootstrap password).
set -euo pipefail
while read -r user role; do
  /usr/share/elasticsearch/bin/elasticsearch-users useradd "$user" -r "$role" -p "$(cat "/users/$user/password")"
done <<USERS
search-service chirp_search
exporter chirp_exporter
USERS
exec /bin/tini -- /usr/local/bin/docker-entrypoint.sh eswrapper
