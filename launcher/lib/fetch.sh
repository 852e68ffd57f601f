# shellcheck shell=bash
# Fetching the servers' artifacts. Everything comes from Maven Central through the project's Maven wrapper, so
# downloads land in ~/.m2 once and a fresh clone (or rm -rf .chirp) re-uses them. The resolved result is cached
# in CHIRP_HOME/cache together with the SHA-256 of the POM it came from, and Maven is only run again when that
# POM changes or a cached jar disappeared.

# Several resolutions run in parallel and share ~/.m2: file locks keep them from writing the same artifact twice.
mvn_fetch() {
  "$CHIRP_REPO/mvnw" -q -B \
    -Daether.syncContext.named.factory=file-lock \
    -Daether.syncContext.named.nameMapper=file-gav \
    "$@"
}

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

# ensure_classpath NAME: cache/NAME.classpath = the jars of launcher/servers/NAME/pom.xml, ':'-separated.
ensure_classpath() {
  local name="$1" out="$CACHE_DIR/$1.classpath"
  classpath_ok "$name" && return 0
  log "resolving $name with Maven (first time or its pom changed)"
  if ! mvn_fetch -f "$LAUNCHER_DIR/servers/$name/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$out.tmp" >"$CACHE_DIR/$name.fetch.log" 2>&1; then
    sed 's/^/    | /' "$CACHE_DIR/$name.fetch.log" | tail -n 30 >&2
    die "could not resolve $name from Maven (log: $CACHE_DIR/$name.fetch.log). Check that Maven Central is reachable."
  fi
  mv -f "$out.tmp" "$out"
  pom_sum "$name" >"$out.sha256"
}

# ensure_es_dist: cache/elasticsearch/elasticsearch-<version>/ = the unpacked integ-test-zip.
ensure_es_dist() {
  local dest="$CACHE_DIR/elasticsearch"
  es_dist_ok && return 0
  log "unpacking Elasticsearch with Maven (first time or its pom changed)"
  rm -rf "$dest.tmp" "$dest.markers"
  # markersDirectory: outside the source tree, so the plugin never skips an unpack because of an old marker.
  if ! mvn_fetch -f "$LAUNCHER_DIR/servers/elasticsearch/pom.xml" dependency:unpack-dependencies \
    -DoutputDirectory="$dest.tmp" -DmarkersDirectory="$dest.markers" \
    >"$CACHE_DIR/elasticsearch.fetch.log" 2>&1; then
    sed 's/^/    | /' "$CACHE_DIR/elasticsearch.fetch.log" | tail -n 30 >&2
    die "could not fetch Elasticsearch from Maven (log: $CACHE_DIR/elasticsearch.fetch.log)."
  fi
  rm -rf "$dest" "$dest.markers"
  mv "$dest.tmp" "$dest"
  # Read-only for everybody: Elasticsearch runs as an unprivileged user from here.
  chmod -R a+rX "$dest"
  pom_sum elasticsearch >"$dest.sha256"
}

es_home() {
  local home
  for home in "$CACHE_DIR"/elasticsearch/elasticsearch-*; do
    [[ -x $home/bin/elasticsearch ]] && printf '%s' "$home" && return 0
  done
  return 1
}

# fetch_servers NAME...: make sure each server's artifacts are cached; resolve the missing ones in parallel.
fetch_servers() {
  local name
  local -a jobs=()
  for name in "$@"; do
    case "$name" in
      elasticsearch) es_dist_ok && continue ;;
      redis) { redis_needs_fallback && ! classpath_ok redis; } || continue ;;
      *) classpath_ok "$name" && continue ;;
    esac
    # Resolve in the background; the die inside ends only that subshell, which wait reports.
    if [[ $name == elasticsearch ]]; then
      ensure_es_dist &
    else
      ensure_classpath "$name" &
    fi
    jobs+=("$!")
  done
  local i failed=0
  for i in "${!jobs[@]}"; do
    wait "${jobs[$i]}" || failed=1
  done
  ((failed == 0)) || die "fetching server artifacts failed (see above)"
}

es_dist_ok() {
  [[ -f $CACHE_DIR/elasticsearch.sha256 && $(<"$CACHE_DIR/elasticsearch.sha256") == "$(pom_sum elasticsearch)" ]] && es_home >/dev/null
}
