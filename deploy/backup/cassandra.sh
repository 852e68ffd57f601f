#!/usr/bin/env bash
# Cassandra snapshot and restore of one keyspace on ONE node (run it on every node: each holds its own ranges).
#
#   cassandra.sh snapshot KEYSPACE TAG OUT_DIR   schema (CQL) + a hard-link snapshot of every table, copied to OUT_DIR
#   cassandra.sh restore  KEYSPACE TAG OUT_DIR   creates the keyspace from the saved schema when it is missing, then
#                                                loads each table's SSTables back (nodetool import --copy-data)
#
# NODETOOL (default "nodetool"), CQLSH (default "cqlsh") and CASSANDRA_DATA (default /var/lib/cassandra/data) say
# how to reach this node. On Kubernetes, run it inside each pod and copy the result out, e.g.:
#   kubectl -n chirp exec -i cassandra-0 -- bash -s snapshot chirp_tweet nightly /var/lib/cassandra/backup < deploy/backup/cassandra.sh
#   kubectl -n chirp cp cassandra-0:/var/lib/cassandra/backup ./backup/cassandra-0
# A snapshot is consistent per node; restore every node from the same TAG, then `nodetool repair KEYSPACE`.
set -euo pipefail
NODETOOL=${NODETOOL:-nodetool}
CQLSH=${CQLSH:-cqlsh}
CASSANDRA_DATA=${CASSANDRA_DATA:-/var/lib/cassandra/data}

cmd=${1:-}; ks=${2:-}; tag=${3:-}; out=${4:-}
[[ -n $ks && -n $tag && -n $out ]] || { sed -n '2,13p' "$0" >&2; exit 2; }

case $cmd in
  snapshot)
    mkdir -p "$out"
    $CQLSH -e "DESCRIBE KEYSPACE $ks" >"$out/schema.cql"
    $NODETOOL snapshot -t "$tag" "$ks" >/dev/null
    n=0
    for snap in "$CASSANDRA_DATA/$ks"/*/snapshots/"$tag"; do
      [[ -d $snap ]] || continue
      table_dir=$(basename "$(dirname "$(dirname "$snap")")")   # <table>-<table id>
      mkdir -p "$out/${table_dir%-*}"
      cp -a "$snap"/. "$out/${table_dir%-*}/"
      n=$((n + 1))
    done
    # The hard links would pin old SSTables on the node forever.
    $NODETOOL clearsnapshot -t "$tag" -- "$ks" >/dev/null
    echo "snapshot $tag of $ks: $n table(s) in $out"
    ;;
  restore)
    [[ -f $out/schema.cql ]] || { echo "no $out/schema.cql" >&2; exit 1; }
    if ! $CQLSH -e "DESCRIBE KEYSPACE $ks" >/dev/null 2>&1; then
      $CQLSH -f "$out/schema.cql"
    fi
    # Cassandra reads an SSTable's keyspace and table from its two parent folders, and takes a folder whose name has
    # a dot for a secondary index's: from ./backup/2026.12.06/t it would import nothing and still exit 0. So each
    # table is staged as <stage>/<keyspace>/<table> first (hard links where the file system allows, else a copy).
    stage=$(mktemp -d "${TMPDIR:-/tmp}/chirp-restore-XXXXXX")
    trap 'rm -rf "$stage"' EXIT
    n=0
    for dir in "$out"/*/; do
      table=$(basename "$dir")
      mkdir -p "$stage/$ks"
      cp -al "$dir" "$stage/$ks/$table" 2>/dev/null || { rm -rf "${stage:?}/$ks/$table"; cp -a "$dir" "$stage/$ks/$table"; }
      $NODETOOL import --copy-data "$ks" "$table" "$stage/$ks/$table" >/dev/null
      n=$((n + 1))
    done
    echo "restored $n table(s) of $ks from $out"
    ;;
  *)
    sed -n '2,13p' "$0" >&2
    exit 2
    ;;
esac
