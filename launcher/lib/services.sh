# shellcheck shell=bash
# The Spring Boot services: build, start, readiness. The list is the table CHIRP_SERVICES at the top of ./chirp.
# Each service runs as: java -Xmx256m -XX:SharedArchiveFile=… -jar <module.jar extracted in CHIRP_HOME/cache/services>
# (extract_service), with its working folder and java.io.tmpdir inside CHIRP_HOME, and is ready when /actuator/health/readiness answers 200 on its management port
# (service_management_port: MANAGEMENT_SERVER_PORT in its row, else its own port).

service_names() {
  local row name
  for row in "${CHIRP_SERVICES[@]}"; do
    read -r name _ <<<"$row"
    printf '%s\n' "$name"
  done
}

service_port() {
  local row name port
  for row in "${CHIRP_SERVICES[@]}"; do
    read -r name port _ <<<"$row"
    [[ $name == "$1" ]] && printf '%s' "$port" && return 0
  done
  return 1
}

# Where a service's /actuator is: MANAGEMENT_SERVER_PORT from its row (the gateway keeps operations off its public
# port), else the service's own port.
service_management_port() {
  local var
  while IFS= read -r var; do
    [[ $var == MANAGEMENT_SERVER_PORT=* ]] && printf '%s' "${var#*=}" && return 0
  done < <(service_env "$1")
  service_port "$1"
}

# Every port a service listens on: its own, then its management port when that differs.
service_ports() {
  local port management
  port="$(service_port "$1")"
  management="$(service_management_port "$1")"
  if [[ $management == "$port" ]]; then printf '%s\n' "$port"; else printf '%s %s\n' "$port" "$management"; fi
}

# Extra VAR=value words of a service's row, with @CHIRP_HOME@ and @INTERNAL_SECRET@ replaced.
service_env() {
  local row name port extra
  for row in "${CHIRP_SERVICES[@]}"; do
    read -r name port extra <<<"$row"
    if [[ $name == "$1" ]]; then
      extra="${extra//@CHIRP_HOME@/$CHIRP_HOME}"
      [[ $extra == *@INTERNAL_SECRET@* ]] && extra="${extra//@INTERNAL_SECRET@/$(internal_secret)}"
      # shellcheck disable=SC2086 # one VAR=value per word
      printf '%s\n' $extra
      return 0
    fi
  done
}

# The secret behind the service credential of /internal/** calls (chirp-shared ServiceToken): 32 random bytes, hex,
# written once per CHIRP_HOME (owner-only) and then reused, so services restarted one by one still trust each other.
# Never printed by ./chirp; the services refuse to start without it.
internal_secret() {
  local file="$DATA_DIR/internal/secret"
  if [[ ! -s $file ]]; then
    mkdir -p "$DATA_DIR/internal"
    chmod 700 "$DATA_DIR/internal"
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$file.new" && mv -f "$file.new" "$file")
  fi
  cat "$file"
}

# The module a service row runs: its name, or for a second instance (cluster topology) its name without "-2".
service_module() {
  case "$1" in
    *-service-[0-9]) printf '%s' "${1%-*}" ;;
    *) printf '%s' "$1" ;;
  esac
}

service_jar() {
  local module
  module="$(service_module "$1")"
  printf '%s/%s/target/%s.jar' "$CHIRP_REPO" "$module" "$module"
}

