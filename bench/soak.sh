#!/usr/bin/env bash
# A soak of the service: a release `qamqor serve` on loopback with a fresh audit database, then
# bench/soak.py sends mixed good and bad requests at a steady rate for the given minutes, samples
# the service's memory every 10 s and checks that no answer was a 5xx, every 200 decision was
# audited and memory stayed flat. The service must still answer /healthz at the end.
#   bench/soak.sh [MINUTES=30] [RATE=40 requests a second] [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES="${1:-30}"; RATE="${2:-40}"
if [ $# -ge 3 ]; then Q="$3"; else
  swift build -c release --product qamqor >/dev/null 2>&1 || swift build -c release --product qamqor
  Q=.build/release/qamqor
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/qamqor-soak.XXXXXX")"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$Q" serve --rules rules --samples samples --db "$WORK/audit.sqlite" --port "$PORT" >"$WORK/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
echo "qamqor serve (pid $PID) on port $PORT; audit log $WORK/audit.sqlite; $MINUTES min at $RATE requests/s"
status=0
python3 bench/soak.py --url "http://127.0.0.1:$PORT" --pid "$PID" --db "$WORK/audit.sqlite" \
  --minutes "$MINUTES" --rate "$RATE" --samples samples || status=$?
if curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; then echo "the service still answers /healthz"
else echo "FAIL: the service no longer answers /healthz"; status=1; fi
exit $status
