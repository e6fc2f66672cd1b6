#!/usr/bin/env bash
# Quick start (2): installs what is missing, builds, and runs every test: the C unit tests under
# AddressSanitizer and UndefinedBehaviorSanitizer, the fuzz targets briefly, the HTTP tests against
# a running server on SQLite and on PostgreSQL, two servers behind nginx, copy and backup on
# PostgreSQL, crash safety, sqlmap on both databases, and the browser tests in Chromium. Exits
# non-zero if any fails.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
scripts/build.sh || exit 1

failed=()
echo "== unit tests (cmocka, ASan + UBSan)"
if [ ! -f build-asan/build.ninja ]; then
  meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug >/dev/null || exit 1
fi
ninja -C build-asan >/dev/null || exit 1
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 meson test -C build-asan --suite unit --print-errorlogs || failed+=(unit)

echo "== fuzz targets (libFuzzer, ${FUZZ_SECONDS:-10} s each)"
bash tests/fuzz/run.sh || failed+=(fuzz)

echo "== HTTP tests (loopback server)"
bash tests/http/run.sh || failed+=(http)

echo "== HTTP tests on PostgreSQL 15, and two servers behind nginx on one PostgreSQL"
bash tests/pg/run.sh || failed+=(http-postgresql)
bash tests/pg/cluster.sh || failed+=(cluster)
bash tests/pg/copy.sh || failed+=(copy)
if [ "${DJ_SKIP_SQLMAP:-}" != 1 ]; then
  echo "== SQL injection on PostgreSQL 15: sqlmap against every endpoint that takes parameters"
  bash tests/pg/sqlmap.sh || failed+=(sqlmap-postgresql)
fi

echo "== crash safety (SIGKILL during writes and imports) and online backup"
python3 tests/crash/run.py || failed+=(crash)

if [ "${DJ_SKIP_SQLMAP:-}" != 1 ]; then
  echo "== SQL injection on SQLite: sqlmap against every endpoint that takes parameters (loopback)"
  bash tests/security/sqlmap.sh || failed+=(sqlmap)
fi

if [ "${DJ_SKIP_BROWSER:-}" != 1 ]; then
  echo "== browser tests (playwright-core + /usr/bin/chromium)"
  bash tests/browser/run.sh || failed+=(browser)
fi

if ((${#failed[@]})); then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all test suites passed"
