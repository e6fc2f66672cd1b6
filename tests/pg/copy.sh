#!/usr/bin/env bash
# `dangjian copy`: a SQLite database with the demo data plus an import is moved to a private
# PostgreSQL 15 and verified table by table; a second copy into the now non-empty target is
# refused; the PostgreSQL database copied back to a new SQLite file holds the same rows as the
# original; `dangjian backup` of a PostgreSQL database while a server writes to it is one
# snapshot that restores. Ends with 'N passed, N failed'.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
root="$(pwd)"
BIN="${BIN:-build/dangjian}"
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
. tests/pg/pg.sh
tmp=""
cleanup() { [ -n "${DJ_PID:-}" ] && dj_stop_server >/dev/null 2>&1; pg_stop; [ -n "$tmp" ] && rm -rf "$tmp"; }
trap cleanup EXIT
pg_start || exit 1
tmp="$(mktemp -d)"
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi; }

"$BIN" init --demo --db "$tmp/src.db" >/dev/null || exit 1
# Attachments: bytes of every value (a NUL among them) and an empty one, through both directions.
blob_hex="000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
sqlite3 "$tmp/src.db" "INSERT INTO meeting_attachments (meeting_id, name, content_type, size, sha256, data, created_at)
  SELECT MIN(id), '字节.pdf', 'application/pdf', 256, 'x', X'$blob_hex', '2026-01-01T00:00:00Z' FROM meetings;
  INSERT INTO meeting_attachments (meeting_id, name, content_type, size, sha256, data, created_at)
  SELECT MIN(id), '空.pdf', 'application/pdf', 0, 'x', X'', '2026-01-01T00:00:00Z' FROM meetings;" || exit 1
out=$("$BIN" copy --from "$tmp/src.db" --to "$PG_URL" 2>&1); rc=$?
check "copy SQLite -> PostgreSQL exits 0" '[ $rc -eq 0 ]'
check "every table verified" 'grep -q "every table matches" <<<"$out"'
check "members counted on both sides" 'grep -Eq "^members +[0-9]+ +[0-9]+ +[0-9a-f]{16} +ok" <<<"$out"'
check "attachments (bytes) verified on both sides" 'grep -Eq "^meeting_attachments +2 +2 +[0-9a-f]{16} +ok" <<<"$out"'
pg_blob=$("$PG_BIN/psql" -X -tA "$PG_URL" -c "SELECT encode(data, 'hex') FROM meeting_attachments ORDER BY id")
pg_sizes=$("$PG_BIN/psql" -X -tA "$PG_URL" -c "SELECT string_agg(octet_length(data)::text, ',' ORDER BY id) FROM meeting_attachments")
check "PostgreSQL holds the bytes as they were" '[ "$pg_blob" = "$blob_hex" ] && [ "$pg_sizes" = "256,0" ]'
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
same=$(for t in orgs members users institutions org_committee audit_log meeting_attachments; do
  a=$(sqlite3 "$tmp/src.db" "SELECT * FROM $t ORDER BY 1" | sha256sum); b=$(sqlite3 "$tmp/back.db" "SELECT * FROM $t ORDER BY 1" | sha256sum)
  [ "$a" = "$b" ] || echo "$t differs"; done)
