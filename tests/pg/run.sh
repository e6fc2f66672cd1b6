#!/usr/bin/env bash
# The HTTP suite (tests/http) on PostgreSQL 15:
#   bash tests/pg/run.sh                 (BIN defaults to build/dangjian, relative to the repo root)
#   BIN=/path/to/dangjian bash tests/pg/run.sh
# Starts a private PostgreSQL (tests/pg/pg.sh), loads the demo data with
# `dangjian init --demo --db postgresql://...`, runs tests/http/run.sh with DJ_DB_URL set (the
# server then uses that database instead of a SQLite file of its own), and stops PostgreSQL by
# its PID. If tests/http/run.sh does not know DJ_DB_URL yet, the same steps run here instead:
# serve on the database, node --test tests/http/*.test.mjs, SIGTERM and exit 0 required.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
root="$(pwd)"
BIN="${BIN:-build/dangjian}"
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
[ -x "$BIN" ] || { echo "pg/run.sh: $BIN not found or not executable (build first, or set BIN)" >&2; exit 2; }
command -v node >/dev/null || { echo "pg/run.sh: node not found" >&2; exit 2; }

. tests/pg/pg.sh

SPID=""
tmp=""
cleanup() {
  if [ -n "$SPID" ] && kill -0 "$SPID" 2>/dev/null; then
    kill "$SPID" 2>/dev/null
    wait "$SPID" 2>/dev/null
  fi
  pg_stop
  [ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start || exit 1
echo "pg/run.sh: PostgreSQL $PG_VERSION on 127.0.0.1:$PG_PORT (pid $PG_PID)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/dj-pgrun.XXXXXX")"

if ! "$BIN" init --demo --db "$PG_URL" >"$tmp/init.log" 2>&1; then
  echo "pg/run.sh: init --demo on PostgreSQL failed:" >&2
  cat "$tmp/init.log" >&2
  exit 1
fi
echo "pg/run.sh: $(head -n 1 "$tmp/init.log")"

if grep -q DJ_DB_URL tests/http/run.sh; then
  DJ_DB_URL="$PG_URL" BIN="$BIN" bash tests/http/run.sh
  exit $?
fi

echo "pg/run.sh: tests/http/run.sh does not read DJ_DB_URL; running the suite here" >&2
if [ ! -x tests/http/node_modules/.bin/redocly ]; then
  (cd tests/http && npm ci --no-audit --no-fund --loglevel=error) >&2 ||
    echo "pg/run.sh: npm ci in tests/http failed: the OpenAPI lint test will fail" >&2
fi
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for _ in $(seq 1 100); do
  p=$((20000 + RANDOM % 10000))
  if port_free "$p"; then PORT=$p; break; fi
done
[ -n "$PORT" ] || { echo "pg/run.sh: no free port" >&2; exit 2; }

"$BIN" serve --db "$PG_URL" --listen "127.0.0.1:$PORT" --threads 4 >"$tmp/server.log" 2>&1 &
SPID=$!
up=0
for _ in $(seq 1 150); do
  if node -e "fetch('http://127.0.0.1:$PORT/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" 2>/dev/null; then
    up=1
    break
  fi
  kill -0 "$SPID" 2>/dev/null || break
  sleep 0.2
done
if [ "$up" != 1 ]; then
  echo "pg/run.sh: the server did not answer /healthz" >&2
  cat "$tmp/server.log" >&2
  exit 1
fi

status=0
DJ_URL="http://127.0.0.1:$PORT" DJ_BIN="$BIN" DJ_DB="$PG_URL" DJ_DB_URL="$PG_URL" DJ_TMP="$tmp" \
  node --test --test-concurrency=1 tests/http/*.test.mjs || status=$?

kill -TERM "$SPID"
for _ in $(seq 1 150); do
  kill -0 "$SPID" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$SPID" 2>/dev/null; then
  echo "pg/run.sh: FAIL: the server did not exit within 15 s of SIGTERM" >&2
  kill -KILL "$SPID" 2>/dev/null
  status=1
else
  wait "$SPID"
  rc=$?
  if [ "$rc" != 0 ]; then
    echo "pg/run.sh: FAIL: the server exited $rc after SIGTERM (expected 0)" >&2
    status=1
  else
    echo "pg/run.sh: server exited 0 after SIGTERM"
  fi
fi
SPID=""
if [ "$status" != 0 ]; then
  echo "--- server log (last 40 lines) ---" >&2
  tail -n 40 "$tmp/server.log" >&2
fi
exit "$status"
