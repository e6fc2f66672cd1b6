#!/usr/bin/env bash
# HTTP tests against a real server with the demo data, on loopback.
#   bash tests/http/run.sh                 (BIN defaults to build/dangjian, relative to the repo root)
#   BIN=/path/to/dangjian bash tests/http/run.sh
# Starts `dangjian serve` on a free port in 20000–29999, runs tests/http/*.test.mjs with node's
# test runner, then stops the server with SIGTERM and requires it to exit 0 (graceful shutdown).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
root="$(pwd)"
BIN="${BIN:-build/dangjian}"
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac

if [ ! -x "$BIN" ]; then
  echo "run.sh: $BIN not found or not executable (build first, or set BIN)" >&2
  exit 2
fi
command -v node >/dev/null || { echo "run.sh: node not found" >&2; exit 2; }

# The OpenAPI lint needs @redocly/cli (tests/http/package-lock.json).
if [ ! -x tests/http/node_modules/.bin/redocly ]; then
  (cd tests/http && npm ci --no-audit --no-fund --loglevel=error) >&2 ||
    echo "run.sh: npm ci in tests/http failed: the OpenAPI lint test will fail" >&2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/dj-http.XXXXXX")"
PID=""
# Run a copy, so that a rebuild during the run cannot swap the binary under the tests.
cp "$BIN" "$tmp/dangjian" || exit 2
BIN="$tmp/dangjian"
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for _ in $(seq 1 100); do
  p=$((20000 + RANDOM % 10000))
  if port_free "$p"; then PORT=$p; break; fi
done
[ -n "$PORT" ] || { echo "run.sh: no free port in 20000-29999" >&2; exit 2; }

# DJ_DB_URL: a database already loaded with the demo data (tests/pg/run.sh passes PostgreSQL's).
DB="${DJ_DB_URL:-$tmp/dj.db}"
if [ -z "${DJ_DB_URL:-}" ] && ! "$BIN" init --demo --db "$DB" >/dev/null 2>"$tmp/init.log"; then
  echo "run.sh: init --demo failed:" >&2
  cat "$tmp/init.log" >&2
  exit 1
fi

"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 4 >"$tmp/server.log" 2>&1 &
PID=$!

up=0
deadline=$((SECONDS + ${DJ_HEALTH_WAIT:-30}))
while [ $SECONDS -lt $deadline ]; do
  if node -e "fetch('http://127.0.0.1:$PORT/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" 2>/dev/null; then
    up=1
    break
  fi
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.2
done
if [ "$up" != 1 ]; then
  echo "run.sh: the server did not answer /healthz within ${DJ_HEALTH_WAIT:-30} s" >&2
  cat "$tmp/server.log" >&2
  exit 1
fi

status=0
DJ_URL="http://127.0.0.1:$PORT" DJ_BIN="$BIN" DJ_DB="$DB" DJ_TMP="$tmp" \
  node --test --test-concurrency=1 tests/http/*.test.mjs || status=$?

# Graceful shutdown: SIGTERM, and the server must exit 0 (bounded wait).
kill -TERM "$PID"
for _ in $(seq 1 150); do
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$PID" 2>/dev/null; then
  echo "run.sh: FAIL: the server did not exit within 15 s of SIGTERM" >&2
  kill -KILL "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
  status=1
else
  wait "$PID"
  rc=$?
  if [ "$rc" != 0 ]; then
    echo "run.sh: FAIL: the server exited $rc after SIGTERM (expected 0)" >&2
    status=1
  else
    echo "run.sh: server exited 0 after SIGTERM"
  fi
fi
PID=""

if [ "$status" != 0 ]; then
  echo "--- server log (last 40 lines) ---" >&2
  tail -n 40 "$tmp/server.log" >&2
fi
exit "$status"
