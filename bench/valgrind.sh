#!/usr/bin/env bash
# Runs the whole HTTP test suite against a server under valgrind memcheck, and every command the
# suite runs (init, import, export, backup, restore, user, audit in cli.test.mjs) under it too:
# any invalid read or write, use of uninitialised memory, or definite leak makes that process
# exit 99 and the run fail. Slow (valgrind runs the server ~30x slower): for bench/, not the test
# command.   bash bench/valgrind.sh   (after a build: build/dangjian)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
real=$(readlink -f build/dangjian)
cat >"$tmp/dangjian" <<WRAP
#!/usr/bin/env bash
exec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite --track-origins=yes --log-file=$tmp/valgrind.%p.log "$real" "\$@"
WRAP
chmod +x "$tmp/dangjian"
status=0
BIN="$tmp/dangjian" DJ_HEALTH_WAIT=120 bash tests/http/run.sh || status=$?
echo "== valgrind: $(ls "$tmp"/valgrind.*.log 2>/dev/null | wc -l) processes ran under memcheck; what they reported:"
cat "$tmp"/valgrind.*.log 2>/dev/null | grep -E "ERROR SUMMARY|definitely lost|Invalid|uninitialised" | sort | uniq -c || true
# With --quiet a log is empty unless memcheck found something: show the start of each one that is not.
find "$tmp" -name 'valgrind.*.log' -size +0 -exec sh -c 'echo "-- $1"; head -n 40 "$1"' _ {} \; | head -n 200
exit $status
