# shellcheck shell=bash
# Shared helpers for ./chirp: paths, messages, prerequisite checks, process and port bookkeeping.
# Sourced by ./chirp; expects CHIRP_REPO to be set.

# ---- Layout -------------------------------------------------------------------------------------------------------
# Everything the launcher creates lives under CHIRP_HOME (git-ignored), so deleting it resets the machine.
CHIRP_HOME="${CHIRP_HOME:-$CHIRP_REPO/.chirp}"
CHIRP_HOME="$(realpath -m -- "$CHIRP_HOME")"
export CHIRP_HOME
# shellcheck disable=SC2034 # used by the other launcher files
LAUNCHER_DIR="$CHIRP_REPO/launcher"
DATA_DIR="$CHIRP_HOME/data"    # persistent data, one folder per server (survives down/up)
CONF_DIR="$CHIRP_HOME/conf"    # generated configuration, rewritten at every start
LOG_DIR="$CHIRP_HOME/logs"     # <name>.log = stdout/stderr of each process (previous run: <name>.log.1)
RUN_DIR="$CHIRP_HOME/run"      # <name>.pid = PIDs we started; the only PIDs ./chirp ever signals
TMP_DIR="$CHIRP_HOME/tmp"      # java.io.tmpdir etc. of each process, so nothing lands in /tmp
CACHE_DIR="$CHIRP_HOME/cache"  # resolved classpaths, the extracted Elasticsearch; rebuilt from ~/.m2 when missing

# Seconds to wait for a graceful stop before SIGKILL, and for readiness.
CHIRP_STOP_TIMEOUT="${CHIRP_STOP_TIMEOUT:-20}"
CHIRP_SERVER_TIMEOUT="${CHIRP_SERVER_TIMEOUT:-180}"
# Six Spring Boot services starting together on 2 busy cores took 216 s once; allow for that.
CHIRP_SERVICE_TIMEOUT="${CHIRP_SERVICE_TIMEOUT:-300}"
CHIRP_MIN_FREE_GB="${CHIRP_MIN_FREE_GB:-4}"

# ---- Messages -----------------------------------------------------------------------------------------------------
log() { printf 'chirp: %s\n' "$*"; }
warn() { printf 'chirp: warning: %s\n' "$*" >&2; }
die() {
  printf 'chirp: error: %s\n' "$*" >&2
  exit 1
}

is_root() { [[ $(id -u) -eq 0 ]]; }

make_layout() {
  mkdir -p "$DATA_DIR" "$CONF_DIR" "$LOG_DIR" "$RUN_DIR" "$TMP_DIR" "$CACHE_DIR"
  # Elasticsearch runs as an unprivileged user and must be able to walk into CHIRP_HOME, whatever our umask is.
  chmod a+rx "$CHIRP_HOME" "$DATA_DIR" "$CONF_DIR" "$LOG_DIR" "$TMP_DIR" "$CACHE_DIR"
}

