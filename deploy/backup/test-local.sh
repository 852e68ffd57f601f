#!/usr/bin/env bash
# Round trip of deploy/backup/*.sh against the running local servers (./chirp test, deployment stage): each part
# creates a THROWAWAY keyspace or index of its own (chirp_bk_<random>), snapshots it, deletes the data, restores,
# checks that every row/document is back, and removes everything it made. Nothing else is touched.
#
# By default it reaches ./chirp's servers: Elasticsearch at ES_URL (http://127.0.0.1:9200, snapshots under its
# path.repo), Cassandra through `./chirp nodetool` (JMX on 127.0.0.1:7199) and `./chirp cql` (the part of cqlsh the
# backup script uses), with the node's data folder under CHIRP_HOME. For another node set NODETOOL, CQLSH and
# CASSANDRA_DATA, e.g. to the real nodetool and cqlsh inside a Cassandra container.
# A part whose server cannot be reached that way is SKIPPED with the reason (exit 0); e.g. an Elasticsearch started
# before elasticsearch.yml.in gained path.repo, until it restarts.
# Prints one line per part and "N passed, N failed, N skipped".
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ES_URL=${ES_URL:-http://127.0.0.1:9200}
export ES_URL
REPO="$(cd "$HERE/../.." && pwd)"
NODETOOL=${NODETOOL:-$REPO/chirp nodetool}
CQLSH=${CQLSH:-$REPO/chirp cql}
CASSANDRA_DATA=${CASSANDRA_DATA:-${CHIRP_HOME:-$REPO/.chirp}/data/cassandra/data}
export NODETOOL CQLSH CASSANDRA_DATA
NAME="chirp_bk_$(date +%s)_$RANDOM"
passed=0 failed=0 skipped=0

es() { curl -fsS -X "$1" "$ES_URL$2" -H 'Content-Type: application/json' ${3:+-d "$3"}; }

elasticsearch_part() {
  local repo
  repo=$(es GET "/_nodes/settings?filter_path=nodes.*.settings.path.repo" 2>/dev/null |
    python3 -c 'import json,sys; d=json.load(sys.stdin).get("nodes",{}); r=[v["settings"]["path"]["repo"] for v in d.values()]; r=r[0] if r else ""; print(r[0] if isinstance(r,list) else r)' 2>/dev/null)
  if [[ -z $repo ]]; then
    echo "SKIP elasticsearch: the running Elasticsearch at $ES_URL has no path.repo (restart it after elasticsearch.yml.in gained path.repo)"
    return 3
  fi
  local index=$NAME dir="$repo/$NAME" ok=0
  trap 'es DELETE "/$index" >/dev/null 2>&1; es DELETE "/_snapshot/$(basename "$dir")/snap1" >/dev/null 2>&1; es DELETE "/_snapshot/$(basename "$dir")" >/dev/null 2>&1; rm -rf "$dir"' RETURN
  es PUT "/$index" '{"settings":{"number_of_shards":1,"number_of_replicas":0}}' >/dev/null || return 1
  for i in 1 2 3; do es PUT "/$index/_doc/$i" "{\"n\":$i}" >/dev/null || return 1; done
  es POST "/$index/_refresh" >/dev/null
  "$HERE/elasticsearch.sh" snapshot "$dir" snap1 "$index" >/dev/null || { echo "FAIL elasticsearch: snapshot"; return 1; }
  es DELETE "/$index" >/dev/null
  [[ $(es GET "/_cat/indices/$index?h=index" 2>/dev/null) == "" ]] || { echo "FAIL elasticsearch: index not deleted"; return 1; }
  "$HERE/elasticsearch.sh" restore "$dir" snap1 "$index" >/dev/null || { echo "FAIL elasticsearch: restore"; return 1; }
  es POST "/$index/_refresh" >/dev/null
  local count
  count=$(es GET "/$index/_count" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
  [[ $count == 3 ]] || { echo "FAIL elasticsearch: $count of 3 documents back"; return 1; }
  echo "ok   elasticsearch: index $index snapshot, deleted, restored: 3 of 3 documents back"
}

cassandra_part() {
  local nodetool=$NODETOOL cqlsh=$CQLSH
  if ! $nodetool info >/dev/null 2>&1 || ! $cqlsh -e "SELECT release_version FROM system.local" >/dev/null 2>&1; then
    echo "SKIP cassandra: nodetool ($nodetool) or cqlsh ($cqlsh) cannot reach a node (NODETOOL, CQLSH say how)"
    return 3
  fi
  local ks=$NAME out rows
  out=$(mktemp -d)
  trap '$cqlsh -e "DROP KEYSPACE IF EXISTS $ks" >/dev/null 2>&1; rm -rf "$out"' RETURN
  $cqlsh -e "CREATE KEYSPACE $ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
             CREATE TABLE $ks.t (id int PRIMARY KEY, v text);
             CREATE TABLE $ks.u (id int PRIMARY KEY, n counter);
             INSERT INTO $ks.t (id, v) VALUES (1, 'a'); INSERT INTO $ks.t (id, v) VALUES (2, 'it''s; b');
             UPDATE $ks.u SET n = n + 5 WHERE id = 1;" || return 1
  $nodetool flush "$ks" >/dev/null
  "$HERE/cassandra.sh" snapshot "$ks" snap1 "$out" >/dev/null || { echo "FAIL cassandra: snapshot"; return 1; }
  # Lost rows: the tables are there, their data is not.
  $cqlsh -e "TRUNCATE $ks.t; TRUNCATE $ks.u" >/dev/null
  "$HERE/cassandra.sh" restore "$ks" snap1 "$out" >/dev/null || { echo "FAIL cassandra: restore after TRUNCATE"; return 1; }
  rows=$(cassandra_rows "$cqlsh" "$ks")
  [[ $rows == "2 it's; b 5" ]] || { echo "FAIL cassandra: after TRUNCATE and restore: '$rows', expected '2 it's; b 5'"; return 1; }
  # Lost keyspace: the schema comes back from the snapshot's schema.cql, then the data.
  $cqlsh -e "DROP KEYSPACE $ks" >/dev/null
  "$HERE/cassandra.sh" restore "$ks" snap1 "$out" >/dev/null || { echo "FAIL cassandra: restore after DROP KEYSPACE"; return 1; }
  rows=$(cassandra_rows "$cqlsh" "$ks")
  [[ $rows == "2 it's; b 5" ]] || { echo "FAIL cassandra: after DROP KEYSPACE and restore: '$rows', expected '2 it's; b 5'"; return 1; }
  echo "ok   cassandra: keyspace $ks (2 tables) snapshot; truncated, restored; dropped, restored: every row back both times"
}

# "<rows of t> <v of row 2> <counter of u>", e.g. "2 it's; b 5".
cassandra_rows() {
  $1 -e "SELECT count(*) FROM $2.t; SELECT v FROM $2.t WHERE id = 2; SELECT n FROM $2.u WHERE id = 1" | paste -sd' '
}

for part in elasticsearch_part cassandra_part; do
  $part
  case $? in
    0) passed=$((passed + 1)) ;;
    3) skipped=$((skipped + 1)) ;;
    *) failed=$((failed + 1)) ;;
  esac
done
printf '%s passed, %s failed, %s skipped\n' "$passed" "$failed" "$skipped"
((failed == 0))
