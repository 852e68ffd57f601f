#!/usr/bin/env bash
# Round trip of deploy/backup/*.sh against the running local servers (./chirp test, deployment stage): each part
# creates a THROWAWAY keyspace or index of its own (chirp_bk_<random>), snapshots it, deletes the data, restores,
# checks that every row/document is back, and removes everything it made. Nothing else is touched.
#
# A part that the running server cannot do is SKIPPED with the reason (exit 0):
#  - Elasticsearch needs path.repo (launcher/servers/elasticsearch/elasticsearch.yml.in sets it under .chirp/data;
#    a server started before that line existed has none until it is restarted);
#  - Cassandra needs nodetool (JMX) and cqlsh on this machine: NODETOOL and CQLSH name them, e.g. inside a
#    Cassandra container; ./chirp's Cassandra runs without JMX and there is no cqlsh, so it is skipped there.
# Prints one line per part and "N passed, N failed, N skipped".
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ES_URL=${ES_URL:-http://127.0.0.1:9200}
export ES_URL
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
  local nodetool=${NODETOOL:-nodetool} cqlsh=${CQLSH:-cqlsh}
  if ! command -v "${nodetool%% *}" >/dev/null 2>&1 || ! command -v "${cqlsh%% *}" >/dev/null 2>&1 ||
     ! $nodetool info >/dev/null 2>&1; then
    echo "SKIP cassandra: needs nodetool with JMX and cqlsh (NODETOOL, CQLSH); the running Cassandra offers neither here"
    return 3
  fi
  local ks=$NAME out
  out=$(mktemp -d)
  trap '$cqlsh -e "DROP KEYSPACE IF EXISTS $ks" >/dev/null 2>&1; rm -rf "$out"' RETURN
  $cqlsh -e "CREATE KEYSPACE $ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
             CREATE TABLE $ks.t (id int PRIMARY KEY, v text);
             INSERT INTO $ks.t (id, v) VALUES (1, 'a'); INSERT INTO $ks.t (id, v) VALUES (2, 'b');" || return 1
  $nodetool flush "$ks" >/dev/null
  "$HERE/cassandra.sh" snapshot "$ks" snap1 "$out" >/dev/null || { echo "FAIL cassandra: snapshot"; return 1; }
  $cqlsh -e "TRUNCATE $ks.t" >/dev/null
  "$HERE/cassandra.sh" restore "$ks" snap1 "$out" >/dev/null || { echo "FAIL cassandra: restore"; return 1; }
  local rows
  rows=$($cqlsh -e "SELECT count(*) FROM $ks.t" | grep -Eo '^ *[0-9]+ *$' | tr -d ' ')
  [[ $rows == 2 ]] || { echo "FAIL cassandra: $rows of 2 rows back"; return 1; }
  echo "ok   cassandra: keyspace $ks snapshot, truncated, restored: 2 of 2 rows back"
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
