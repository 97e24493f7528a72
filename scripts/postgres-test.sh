#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on loopback for the PostgreSQL tests and benchmarks.
#   scripts/postgres-test.sh start   create (first time) and start it; prints the URL to use
#   scripts/postgres-test.sh stop    stop it (the data stays; `start` brings it back)
#   scripts/postgres-test.sh url     the URL
# The cluster lives in $QAMQOR_PG_DIR (default /tmp/qamqor-pg) and listens on 127.0.0.1 at
# $QAMQOR_PG_PORT (default 55432), trusting local connections: for tests, never for production.
# PostgreSQL refuses to run as root, so when run as root the server runs as the `postgres` user.
set -euo pipefail
DIR="${QAMQOR_PG_DIR:-/tmp/qamqor-pg}"
PORT="${QAMQOR_PG_PORT:-55432}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/pg_ctl" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 2; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
URL="postgres://postgres@127.0.0.1:$PORT/qamqor"
case "${1:-}" in
  start)
    # The server outlives this script: it must not keep descriptors the caller waits on (a
    # caller's process-exit notification inherited by the server would never fire).
    for fd in /proc/$$/fd/*; do
      n="${fd##*/}"
      if [ "$n" -gt 2 ] 2>/dev/null; then eval "exec $n>&-" 2>/dev/null || true; fi
    done
    if [ ! -d "$DIR/data" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" = 0 ] && chown postgres "$DIR"
      as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
      as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
    fi
    as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'qamqor'" | grep -q 1 \
      || as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres qamqor
    echo "$URL"
    ;;
  stop)
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
    ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