# ---- Prerequisites ------------------------------------------------------------------------------------------------
# Cassandra 5.0 runs on JDK 11 or 17 only (it installs a SecurityManager, which JDK 21+ refuse), so every JVM we
# start uses one JDK 17: the same for servers and services keeps the picture simple.
find_java17() {
  local candidate version
  local -a candidates=()
  [[ -n ${CHIRP_JAVA_HOME:-} ]] && candidates+=("$CHIRP_JAVA_HOME")
  candidates+=(/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-arm64 /usr/lib/jvm/*17*)
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    [[ -x $candidate/bin/java ]] || continue
    version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release" 2>/dev/null || true)"
    if [[ -z $version ]]; then
      version="$("$candidate/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
    fi
    if [[ $version == 17 ]]; then
      # shellcheck disable=SC2034 # used by servers.sh and services.sh
      JAVA17_HOME="$candidate" JAVA="$candidate/bin/java"
      return 0
    fi
  done
  die "JDK 17 not found (looked at CHIRP_JAVA_HOME, /usr/lib/jvm/*17*, JAVA_HOME, java on PATH).
  Cassandra 5.0 needs JDK 17 (it fails on 21 and newer).
  Fix: apt-get install -y openjdk-17-jdk-headless, or export CHIRP_JAVA_HOME=/path/to/jdk-17"
}

check_tools() {
  local tool missing=()
  for tool in curl ss setsid flock timeout od sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]}. Fix (Debian): apt-get install -y curl iproute2 util-linux coreutils"
}

check_disk() {
  local dir="$CHIRP_HOME" avail_kb
  while [[ ! -d $dir ]]; do dir="$(dirname "$dir")"; done
  avail_kb="$(df -Pk -- "$dir" | awk 'NR==2 {print $4}')"
  if ((avail_kb < CHIRP_MIN_FREE_GB * 1024 * 1024)); then
    die "only $((avail_kb / 1024 / 1024)) GB free on the disk of $dir; the servers need about ${CHIRP_MIN_FREE_GB} GB.
  Fix: free some space (./chirp down && rm -rf $DATA_DIR drops all local data), or point CHIRP_HOME at a bigger disk."
  fi
}

# ---- Locking ------------------------------------------------------------------------------------------------------
# One ./chirp at a time may start or stop things. fd 9 is closed in every child we spawn (see spawn), so a server
# never inherits the lock.
take_lock() {
  exec 9>"$RUN_DIR/chirp.lock"
  if ! flock -n 9; then
    log "another ./chirp is starting or stopping something; waiting for it"
    flock 9
  fi
}
release_lock() { exec 9>&-; }

# ---- PIDs ---------------------------------------------------------------------------------------------------------
# A pid file holds one PID per line. The first is the main process (status shows it and its memory); the last is
# the one that gets SIGTERM: the same process, except for Elasticsearch, whose launcher JVM (last) stops the server
# JVM (first) cleanly when it gets SIGTERM.
pid_file() { printf '%s/%s.pid' "$RUN_DIR" "$1"; }

pids_of() {
  local file
  file="$(pid_file "$1")"
  if [[ -f $file ]]; then grep -E '^[0-9]+$' "$file" || true; fi
}

main_pid() { pids_of "$1" | head -n1; }

# Is PID a live process that this CHIRP_HOME started? Guards against PID reuse: a recycled PID belongs to some
# other command line. Every process we start names a path inside CHIRP_HOME on its command line (config file,
# java.io.tmpdir, ...) or runs with its working directory inside it. Zombies have an empty cmdline and fail.
is_ours() {
  local pid="$1" cmdline cwd
  [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
  cmdline="$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null)" || return 1
  [[ -n $cmdline ]] || return 1
  [[ $cmdline == *"$CHIRP_HOME/"* ]] && return 0
  cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null)" || return 1
  [[ $cwd == "$CHIRP_HOME" || $cwd == "$CHIRP_HOME/"* ]]
}

is_running() { is_ours "$(main_pid "$1")"; }

# Resident memory of a PID in MB (0 when gone).
rss_mb() {
  local kb
  kb="$(ps -o rss= -p "$1" 2>/dev/null | tr -d ' ')" || true
  printf '%d' $((${kb:-0} / 1024))
}

# ---- Ports --------------------------------------------------------------------------------------------------------
port_listening() { [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]; }
port_pids() { ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

describe_pid() {
  local pid="$1"
  printf 'pid %s (%s)' "$pid" "$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-160)"
}

# Refuse to start NAME when one of its ports is taken. Says who holds it and what to do.
require_ports_free() {
  local name="$1" port pid
  shift
  for port in "$@"; do
    port_listening "$port" || continue
    local holders
    holders="$(port_pids "$port")"
    printf 'chirp: error: cannot start %s: port %s is already in use.\n' "$name" "$port" >&2
    ss -Hltnp "sport = :$port" | sed 's/^/    ss: /' >&2
    if [[ -z $holders ]]; then
      printf '    (no PID visible: run as root to see the owner)\n' >&2
    fi
    for pid in $holders; do
      if is_ours "$pid"; then
        printf '    held by %s, a process of this CHIRP_HOME without a pid file.\n' "$(describe_pid "$pid")" >&2
        printf '  Fix: stop it yourself (kill %s), then rerun.\n' "$pid" >&2
      else
        printf '    held by %s, which ./chirp did not start.\n' "$(describe_pid "$pid")" >&2
        printf '  Fix: stop that process (or the other checkout'"'"'s ./chirp down), then rerun.\n' >&2
      fi
    done
    exit 1
  done
}

# ---- Starting and stopping processes --------------------------------------------------------------------------------
# spawn NAME CWD CMD...: start CMD in the background, detached in its own session (so Ctrl-C in the terminal and
# the end of ./chirp do not reach it), stdout+stderr to logs/NAME.log, PID to run/NAME.pid. setsid execs CMD in
# place (the subshell is not a process-group leader), so $! is the PID of CMD itself.
spawn() {
  local name="$1" cwd="$2" log
  shift 2
  log="$LOG_DIR/$name.log"
  [[ -f $log ]] && mv -f "$log" "$log.1" # keep the previous run's log for post-mortems
  (cd "$cwd" && exec setsid "$@") </dev/null >"$log" 2>&1 9>&- &
  printf '%s\n' "$!" >"$(pid_file "$name")"
}

# stop NAME: SIGTERM to the last live PID of the pid file, wait up to CHIRP_STOP_TIMEOUT s for every recorded PID to
# go, then SIGKILL what is left. Only PIDs from our pid file that still pass is_ours are ever signalled.
stop() {
  local name="$1" pid waited=0
  local -a ours=()
  # A server may know more PIDs than its pid file yet holds (Elasticsearch's server JVM): let it record them first.
  local kind
  kind="$(server_kind "$name")"
  if declare -F "record_pids_$kind" >/dev/null; then "record_pids_$kind" "$name"; fi
  for pid in $(pids_of "$name"); do
    is_ours "$pid" && ours+=("$pid")
  done
  if ((${#ours[@]} == 0)); then
    rm -f "$(pid_file "$name")"
    return 0
  fi
  kill -TERM "${ours[-1]}" 2>/dev/null || true
  while :; do
    local -a alive=()
    for pid in "${ours[@]}"; do
      is_ours "$pid" && alive+=("$pid")
    done
    ((${#alive[@]} == 0)) && break
    if ((waited >= CHIRP_STOP_TIMEOUT * 2)); then
      warn "$name did not stop within ${CHIRP_STOP_TIMEOUT}s; sending SIGKILL to ${alive[*]}"
      kill -KILL "${alive[@]}" 2>/dev/null || true
      sleep 1
      break
    fi
    # If the process we signalled is gone but others remain (a launcher that died before its server), TERM those.
    if ! is_ours "${ours[-1]}" && ((waited % 10 == 0)); then
      kill -TERM "${alive[@]}" 2>/dev/null || true
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -f "$(pid_file "$name")"
  log "stopped $name (pid ${ours[*]}) after $((waited / 2))s"
}

# stop_all NAME...: stop several at once (each waits for its own process), so down takes the slowest, not the sum.
stop_all() {
  local name
  local -a jobs=()
  for name in "$@"; do
    stop "$name" &
    jobs+=("$!")
  done
  for name in "${jobs[@]}"; do
    wait "$name" || true
  done
}

# ---- Waiting for readiness ------------------------------------------------------------------------------------------
# wait_ready CHECK TIMEOUT NAME...: poll "CHECK NAME" every second until each NAME passes; fail fast if a process
# dies (and show the end of its log). Shows progress while waiting.
wait_ready() {
  local check="$1" timeout="$2" start=$SECONDS name line
  shift 2
  local -a pending=("$@")
  local tty=0
  [[ -t 1 ]] && tty=1
  while ((${#pending[@]} > 0)); do
    local -a still=()
    for name in "${pending[@]}"; do
      if ! is_running "$name"; then
        ((tty)) && printf '\r\033[K'
        failed_to_start "$name" "its process exited"
        return 1
      elif "$check" "$name"; then
        ((tty)) && printf '\r\033[K'
        log "$name is ready ($((SECONDS - start))s)"
      else
        still+=("$name")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    ((${#pending[@]} == 0)) && break
    if ((SECONDS - start >= timeout)); then
      ((tty)) && printf '\r\033[K'
      failed_to_start "${pending[0]}" "not ready after ${timeout}s"
      return 1
    fi
    line="waiting for ${pending[*]} ... $((SECONDS - start))s"
    if ((tty)); then
      printf '\r\033[Kchirp: %s' "$line"
    elif ((SECONDS - start > 0 && (SECONDS - start) % 10 == 0)); then
      log "$line"
    fi
    sleep 1
  done
}

failed_to_start() {
  local name="$1" why="$2" log="$LOG_DIR/$1.log"
  printf 'chirp: error: %s failed to start: %s. Last lines of %s:\n' "$name" "$why" "$log" >&2
  tail -n 40 "$log" 2>/dev/null | sed 's/^/    | /' >&2 || true
}

# ---- Rendering configuration ----------------------------------------------------------------------------------------
# render TEMPLATE OUT KEY=VALUE...: copy TEMPLATE to OUT replacing @KEY@ with VALUE (values are paths; no '|').
render() {
  local template="$1" out="$2" pair
  shift 2
  local -a args=()
  for pair in "$@"; do
    args+=(-e "s|@${pair%%=*}@|${pair#*=}|g")
  done
  mkdir -p "$(dirname "$out")"
  sed "${args[@]}" "$template" >"$out"
}
