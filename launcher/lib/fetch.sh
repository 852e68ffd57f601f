# shellcheck shell=bash
# Fetching the servers' artifacts. Everything comes from Maven Central through the project's Maven wrapper, so
# downloads land in ~/.m2 once and a fresh clone (or rm -rf .chirp) re-uses them. The result (a classpath file, or
# the unpacked Elasticsearch) is cached in CHIRP_HOME/cache with the SHA-256 of the POM it came from; Maven runs
# again only when that POM changes or a cached jar disappeared, and then once for all servers that need it.

pom_sum() { sha256sum <"$LAUNCHER_DIR/servers/$1/pom.xml" | cut -c1-64; }

# classpath_ok NAME: is cache/NAME.classpath from the current pom, with every jar still in ~/.m2? (no Maven run)
classpath_ok() {
  local out="$CACHE_DIR/$1.classpath" jar
  [[ -s $out && -f $out.sha256 && $(<"$out.sha256") == "$(pom_sum "$1")" ]] || return 1
  local IFS=':'
  for jar in $(<"$out"); do
    [[ -f $jar ]] || return 1
  done
}

es_home() {
  local home
  for home in "$CACHE_DIR"/elasticsearch/elasticsearch-*; do
    [[ -x $home/bin/elasticsearch ]] && printf '%s' "$home" && return 0
  done
  return 1
}

es_dist_ok() {
  [[ -f $CACHE_DIR/elasticsearch.sha256 && $(<"$CACHE_DIR/elasticsearch.sha256") == "$(pom_sum elasticsearch)" ]] &&
    es_home >/dev/null
}

# fetch_servers NAME...: make sure each server's artifacts are cached. The launcher/servers/<name>/pom.xml files
# bind their dependency goal to "validate" and write to -Dchirp.cache (see launcher/servers/pom.xml).
fetch_servers() {
  local name
  local -a need=()
  for name in "$@"; do
    case "$name" in
      elasticsearch) es_dist_ok && continue ;;
      redis) { redis_needs_fallback && ! classpath_ok redis; } || continue ;;
      *) classpath_ok "$name" && continue ;;
    esac
    need+=("$name")
  done
  ((${#need[@]} > 0)) || return 0
  log "fetching ${need[*]} with Maven (first time, or their pom changed); downloads are cached in ~/.m2"
  rm -rf "$CACHE_DIR/elasticsearch.tmp" "$CACHE_DIR/elasticsearch.markers"
  local list
  list="$(IFS=,; printf '%s' "${need[*]}")"
  if ! "$CHIRP_REPO/mvnw" -q -B -f "$LAUNCHER_DIR/servers/pom.xml" -pl "$list" validate \
    "-Dchirp.cache=$CACHE_DIR" >"$CACHE_DIR/fetch.log" 2>&1; then
    tail -n 30 "$CACHE_DIR/fetch.log" | sed 's/^/    | /' >&2
    die "fetching ${need[*]} from Maven failed (log: $CACHE_DIR/fetch.log). Is Maven Central reachable?"
  fi
  for name in "${need[@]}"; do
    if [[ $name == elasticsearch ]]; then
      rm -rf "$CACHE_DIR/elasticsearch" "$CACHE_DIR/elasticsearch.markers"
      mv "$CACHE_DIR/elasticsearch.tmp" "$CACHE_DIR/elasticsearch"
      # Readable by everybody: Elasticsearch runs as an unprivileged user from here.
      chmod -R a+rX "$CACHE_DIR/elasticsearch"
      pom_sum elasticsearch >"$CACHE_DIR/elasticsearch.sha256"
    else
      mv -f "$CACHE_DIR/$name.classpath.tmp" "$CACHE_DIR/$name.classpath"
      pom_sum "$name" >"$CACHE_DIR/$name.classpath.sha256"
    fi
  done
}
