# shellcheck shell=bash
# Stages of ./chirp test that run after `./mvnw -B verify` has passed, with the servers still up: the checks of the
# deployment files and of the docs, then the end-to-end suite against the whole running system through the gateway.
# Each stage prints its own result; the first failure fails the run (the later stages still run, so one CI run
# shows every problem).

E2E_STARTED_SERVICES=()

test_extra_stages() {
  local rc=0 stage_rc
  for stage in "deployment files (deploy/check.sh):deployment_checks" "docs (docs/check-docs.py):docs_checks" \
    "end to end (e2e-tests, through the gateway):e2e_stage"; do
    stage_rc=0
    run_stage "${stage%:*}" "${stage##*:}" || stage_rc=$?
    ((rc != 0)) || rc=$stage_rc
  done
  return "$rc"
}

run_stage() {
  local title="$1" stage="$2" start=$SECONDS rc=0
  log "stage: $title"
  "$stage" || rc=$?
  if ((rc == 0)); then
    log "stage passed in $((SECONDS - start))s: $title"
  else
    log "stage FAILED (exit $rc) in $((SECONDS - start))s: $title"
  fi
  return "$rc"
}

deployment_checks() {
  [[ -x $CHIRP_REPO/deploy/check.sh ]] || { log "no deploy/check.sh"; return 1; }
  "$CHIRP_REPO/deploy/check.sh" || return 1
  # Backup scripts: snapshot and restore of a throwaway index/keyspace on the running servers (skips what they lack).
  "$CHIRP_REPO/deploy/backup/test-local.sh"
}

docs_checks() {
  [[ -f $CHIRP_REPO/docs/check-docs.py ]] || { log "no docs/check-docs.py"; return 1; }
  python3 "$CHIRP_REPO/docs/check-docs.py"
}

# The README walkthrough uses curl and jq, as a reader would.
ensure_jq() {
  command -v jq >/dev/null 2>&1 && return 0
  is_root || die "the end-to-end stage needs jq (the README walkthrough uses it). Fix: apt-get install jq"
  log "installing jq (Debian package) for the README walkthrough"
  apt-get install -y -qq jq >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq jq >/dev/null; } ||
    die "could not install jq. Fix: apt-get update && apt-get install jq"
}

# The web client's browser test (WebClientBrowserIT) drives headless Chromium through chromedriver, both
# from Debian's packages (no browser download of Selenium's own: it finds /usr/bin/chromedriver).
ensure_chromium() {
  command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && return 0
  is_root || die "the end-to-end stage needs chromium and chromium-driver (the web client's browser test). Fix: apt-get install chromium chromium-driver"
  log "installing chromium and chromium-driver (Debian packages) for the web client's browser test"
  apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium chromium-driver >/dev/null; } ||
    die "could not install chromium. Fix: apt-get update && apt-get install chromium chromium-driver"
}

# The OpenAPI lint (tools/openapi-lint) runs the Redocly CLI on Node.js, from Debian's packages; the CLI itself is
# pinned in tools/openapi-lint/package-lock.json and installed by `npm ci` into the cache (lint.sh).
ensure_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
  is_root || die "the end-to-end stage needs node and npm (the OpenAPI lint). Fix: apt-get install nodejs npm"
  log "installing nodejs and npm (Debian packages) for the OpenAPI lint"
  apt-get install -y -qq nodejs npm >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq nodejs npm >/dev/null; } ||
    die "could not install nodejs and npm. Fix: apt-get update && apt-get install nodejs npm"
}

# The gateway's merged /v3/api-docs, as a REST client reads it, must pass Redocly's recommended rules with no
# error, and must be whole (every service answered).
openapi_lint() {
  log "OpenAPI lint: the gateway's merged /v3/api-docs (tools/openapi-lint, Redocly recommended rules)"
  CHIRP_OPENAPI_LINT_HOME="$CACHE_DIR/openapi-lint" "$CHIRP_REPO/tools/openapi-lint/lint.sh" "http://127.0.0.1:8080"
}

# Starts the services that are not running yet (the jars were just built by verify), runs the suite, and stops
# again exactly the services it started.
e2e_stage() {
  ensure_jq
  ensure_chromium
  ensure_node
  local name rc=0
  for name in $(service_names); do
    is_running "$name" || E2E_STARTED_SERVICES+=("$name")
  done
  if ((${#E2E_STARTED_SERVICES[@]} > 0)); then
    take_lock
    CHIRP_SKIP_BUILD=1 build_services
    # A test run starts each build once and is short: no class-data training run, and C1 only, which starts the six
    # services in about half the time (69 s -> 35 s measured here).
    CHIRP_SERVICE_CDS="${CHIRP_SERVICE_CDS:-0}" \
      CHIRP_SERVICE_JAVA_OPTS="${CHIRP_SERVICE_JAVA_OPTS--XX:TieredStopAtLevel=1}" services_up
    release_lock
  fi
  openapi_lint || { rc=$?; log "OpenAPI lint failed"; }
  # CHIRP_E2E_TESTS: a subset (failsafe's it.test pattern), as the cluster smoke runs
  (cd "$CHIRP_REPO" && ./mvnw -B -Pe2e -pl e2e-tests verify -Dchirp.e2e.home="$CHIRP_HOME" \
    ${CHIRP_E2E_TESTS:+-Dit.test="$CHIRP_E2E_TESTS"}) || rc=$?
  ((rc == 0)) || log "end-to-end failed; the services' logs are in $LOG_DIR"
  test_extra_cleanup
  return "$rc"
}

# The cluster topology once per full run, short enough for CI: three nodes of each data server, two instances of each
# service, and the end-to-end story (StoryIT: sign-up to delete, every feature once) through the gateway; then it is
# stopped again. It needs the ports of the single-node servers, so it runs after them, and only when this run started
# every one of them (servers that were already running are someone's: they are left alone and the smoke is skipped).
cluster_smoke_stage() {
  if ((TEST_REUSED > 0)); then
    log "cluster smoke skipped: $TEST_REUSED single-node server(s) were running before the tests; stop them (./chirp down) to include it, or run ./chirp test --cluster"
    return 0
  fi
  if ((${#STARTED_SERVERS[@]} > 0)); then
    log "stopping the single-node servers to free their ports: ${STARTED_SERVERS[*]}"
    take_lock
    servers_down_list "${STARTED_SERVERS[@]}"
    release_lock
    STARTED_SERVERS=()
  fi
  CHIRP_E2E_TESTS=StoryIT "$CHIRP_REPO/chirp" test --cluster
}

# Called by test_finish too, so an interrupted run leaves no service behind.
test_extra_cleanup() {
  if ((${#E2E_STARTED_SERVICES[@]} > 0)); then
    log "stopping the services started for the end-to-end stage: ${E2E_STARTED_SERVICES[*]}"
    stop_all "${E2E_STARTED_SERVICES[@]}"
    E2E_STARTED_SERVICES=()
  fi
}