check "the round trip keeps every row of every table" '[ -z "$same" ]'
# A URL with a password (trust auth ignores it here): the password never reaches the output.
url2=$(pg_createdb second); url2="${url2/dangjian@/dangjian:s3cretpw@}"
out4=$("$BIN" copy --from "$tmp/src.db" --to "$url2" 2>&1); rc4=$?
check "copy into a URL with a password" '[ $rc4 -eq 0 ]'
check "the password is never printed" '! grep -q s3cretpw <<<"$out4"'
check "bad arguments: missing --to" '! "$BIN" copy --from "$tmp/src.db" 2>/dev/null'
# dangjian backup from PostgreSQL while a server writes to it: the backup is one snapshot (every
# institution in it has its audit record and no audit record lacks its institution), holds some
# of the writes and not the later ones, verifies, restores, and goes back into PostgreSQL.
. tests/lib/server.sh
url_live=$(pg_createdb live); "$BIN" init --demo --db "$url_live" >/dev/null
if dj_start_server "$BIN" "$url_live" "$tmp/live.log" --threads 2; then
  jar="$tmp/jar"
  csrf=$(curl -s -c "$jar" -H 'Content-Type: application/json' -d '{"username":"admin","password":"dangjian2026"}' \
    "$DJ_URL/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  # The writer: one institution after another (each with its audit record) until told to stop.
  ( i=0; while [ ! -e "$tmp/stop" ] && [ $i -lt 3000 ]; do i=$((i + 1))
      curl -s -o /dev/null -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
        -d "{\"name\":\"备份测试机构$i\",\"ownership\":\"public\",\"kind\":\"clinic\"}" "$DJ_URL/api/v1/institutions"
    done ) &
  writer=$!
  live_count() { "$PG_BIN/psql" -X -tA "$url_live" -c "SELECT COUNT(*) FROM institutions WHERE name LIKE '备份测试机构%'"; }
  for _ in $(seq 1 100); do [ "$(live_count)" -ge 5 ] && break; sleep 0.1; done
  outb=$("$BIN" backup --db "$url_live" --out "$tmp/pg-backup.db" 2>&1); rcb=$?
  at_end=$(live_count)
  for _ in $(seq 1 100); do [ "$(live_count)" -gt "$at_end" ] && break; sleep 0.1; done
  touch "$tmp/stop"; wait "$writer"
  final=$(live_count)
  dj_stop_server >/dev/null
  check "backup from PostgreSQL while a server writes exits 0, every table verified" '[ $rcb -eq 0 ] && grep -q "every table matches" <<<"$outb"'
  check "the backup is an intact SQLite file" '[ "$(sqlite3 "$tmp/pg-backup.db" "PRAGMA integrity_check")" = ok ]'
  in_backup=$(sqlite3 "$tmp/pg-backup.db" "SELECT COUNT(*) FROM institutions WHERE name LIKE '备份测试机构%'")
  check "the backup holds the writes before it, not those after ($in_backup of $final)" '[ "$in_backup" -ge 5 ] && [ "$in_backup" -lt "$final" ]'
  orphans=$(sqlite3 "$tmp/pg-backup.db" "SELECT (SELECT COUNT(*) FROM institutions i WHERE name LIKE '备份测试机构%' AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.object_type = 'institution' AND a.object_id = i.id AND a.action = 'create')) + (SELECT COUNT(*) FROM audit_log a WHERE a.object_type = 'institution' AND a.action = 'create' AND NOT EXISTS (SELECT 1 FROM institutions i WHERE i.id = a.object_id))")
  check "one snapshot: every institution has its audit record and every record its institution" '[ "$orphans" = 0 ]'
  check "the backup's audit chain verifies" '"$BIN" audit verify --db "$tmp/pg-backup.db" >/dev/null'
  outr=$("$BIN" restore --from "$tmp/pg-backup.db" --db "$tmp/pg-restored.db" 2>&1); rcr=$?
  check "dangjian restore of the PostgreSQL backup" '[ $rcr -eq 0 ] && ! grep -q MISMATCH <<<"$outr"'
  url_back=$(pg_createdb restored)
  outc=$("$BIN" copy --from "$tmp/pg-backup.db" --to "$url_back" 2>&1); rcc=$?
  check "the backup goes back into a new PostgreSQL database, verified" '[ $rcc -eq 0 ] && grep -q "every table matches" <<<"$outc"'
  outx=$("$BIN" backup --db "$url_live" --out "$tmp/pg-backup.db" 2>&1); rcx=$?
  check "a backup over an existing file is refused" '[ $rcx -ne 0 ] && grep -q "already exists" <<<"$outx"'
else
  check "a server on PostgreSQL for the backup test" 'false'
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