# Build with Maven only when a jar is missing or a pom.xml / src/main file is newer than the oldest jar.
build_services() {
  local name jar oldest="" need=""
  for name in $(service_names); do
    jar="$(service_jar "$name")"
    if [[ ! -f $jar ]]; then
      need="$name has no jar yet"
      break
    fi
    [[ -z $oldest || $jar -ot $oldest ]] && oldest="$jar"
  done
  if [[ -z $need ]]; then
    local newer
    newer="$(find "$CHIRP_REPO" \
      \( -path "$CHIRP_HOME" -o -path "$CHIRP_REPO/.git" -o -name target -o -name node_modules \) -prune -o \
      -type f \( -name pom.xml -o -path '*/src/main/*' \) -newer "$oldest" -print -quit)"
    [[ -n $newer ]] && need="${newer#"$CHIRP_REPO"/} changed since the last build"
  fi
  if [[ -n ${CHIRP_SKIP_BUILD:-} && ${CHIRP_SKIP_BUILD:-} != 0 ]]; then
    [[ -n $need ]] && log "CHIRP_SKIP_BUILD is set; not building although $need"
  elif [[ -n $need ]]; then
    log "building the services ($need): ./mvnw -q -B -DskipTests package"
    (cd "$CHIRP_REPO" && ./mvnw -q -B -DskipTests package) ||
      die "the build failed (output above). Fix the build, or run with CHIRP_SKIP_BUILD=1 to start the existing jars."
  fi
  for name in $(service_names); do
    jar="$(service_jar "$name")"
    [[ -f $jar ]] || die "missing $jar.
  Fix: the module $name must exist in the root pom.xml and build target/$name.jar (finalName \${project.artifactId});
  build with ./mvnw -DskipTests package."
  done
}

start_service() {
  local name="$1" port tmp var
  port="$(service_port "$name")"
  tmp="$TMP_DIR/$name"
  mkdir -p "$tmp"
  local -a env_vars=("CHIRP_HOME=$CHIRP_HOME" "SERVER_PORT=$port")
  while IFS= read -r var; do
    [[ -z $var ]] && continue
    env_vars+=("$var")
    # Folders handed to a service (…_DIR=path) are created for it.
    [[ ${var%%=*} == *_DIR ]] && mkdir -p "${var#*=}"
  done < <(service_env "$name")
  local dir
  extract_service "$name"
  dir=$SERVICE_DIR
  local -a cds=()
  [[ -s $dir/app.jsa ]] && cds=("-XX:SharedArchiveFile=$dir/app.jsa")
  # CHIRP_SERVICE_JAVA_OPTS adds JVM options (the test stage sets -XX:TieredStopAtLevel=1: a test run is short).
  # shellcheck disable=SC2086 # CHIRP_SERVICE_JAVA_OPTS is a list of JVM options
  spawn "$name" "$CHIRP_HOME" env "${env_vars[@]}" \
    "$JAVA" -Xmx256m "-Djava.io.tmpdir=$tmp" "${cds[@]}" ${CHIRP_SERVICE_JAVA_OPTS-} \
    -jar "$dir/$(service_module "$name").jar"
}

