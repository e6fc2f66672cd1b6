#!/usr/bin/env bash
# HTTP tests against a real server with the demo data, on loopback.
#   bash tests/http/run.sh                 (BIN defaults to build/dangjian, relative to the repo root)
#   BIN=/path/to/dangjian bash tests/http/run.sh
# Starts `dangjian serve` on a free loopback port (tests/lib/server.sh), runs tests/http/*.test.mjs with node's
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
. tests/lib/server.sh
# Run a copy, so that a rebuild during the run cannot swap the binary under the tests.
cp "$BIN" "$tmp/dangjian" || exit 2
BIN="$tmp/dangjian"
cleanup() {
  dj_stop_server >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# DJ_DB_URL: a database already loaded with the demo data (tests/pg/run.sh passes PostgreSQL's).
DB="${DJ_DB_URL:-$tmp/dj.db}"
if [ -z "${DJ_DB_URL:-}" ] && ! "$BIN" init --demo --db "$DB" >/dev/null 2>"$tmp/init.log"; then
  echo "run.sh: init --demo failed:" >&2
  cat "$tmp/init.log" >&2
  exit 1
fi
# The tests act as clients behind a proxy on loopback: X-Forwarded-For names their address.
dj_start_server "$BIN" "$DB" "$tmp/server.log" --threads 4 --trusted-proxy 127.0.0.1 || exit 1

status=0
DJ_URL="$DJ_URL" DJ_BIN="$BIN" DJ_DB="$DB" DJ_TMP="$tmp" \
  node --test --test-concurrency=1 tests/http/*.test.mjs || status=$?

# Graceful shutdown: SIGTERM, and the server must exit 0 (bounded wait).
dj_stop_server
rc=$?
if [ "$rc" != 0 ]; then
  echo "run.sh: FAIL: the server exited $rc after SIGTERM (expected 0)" >&2
  status=1
else
  echo "run.sh: server exited 0 after SIGTERM"
fi

if [ "$status" != 0 ]; then
  echo "--- server log (last 40 lines) ---" >&2
  tail -n 40 "$tmp/server.log" >&2
fi
exit "$status"
