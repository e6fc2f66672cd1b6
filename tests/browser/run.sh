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
. "$root/tests/lib/server.sh"
cleanup() {
  dj_stop_server >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

if [ ! -x "$BIN" ]; then echo "run.sh: $BIN not found or not executable (build first, or set BIN)" >&2; exit 2; fi
"$BIN" init --demo --db "$tmp/dj.db" >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; exit 1; }
dj_start_server "$BIN" "$tmp/dj.db" "$tmp/server.log" || exit 1
port=$DJ_PORT

status=0
DJ_URL="http://127.0.0.1:$port" TMPDIR="$tmp" DJ_SCREENSHOTS="${DJ_SCREENSHOTS:-$here/screenshots}" \
  node --test --test-concurrency=1 "$here"/*.test.mjs || status=$?
if [ "$status" != 0 ]; then
  echo "--- server log (last 50 lines) ---" >&2
  tail -n 50 "$tmp/server.log" >&2 || true
fi
exit "$status"
