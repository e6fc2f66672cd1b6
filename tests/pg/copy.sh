#!/usr/bin/env bash
# `dangjian copy`: a SQLite database with the demo data plus an import is moved to a private
# PostgreSQL 15 and verified table by table; a second copy into the now non-empty target is
# refused; the PostgreSQL database copied back to a new SQLite file holds the same rows as the
# original. Ends with 'N passed, N failed'.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
root="$(pwd)"
BIN="${BIN:-build/dangjian}"
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
. tests/pg/pg.sh
tmp=""
cleanup() { pg_stop; [ -n "$tmp" ] && rm -rf "$tmp"; }
trap cleanup EXIT
pg_start || exit 1
tmp="$(mktemp -d)"
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi; }

"$BIN" init --demo --db "$tmp/src.db" >/dev/null || exit 1
out=$("$BIN" copy --from "$tmp/src.db" --to "$PG_URL" 2>&1); rc=$?
check "copy SQLite -> PostgreSQL exits 0" '[ $rc -eq 0 ]'
check "every table verified" 'grep -q "every table matches" <<<"$out"'
check "members counted on both sides" 'grep -Eq "^members +[0-9]+ +[0-9]+ +[0-9a-f]{16} +ok" <<<"$out"'
out2=$("$BIN" copy --from "$tmp/src.db" --to "$PG_URL" 2>&1); rc2=$?
check "a second copy into a non-empty target is refused" '[ $rc2 -ne 0 ] && grep -q "not empty" <<<"$out2"'
# The copy builds the indexes after the rows: the copy has every index a migrated database has.
url_fresh=$(pg_createdb fresh); "$BIN" init --db "$url_fresh" >/dev/null
indexes() { "$PG_BIN/psql" -X -tA "$1" -c "SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"; }
want_idx=$(indexes "$url_fresh"); got_idx=$(indexes "$PG_URL")
check "the copy has every index of a migrated database (trigram ones included)" '[ -n "$want_idx" ] && [ "$want_idx" = "$got_idx" ] && grep -q members_name_trgm <<<"$got_idx"'
check "the copy says it built them" 'grep -Eq "^ +[0-9]+ indexes built" <<<"$out"'
# The copied database serves: its audit chain verifies and new ids follow the copied ones.
check "audit verify on PostgreSQL" '"$BIN" audit verify --db "$PG_URL" >/dev/null'
# The check reads the log as a stream: a changed record in the middle is named, the scan stops there.
url_t=$(pg_createdb tampered); "$BIN" copy --from "$tmp/src.db" --to "$url_t" >/dev/null 2>&1
victim=$("$PG_BIN/psql" -X -tA "$url_t" -c "SELECT id FROM audit_log ORDER BY id OFFSET 10 LIMIT 1")
"$PG_BIN/psql" -X -q "$url_t" -c "UPDATE audit_log SET action = action || 'x' WHERE id = $victim"
outv=$("$BIN" audit verify --db "$url_t" 2>&1); rcv=$?
check "audit verify on PostgreSQL names a changed record" '[ $rcv -ne 0 ] && grep -q "record $victim" <<<"$outv"'
out3=$("$BIN" copy --from "$PG_URL" --to "$tmp/back.db" 2>&1); rc3=$?
check "copy PostgreSQL -> new SQLite exits 0" '[ $rc3 -eq 0 ]'
same=$(for t in orgs members users institutions org_committee audit_log; do
  a=$(sqlite3 "$tmp/src.db" "SELECT * FROM $t ORDER BY 1" | sha256sum); b=$(sqlite3 "$tmp/back.db" "SELECT * FROM $t ORDER BY 1" | sha256sum)
  [ "$a" = "$b" ] || echo "$t differs"; done)
check "the round trip keeps every row of every table" '[ -z "$same" ]'
# A URL with a password (trust auth ignores it here): the password never reaches the output.
url2=$(pg_createdb second); url2="${url2/dangjian@/dangjian:s3cretpw@}"
out4=$("$BIN" copy --from "$tmp/src.db" --to "$url2" 2>&1); rc4=$?
check "copy into a URL with a password" '[ $rc4 -eq 0 ]'
check "the password is never printed" '! grep -q s3cretpw <<<"$out4"'
check "bad arguments: missing --to" '! "$BIN" copy --from "$tmp/src.db" 2>/dev/null'
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
