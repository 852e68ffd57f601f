#!/usr/bin/env bash
# Elasticsearch snapshot and restore through the snapshot API, with a shared-filesystem ("fs") repository.
# Elasticsearch must list the repository's parent in path.repo (elasticsearch.yml; launcher/servers/elasticsearch for
# ./chirp, ES_SETTING_PATH_REPO on Kubernetes, where every node must mount the same volume there).
#
#   elasticsearch.sh snapshot REPO_DIR SNAPSHOT INDEX...   register REPO_DIR as repository, snapshot the indexes
#   elasticsearch.sh restore  REPO_DIR SNAPSHOT INDEX...   restore them (each must not exist, or be closed)
#   elasticsearch.sh list     REPO_DIR
#
# ES_URL (default http://127.0.0.1:9200) and ES_AUTH (user:password, when security is on) say where and as whom.
# The repository is named after its folder, so two folders are two repositories. Snapshots are incremental.
# Search indexes can also be rebuilt from Cassandra (search-service's rebuild, docs/07-bottlenecks-and-reliability.md):
# a snapshot makes that an option instead of the only way back.
set -euo pipefail
ES_URL=${ES_URL:-http://127.0.0.1:9200}

es() { # METHOD PATH [BODY]
  local args=(-fsS -X "$1" "$ES_URL$2" -H 'Content-Type: application/json')
  [[ -n ${ES_AUTH:-} ]] && args+=(-u "$ES_AUTH")
  [[ $# -ge 3 ]] && args+=(-d "$3")
  curl "${args[@]}"
}

repo_name() { basename "$1" | tr -c 'a-z0-9_\n-' '_'; }

register() { # REPO_DIR
  es PUT "/_snapshot/$(repo_name "$1")" "{\"type\":\"fs\",\"settings\":{\"location\":\"$1\"}}" >/dev/null
}

csv() { local IFS=,; echo "$*"; }

cmd=${1:-}; shift || true
case $cmd in
  snapshot)
    (($# >= 3)) || { echo "usage: $0 snapshot REPO_DIR SNAPSHOT INDEX..." >&2; exit 2; }
    dir=$1 snap=$2; shift 2
    register "$dir"
    es PUT "/_snapshot/$(repo_name "$dir")/$snap?wait_for_completion=true" \
      "{\"indices\":\"$(csv "$@")\",\"include_global_state\":false}" |
      grep -q '"state":"SUCCESS"' || { echo "snapshot $snap did not succeed" >&2; exit 1; }
    echo "snapshot $snap of $(csv "$@") in $dir"
    ;;
  restore)
    (($# >= 3)) || { echo "usage: $0 restore REPO_DIR SNAPSHOT INDEX..." >&2; exit 2; }
    dir=$1 snap=$2; shift 2
    register "$dir"
    es POST "/_snapshot/$(repo_name "$dir")/$snap/_restore?wait_for_completion=true" \
      "{\"indices\":\"$(csv "$@")\",\"include_global_state\":false}" >/dev/null
    echo "restored $(csv "$@") from $snap"
    ;;
  list)
    register "$1"
    es GET "/_snapshot/$(repo_name "$1")/_all"
    echo
    ;;
  *)
    sed -n '2,12p' "$0" >&2
    exit 2
    ;;
esac
