#!/usr/bin/env bash
# Schemathesis (PyPI) against docs/openapi.yaml, every check, twice: the workstation service (no
# tokens) and a service started with --auth and a token holding every role, so that the audit log
# route is reached too. Fails on any failure schemathesis reports.
# No allowance beyond what the document states (docs/schemathesis.toml says which, and why). A
# fixed seed makes a run repeatable: CI runs one; give others to look further.
#   bench/schemathesis.sh [EXAMPLES=150] [BINARY=.build/debug/qamqor] [SEED=1]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-150}"; Q="${2:-.build/debug/qamqor}"; SEED="${3:-1}"
# schemathesis: the one on PATH, else one installed into a virtual environment of its own.
ST=$(command -v st || true)
if [ -z "$ST" ]; then
  VENV=.build-schemathesis
  [ -x "$VENV/bin/st" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet schemathesis; }
  ST="$VENV/bin/st"
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/qamqor-st.XXXXXX")"
pids=()
trap 'kill ${pids[@]} 2>/dev/null || true' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() { # PORT DB [--auth FILE]
  # A copy of the rules each: the workbench's publish and rollback write the rules directory.
  mkdir -p "$WORK/$1" && cp -r rules "$WORK/$1/rules"
  "$Q" serve --rules "$WORK/$1/rules" --samples samples --port "$1" --db "$2" "${@:3}" >"$WORK/serve-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 150); do curl -s "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "the service on port $1 did not start:" >&2; cat "$WORK/serve-$1.log" >&2; exit 1
}
OPEN=$(free_port); start "$OPEN" "$WORK/open.sqlite"
echo "== workstation (no tokens), port $OPEN"
# A draft's impact may generate and decide up to 30 000 households twice: seconds in a release
# build, longer in the debug build CI tests. Requests wait up to 120 s, and `-c all`'s response-time
# check allows as much (schemathesis' defaults: 10 s; a test must not fail on timing).
TIMEOUT=(--request-timeout 120 --max-response-time 120 --seed "$SEED")
# The document states the deployment with tokens: `security` says which operations need one. A
# workstation service (on loopback, no --auth) serves its one user every role but `auditor`
# without a token, by design; its run reads the same document with `security` left out of the
# operations it serves so, and the run with --auth below reads the document as it is.
sed '/^      security: \[{bearer: \[\]}\]$/{N;/x-role: auditor/!s/^      security: \[{bearer: \[\]}\]\n//}' docs/openapi.yaml > "$WORK/openapi-workstation.yaml"
"$ST" --config-file docs/schemathesis.toml run "$WORK/openapi-workstation.yaml" -u "http://127.0.0.1:$OPEN" -c all -n "$N" "${TIMEOUT[@]}"
TOKEN=$("$Q" token --auth "$WORK/tokens.json" --name schemathesis --role caseworker --role committee --role policy --role auditor | grep -Eo '[A-Za-z0-9_-]{32,}' | head -1)
AUTHED=$(free_port); start "$AUTHED" "$WORK/authed.sqlite" --auth "$WORK/tokens.json"
echo "== with --auth and a token holding every role, port $AUTHED"
"$ST" --config-file docs/schemathesis.toml run docs/openapi.yaml -u "http://127.0.0.1:$AUTHED" -c all -n "$N" "${TIMEOUT[@]}" \
  -H "Authorization: Bearer $TOKEN"
