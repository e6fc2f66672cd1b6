#!/usr/bin/env bash
# Browser tests against a real server with the demo data.
#   BIN=build/dangjian tests/browser/run.sh        (from the repository root; builds nothing)
# Needs /usr/bin/chromium, `npm ci` in tests/browser, and BIN built after web/dist (the UI is embedded in it).
# Screenshots go to tests/browser/screenshots/ (or $DJ_SCREENSHOTS); CJK fonts (fonts-wqy-microhei) make them legible.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
BIN="${BIN:-build/dangjian}"

if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "run.sh: tests/browser/node_modules missing: run (cd tests/browser && npm ci)" >&2
  exit 2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/dj-browser.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# A free port in 18000–19999.
port=""
for _ in $(seq 1 50); do
  p=$((18000 + RANDOM % 2000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "run.sh: no free port" >&2; exit 2; }

if [ ! -x "$BIN" ]; then echo "run.sh: $BIN not found or not executable (build first, or set BIN)" >&2; exit 2; fi
"$BIN" init --demo --db "$tmp/dj.db" >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; exit 1; }
"$BIN" serve --db "$tmp/dj.db" --listen "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
server_pid=$!

ok=0
for _ in $(seq 1 300); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then ok=1; break; fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ "$ok" != 1 ]; then
  echo "run.sh: server did not answer /healthz within 30 s" >&2
  cat "$tmp/server.log" >&2 || true
  exit 1
fi

status=0
DJ_URL="http://127.0.0.1:$port" TMPDIR="$tmp" DJ_SCREENSHOTS="${DJ_SCREENSHOTS:-$here/screenshots}" \
  node --test --test-concurrency=1 "$here"/*.test.mjs || status=$?
if [ "$status" != 0 ]; then
  echo "--- server log (last 50 lines) ---" >&2
  tail -n 50 "$tmp/server.log" >&2 || true
fi
exit "$status"
