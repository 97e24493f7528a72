#!/usr/bin/env bash
# Load on the service as operations would run it: ATA decisions with their explanations
# (`POST /v1/decisions?program=ata`, the Almaty student family), each audited, on
#   1. one replica with the embedded SQLite audit log,
#   2. one replica with the audit log in PostgreSQL,
#   3. two replicas on one PostgreSQL, wrk's threads split between them (each thread keeps to
#      one replica: round robin by thread).
# Prints requests/s and p50/p99 for each, and checks afterwards that every 200 has its audit row
# (the rows counted equal the requests answered). Needs wrk (apt-get install wrk) and PostgreSQL
# (scripts/postgres-test.sh starts a throwaway cluster).
#   bench/replicas.sh [SECONDS] [CONNECTIONS]
#   QAMQOR_BIN=/path/to/qamqor bench/replicas.sh …   (another build, e.g. the one before a change)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-20}"; CONNECTIONS="${2:-16}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
if [ -n "${QAMQOR_BIN:-}" ]; then Q="$QAMQOR_BIN"; else
  swift build -c release --product qamqor >/dev/null 2>&1 || swift build -c release --product qamqor
  Q="$PWD/.build/release/qamqor"
fi
PG="$(scripts/postgres-test.sh start)"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

cat > "$WORK/post.lua" <<'LUA'
local ports, n = {}, 0
for p in string.gmatch(os.getenv("PORTS"), "%d+") do table.insert(ports, p) end
function setup(thread)
  n = n + 1
  local port = ports[(n - 1) % #ports + 1]
  thread.addr = wrk.lookup("127.0.0.1", port)[1]
end
local f = io.open(os.getenv("BODY"), "rb"); local body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.body = body; wrk.path = "/v1/decisions?program=ata&lang=ru"
wrk.headers["content-type"] = "application/json"
function done(summary, latency, requests)
  local ok = summary.requests - (summary.errors.status or 0) - (summary.errors.connect or 0) - (summary.errors.read or 0) - (summary.errors.write or 0) - (summary.errors.timeout or 0)
  io.write(string.format("RESULT %d %d %.1f %.2f %.2f\n", summary.requests, ok, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA

serve() { # port db
  "$Q" serve --rules rules --port "$1" --db "$2" 2>"$WORK/serve-$1.log" &
  PIDS+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "the service on port $1 did not start:" >&2; cat "$WORK/serve-$1.log" >&2; exit 1
}
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=(); }
fresh_pg() { # a new database; its URL
  local name="qamqor_bench_$RANDOM$RANDOM"
  psql "$PG" -qtAc "CREATE DATABASE $name" >/dev/null
  echo "${PG%/*}/$name"
}
run() { # label ports rows-command
  local label="$1" ports="$2"
  local line
  line="$(PORTS="$ports" BODY=samples/almaty-student-family.json wrk -t 2 -c "$CONNECTIONS" -d "${SECONDS_EACH}s" --latency -s "$WORK/post.lua" http://127.0.0.1:${ports%% *}/ | grep '^RESULT')"
  read -r _ total ok rps p50 p99 <<<"$line"
  echo "$label|$total|$ok|$rps|$p50|$p99"
}

printf "%-38s %9s %9s %10s %9s %9s %9s\n" "setup" "requests" "200s" "req/s" "p50 ms" "p99 ms" "rows"
report() { # result-line rows
  IFS='|' read -r label total ok rps p50 p99 <<<"$1"
  printf "%-38s %9s %9s %10s %9s %9s %9s\n" "$label" "$total" "$ok" "$rps" "$p50" "$p99" "$2"
  # Every answered decision has its row; a few more rows are requests still in flight when wrk
  # stopped counting (at most one a connection).
  [ "$2" -ge "$ok" ] && [ "$2" -le $((ok + CONNECTIONS)) ] || { echo "  rows do not match: $2 rows for $ok answers" >&2; exit 1; }
}

serve 8181 "$WORK/audit.sqlite"
r="$(run "1 replica, SQLite" 8181)"; stop_all
report "$r" "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from decisions').fetchone()[0])" "$WORK/audit.sqlite")"

DB1="$(fresh_pg)"; serve 8181 "$DB1"
r="$(run "1 replica, PostgreSQL" 8181)"; stop_all
report "$r" "$(psql "$DB1" -tAc 'select count(*) from decisions')"

DB2="$(fresh_pg)"; serve 8181 "$DB2"; serve 8182 "$DB2"
r="$(run "2 replicas, one PostgreSQL" "8181 8182")"; stop_all
report "$r" "$(psql "$DB2" -tAc 'select count(*) from decisions')"
"$Q" audit verify --db "$DB2"
