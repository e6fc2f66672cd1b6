#!/usr/bin/env bash
# Runs the whole HTTP test suite against a server under valgrind memcheck: any invalid read or
# write, use of uninitialised memory, or definite leak makes the server exit 99 and the run fail.
# Slow (valgrind runs the server ~30x slower): for bench/, not the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
real=$(readlink -f build/dangjian)
cat >"$tmp/dangjian" <<WRAP
#!/usr/bin/env bash
if [ "\$1" = serve ]; then
  exec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --track-origins=yes --log-file=$tmp/valgrind.%p.log "$real" "\$@"
fi
exec "$real" "\$@"
WRAP
chmod +x "$tmp/dangjian"
status=0
BIN="$tmp/dangjian" DJ_HEALTH_WAIT=120 bash tests/http/run.sh || status=$?
echo "== valgrind reports"
cat "$tmp"/valgrind.*.log 2>/dev/null | grep -E "ERROR SUMMARY|definitely lost|Invalid|uninitialised" | sort | uniq -c || true
exit $status
