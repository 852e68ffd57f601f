# shellcheck shell=bash
# ./chirp seed and ./chirp bench: run the benchmarks module's jar against the running system (benchmarks/README.md).
# Both need all six services up (./chirp up); they start and stop nothing themselves.

bench_jar() { printf '%s/benchmarks/target/benchmarks.jar' "$CHIRP_REPO"; }

# Build the jar when it is missing or a pom.xml / src/main file of the module is newer than it.
build_bench() {
  local jar newer=""
  jar="$(bench_jar)"
  if [[ -f $jar ]]; then
    newer="$(find "$CHIRP_REPO/benchmarks" -name target -prune -o -type f \
      \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" -print -quit)"
  fi
  if [[ ! -f $jar || -n $newer ]]; then
    # -am: the benchmarks use chirp-shared's ServiceToken, which must come from this checkout, not ~/.m2.
    log "building the benchmarks: ./mvnw -q -B -o -pl benchmarks -am -DskipTests package"
    (cd "$CHIRP_REPO" && ./mvnw -q -B -o -pl benchmarks -am -DskipTests package) || die "the benchmarks build failed (output above)"
  fi
}

# Kafka's producer performance tool lives in kafka-tools, which the broker's cached classpath lacks: add the jar of the
# broker's version from ~/.m2 (fetched once with Maven when missing). Prints the classpath, or nothing on failure.
kafka_tools_classpath() {
  local cp_file="$CACHE_DIR/kafka.classpath" version jar
  [[ -f $cp_file ]] || return 0
  version="$(tr ':' '\n' <"$cp_file" | sed -n 's|.*/kafka_2\.13-\([0-9.]*\)\.jar$|\1|p' | head -n1)"
  [[ -n $version ]] || return 0
  jar="$HOME/.m2/repository/org/apache/kafka/kafka-tools/$version/kafka-tools-$version.jar"
  if [[ ! -f $jar ]]; then
    (cd "$CHIRP_REPO" && ./mvnw -q -B dependency:get "-Dartifact=org.apache.kafka:kafka-tools:$version" \
      -Dtransitive=false) >&2 || return 0
  fi
  [[ -f $jar ]] && printf '%s:%s' "$(cat "$cp_file")" "$jar"
}

require_services_ready() {
  local name
  local -a down=()
  for name in $(service_names); do
    service_ready "$name" || down+=("$name")
  done
  ((${#down[@]} == 0)) || die "not ready: ${down[*]}. Start the system first: ./chirp up"
}

run_bench_jar() {
  check_tools
  find_java17
  make_layout
  require_services_ready
  build_bench
  mkdir -p "$TMP_DIR/benchmarks"
  # Run from a copy, as the services do: a bench can take an hour, and rebuilding the module meanwhile must not
  # change the jar under it.
  local jar="$RUN_DIR/benchmarks-$$.jar" status=0
  cp "$(bench_jar)" "$jar"
  # The service credential's secret: the tweet-service bench calls /internal/tweets directly, as a sibling would.
  CHIRP_REPO="$CHIRP_REPO" CHIRP_HOME="$CHIRP_HOME" CHIRP_JAVA="$JAVA" CHIRP_KAFKA_TOOLS_CLASSPATH="$(kafka_tools_classpath)" \
    CHIRP_SECURITY_INTERNAL_SECRET="$(internal_secret)" "$JAVA" -Xmx768m "-Djava.io.tmpdir=$TMP_DIR/benchmarks" -jar "$jar" "$@" || status=$?
  rm -f "$jar"
  return "$status"
}

# Help needs neither the system nor a build.
wants_help() {
  local arg
  for arg in "$@"; do [[ $arg == --help || $arg == -h ]] && return 0; done
  return 1
}

bench_usage() {
  cat <<'USAGE'
./chirp seed  [--users 2000] [--tweets-per-user 5] [--likes-per-user 5] [--photo-every 5] [--concurrency 16]
              [--exponent 1.0] [--celebrity-threshold 500]
./chirp bench [--quick] [--users N] [--fan-out-followers N] [--celebrity-followers N] [--celebrity-threshold 500]
              [--out docs/benchmarks.md]                      the full run (docs/benchmarks.md)
./chirp bench --cost [--quick] [--out docs/benchmarks-cost.md]    CPU milliseconds per request, per process
./chirp bench --services [--quick] [--only user,tweet,media,search,gateway] [--users N] [--search-tweets N]
./chirp chaos [--users 40] [--rate 20] [--down 20] [--after 20] [--faults cassandra,kafka,redis,elasticsearch,services]
              [--out docs/benchmarks-chaos.md]   kill -9 under load, then audit (needs ./chirp up --cluster)
Each needs the system up (./chirp up); see benchmarks/README.md.
USAGE
}

cmd_seed() { if wants_help "$@"; then bench_usage; return 0; fi; run_bench_jar seed "$@"; }
cmd_bench() { if wants_help "$@"; then bench_usage; return 0; fi; run_bench_jar bench "$@"; }
# ./chirp chaos: the fault run (benchmarks/README.md); it kills and restarts processes through ./chirp kill and start.
cmd_chaos() { if wants_help "$@"; then bench_usage; return 0; fi; run_bench_jar chaos "$@"; }
