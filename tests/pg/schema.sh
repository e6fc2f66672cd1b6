#!/usr/bin/env bash
# The modules' migrations on PostgreSQL 15 (tests/unit/test_store_schema.c with two databases of
# this server): a new database has exactly the schema the migrations 1-4 as they shipped made,
# a database they made upgrades without anything run again, and the registry of tables matches
# the live schema both ways. Then `dangjian copy` refuses a source that has a table no module
# registers.
#   bash tests/pg/schema.sh              (starts its own server; BIN defaults to build/dangjian)
# tests/pg/run.sh calls it with its server running (PG_PORT etc. exported): no second server.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
root="$(pwd)"
BIN="${BIN:-build/dangjian}"
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
unit="$(dirname "$BIN")/tests/unit/test_store_schema"
[ -x "$unit" ] || { echo "pg/schema.sh: $unit not found (build the unit tests first)" >&2; exit 2; }

shared_port="${PG_PORT:-}" shared_dir="${PG_DIR:-}" shared_pid="${PG_PID:-}" shared_url="${PG_URL:-}"
. tests/pg/pg.sh
own=0
if [ -n "$shared_port" ]; then
  PG_PORT=$shared_port PG_DIR=$shared_dir PG_PID=$shared_pid PG_URL=$shared_url
else
  pg_start || exit 1
  own=1
fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/dj-pgschema.XXXXXX")"
cleanup() { [ "$own" = 1 ] && pg_stop; rm -rf "$tmp"; }
trap cleanup EXIT

passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi; }

url_new=$(pg_createdb schema_new) url_old=$(pg_createdb schema_old)
DJ_TEST_PG_NEW="$url_new" DJ_TEST_PG_OLD="$url_old" "$unit" >"$tmp/unit.log" 2>&1; rc=$?
check "the registry's schema on PostgreSQL is the shipped one, and a version-4 database upgrades" \
  '[ $rc -eq 0 ] && grep -q "OK \] test_postgres_new_is_v4_and_v4_upgrades" "$tmp/unit.log"'
[ $rc -eq 0 ] || cat "$tmp/unit.log"

# A table that no module registers is named, and nothing is copied.
"$PG_BIN/psql" -X -q "$url_new" -c "CREATE TABLE stray (id BIGINT PRIMARY KEY)"
out=$("$BIN" copy --from "$url_new" --to "$tmp/copy.db" 2>&1); rc=$?
check "copy refuses a source with an unregistered table" '[ $rc -ne 0 ] && grep -q "stray" <<<"$out"'
"$PG_BIN/psql" -X -q "$url_new" -c "DROP TABLE stray"
out=$("$BIN" copy --from "$url_new" --to "$tmp/copy2.db" 2>&1); rc=$?
check "copy of the upgraded database to SQLite, every table verified" '[ $rc -eq 0 ] && grep -q "every table matches" <<<"$out"'
out=$("$BIN" copy --from "$url_old" --to "$tmp/copy3.db" 2>&1); rc=$?
check "copy of the version-4 database after its upgrade" '[ $rc -eq 0 ] && grep -q "every table matches" <<<"$out"'

echo "pg/schema.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