# Class-data sharing (Spring Boot's recipe, launcher/README.md "Start-up"): a training run starts the application
# context, records the classes it loaded into app.jsa and exits; every later start of that build maps them instead of
# loading and verifying them again: about half the CPU and wall time of a start, with the full JIT kept. The runs of
# all services that need one go in parallel, on ports of their own (0), stopped by PID when they overrun.
# CHIRP_SERVICE_CDS=0 skips it (the test stage: it starts each build once).
train_class_data() {
  [[ ${CHIRP_SERVICE_CDS:-1} == 0 ]] && return 0
  local name dir start=$SECONDS
  local -a training=()
  for name in "$@"; do
    # A second instance runs the same build: the first one's training covers it.
    [[ $(service_module "$name") == "$name" ]] || continue
    extract_service "$name"
    dir=$SERVICE_DIR
    [[ -s $dir/app.jsa ]] && continue
    local -a env_vars=("CHIRP_HOME=$CHIRP_HOME" "SERVER_PORT=0" "MANAGEMENT_SERVER_PORT=0")
    local var
    while IFS= read -r var; do
      [[ -n $var && ${var%%=*} != MANAGEMENT_SERVER_PORT ]] && env_vars+=("$var")
    done < <(service_env "$name")
    rm -f "$dir/app.jsa.tmp"
    spawn "$name-cds" "$CHIRP_HOME" env "${env_vars[@]}" "$JAVA" -Xmx256m "-Djava.io.tmpdir=$TMP_DIR/$name" \
      "-XX:ArchiveClassesAtExit=$dir/app.jsa.tmp" -Dspring.context.exit=onRefresh -jar "$dir/$name.jar"
    training+=("$name")
  done
  ((${#training[@]} > 0)) || return 0
  log "recording the classes of ${training[*]} for faster starts (once per build; CHIRP_SERVICE_CDS=0 skips it)"
  while ((SECONDS - start < CHIRP_SERVICE_TIMEOUT)); do
    local busy=0
    for name in "${training[@]}"; do is_running "$name-cds" && busy=1; done
    ((busy)) || break
    sleep 1
  done
  for name in "${training[@]}"; do
    local overran=0
    is_running "$name-cds" && overran=1
    stop "$name-cds"
    rm -f "$(pid_file "$name-cds")"
    extract_service "$name"
    dir=$SERVICE_DIR
    # Renamed only when the JVM exited by itself: one stopped mid-dump leaves no archive, and the service starts
    # without one.
    if ((!overran)) && [[ -s $dir/app.jsa.tmp ]]; then
      mv -f "$dir/app.jsa.tmp" "$dir/app.jsa"
    else
      rm -f "$dir/app.jsa.tmp"
      log "warning: no class-data archive for $name (see $LOG_DIR/$name-cds.log); it starts without one"
    fi
  done
  log "class data recorded in $((SECONDS - start))s"
}

# The service's jar extracted (Spring Boot's CDS-friendly layout: the application jar beside lib/), in a folder named
# after the jar's content, left in SERVICE_DIR. A running JVM reads its classes until it stops, and a class-data
# archive is valid only for the exact files it was recorded from: neither may change under a service, so a rebuilt
# jar gets a new folder (and a new archive) while the old folder is removed only when the service is started again.
# The jar's hash is remembered for its path, size and modification time, so one ./chirp up hashes each jar once;
# SERVICE_DIR is a global rather than printed because a command substitution's subshell would forget that memo.
declare -gA EXTRACTED_SERVICES=()
extract_service() {
  local name jar sum dir stamp
  name="$(service_module "$1")"
  jar="$(service_jar "$name")"
  stamp="$(stat -c '%s:%Y' "$jar")"
  if [[ ${EXTRACTED_SERVICES[$jar]-} == "$stamp:"* ]]; then
    sum="${EXTRACTED_SERVICES[$jar]##*:}"
  else
    sum="$(sha256sum "$jar" | cut -c1-16)"
    EXTRACTED_SERVICES[$jar]="$stamp:$sum"
  fi
  dir="$CACHE_DIR/services/$name/$sum"
  if [[ ! -f $dir/$name.jar ]]; then
    rm -rf "$CACHE_DIR/services/$name"
    mkdir -p "$dir"
    "$JAVA" -Djarmode=tools -jar "$jar" extract --force --destination "$dir" > /dev/null ||
      die "could not extract $jar into $dir (java -Djarmode=tools -jar $jar extract)"
  fi
  SERVICE_DIR=$dir
}

all_services_running() {
  local name
  for name in $(service_names); do
    is_running "$name" || return 1
  done
}

service_ready() {
  [[ $(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$(service_management_port "$1")/actuator/health/readiness" 2>/dev/null) == 200 ]]
}

services_up() {
  local name
  local -a todo=()
  for name in $(service_names); do
    if is_running "$name"; then
      log "$name is already running (pid $(main_pid "$name"))"
    else
      rm -f "$(pid_file "$name")"
      # shellcheck disable=SC2046 # one word per port
      require_ports_free "$name" $(service_ports "$name")
      todo+=("$name")
    fi
  done
  if ((${#todo[@]} > 0)); then
    local start=$SECONDS
    train_class_data "${todo[@]}"
    for name in "${todo[@]}"; do
      log "starting $name on port $(service_port "$name")"
      start_service "$name"
    done
    if ! wait_ready service_ready "$CHIRP_SERVICE_TIMEOUT" "${todo[@]}"; then
      log "stopping the services this command started (servers stay up; ./chirp down stops everything)"
      for name in "${todo[@]}"; do stop "$name"; done
      exit 1
    fi
    log "services ready in $((SECONDS - start))s"
  else
    # shellcheck disable=SC2046
    wait_ready service_ready "$CHIRP_SERVICE_TIMEOUT" $(service_names) || die "a running service is not healthy"
  fi
}

services_down() {
  # shellcheck disable=SC2046
  stop_all $(service_names)
}
