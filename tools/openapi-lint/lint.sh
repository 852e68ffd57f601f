#!/usr/bin/env bash
# tools/openapi-lint/lint.sh [GATEWAY_URL] : lints the gateway's merged OpenAPI document with the Redocly CLI pinned
# in package-lock.json (recommended rules, redocly.yaml). Exits non-zero when the document is incomplete (a service
# is named in x-chirp-missing-services: its operations would go unchecked) or has a lint error.
#
#   CHIRP_OPENAPI_LINT_HOME  where `npm ci` installs the CLI (default: ./.chirp/cache/openapi-lint of the repository)
set -euo pipefail

HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
GATEWAY="${1:-http://127.0.0.1:8080}"
TOOL_HOME="${CHIRP_OPENAPI_LINT_HOME:-$REPO/.chirp/cache/openapi-lint}"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
  { echo "openapi-lint: node and npm are needed (Debian: apt-get install nodejs npm)" >&2; exit 2; }

# npm ci again only when the pinned versions changed (the lockfile copy differs) or the install is incomplete.
mkdir -p "$TOOL_HOME"
if ! cmp -s "$HERE/package-lock.json" "$TOOL_HOME/package-lock.json" || [[ ! -x $TOOL_HOME/node_modules/.bin/redocly ]]; then
  echo "openapi-lint: installing the pinned Redocly CLI into $TOOL_HOME (npm ci)"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$TOOL_HOME/"
  (cd "$TOOL_HOME" && npm ci --no-audit --no-fund --loglevel=error) >"$TOOL_HOME/npm.log" 2>&1 ||
    { echo "openapi-lint: npm ci failed, see $TOOL_HOME/npm.log" >&2; tail -n 20 "$TOOL_HOME/npm.log" >&2; exit 2; }
fi

DOC="$TOOL_HOME/api-docs.json"
curl -fsS --max-time 30 "$GATEWAY/v3/api-docs" -o "$DOC" ||
  { echo "openapi-lint: could not fetch $GATEWAY/v3/api-docs" >&2; exit 1; }
# A partial document (a service did not answer in time) is served for 2 s only: ask again a few times.
for _ in 1 2 3 4 5; do
  node -e 'process.exit(require(process.argv[1])["x-chirp-missing-services"] ? 1 : 0)' "$DOC" && break
  sleep 3
  curl -fsS --max-time 30 "$GATEWAY/v3/api-docs" -o "$DOC"
done
missing="$(node -e 'console.log((require(process.argv[1])["x-chirp-missing-services"] || []).join(", "))' "$DOC")"
if [[ -n $missing ]]; then
  echo "openapi-lint: the merged document lacks $missing (x-chirp-missing-services); their operations cannot be checked" >&2
  exit 1
fi

"$TOOL_HOME/node_modules/.bin/redocly" lint "$DOC" --config "$HERE/redocly.yaml" --format stylish
