#!/usr/bin/env bash
# development.sh: times the development board (GET /api/v1/development/board) of the whole tree
# and of one general branch on the 1M-member database, with APPLICANTS people in the pipeline.
#
# Usage: bench/development.sh [WORKDIR]    (default WORKDIR: /tmp/dangjian-bench)
# Env:   APPLICANTS (100000), PORT (18094), RUNS (3)
# Needs WORKDIR/bench.db from bench/import.sh (made by it when missing). Works on a copy,
# WORKDIR/development.db, into which one SQL statement writes the applicants, spread over every
# branch, each at a step from 0 to 25 (so at every stage) with the dates the board reads (step 1
# up to about three years ago, step 3 two months after it, step 15 about fifteen months after
# that), so that every kind of item falls due somewhere. The steps' own rows are not written:
# the board reads one row per applicant. Then it serves the copy on 127.0.0.1 (stopped by PID
# on exit), signs in as an administrator and times the board of the whole tree and of a general
# branch (RUNS times), a page of the applicant list, and the to-do list (which walks the same rows).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=${1:-/tmp/dangjian-bench}
n=${APPLICANTS:-100000}
port=${PORT:-18094}
runs=${RUNS:-3}
bin=$root/build/dangjian
. "$here/lib.sh"
need sqlite3 sqlite3
need curl curl
[ -x "$bin" ] || bash "$root/scripts/build.sh"
[ -s "$work/bench.db" ] || bash "$here/import.sh" "$work"

db=$work/development.db
srv_pid=""
tmp=$(mktemp -d)
cleanup() { stop_pid "$srv_pid"; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

echo "== copying $work/bench.db to $db"
rm -f "$db" "$db-wal" "$db-shm"
sqlite3 "$work/bench.db" "VACUUM INTO '$db'"
# Any command brings the schema up to date (the development tables); this one also adds the admin.
pw=Development-bench-7730x
printf '%s\n' "$pw" | "$bin" user add benchadmin --role admin --password-stdin --db "$db" >/dev/null 2>&1 ||
  printf '%s\n' "$pw" | "$bin" user passwd benchadmin --password-stdin --db "$db" >/dev/null

echo "== generating $n applicants"
t0=$(date +%s.%N)
sqlite3 "$db" <<EOF
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE b AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, path FROM orgs
  WHERE type IN ('branch', 'joint_branch') AND deleted_at IS NULL;
CREATE TEMP TABLE nb AS SELECT COUNT(*) AS c FROM b;
WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < $n),
p AS (SELECT i, i % 26 AS last, date('now', '-' || (30 + (i * 7919) % 1100) || ' days') AS s1 FROM seq)
INSERT INTO applicants (name, gender, birth_date, id_number, org_id, org_path, tags, stage, last_step,
                        applied_on, activist_on, admitted_on, approved_on, extension_months, version, created_at, updated_at)
SELECT '申请人' || p.i, CASE p.i % 2 WHEN 1 THEN 'male' ELSE 'female' END, '1995-05-05',
       '44070419950505' || printf('%04d', p.i % 10000), b.id, b.path,
       CASE WHEN p.i % 7 = 0 THEN '["业务骨干"]' ELSE '[]' END,
       CASE WHEN p.last >= 24 THEN 'full' WHEN p.last >= 15 THEN 'probationary' WHEN p.last >= 7 THEN 'candidate'
            WHEN p.last >= 3 THEN 'activist' ELSE 'applicant' END,
       p.last, CASE WHEN p.last >= 1 THEN p.s1 END, CASE WHEN p.last >= 3 THEN date(p.s1, '+60 days') END,
       CASE WHEN p.last >= 15 THEN date(p.s1, '+530 days') END, CASE WHEN p.last >= 17 THEN date(p.s1, '+590 days') END,
       0, 1, datetime('now'), datetime('now')
FROM p JOIN b ON b.k = p.i % (SELECT c FROM nb);
COMMIT;
ANALYZE;
EOF
t1=$(date +%s.%N)
python3 -c "print('applicants: %d written in %.1f s' % ($(sqlite3 "$db" 'SELECT COUNT(*) FROM applicants'), $t1 - $t0))"
echo "== $(sqlite3 "$db" 'SELECT COUNT(*) FROM orgs WHERE deleted_at IS NULL') organisations, $(sqlite3 "$db" 'SELECT COUNT(*) FROM members WHERE deleted_at IS NULL') members"
gb=$(sqlite3 "$db" "SELECT id FROM orgs WHERE type = 'general_branch' AND deleted_at IS NULL ORDER BY id LIMIT 1")

"$bin" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 >"$tmp/serve.log" 2>&1 &
srv_pid=$!
wait_port "$port"
token=$(login "$port" "$pw" "$tmp/cookies")
[ -n "$token" ] || { echo "development.sh: login failed" >&2; exit 1; }
echo "== load average: $(loadavg) on $(nproc) cores"
for i in $(seq 1 "$runs"); do
  echo "board, whole tree, run $i: $(one_request "$port" "$token" /api/v1/development/board) (seconds, status, bytes)"
done
for i in $(seq 1 "$runs"); do
  echo "board, general branch $gb, run $i: $(one_request "$port" "$token" "/api/v1/development/board?org=$gb")"
done
echo "applicant list, whole tree, first page: $(one_request "$port" "$token" '/api/v1/applicants?limit=50')"
echo "applicant list, general branch $gb: $(one_request "$port" "$token" "/api/v1/applicants?org=$gb&limit=50")"
echo "to-do list (every module, whole tree): $(one_request "$port" "$token" /api/v1/todo)"
curl -s -b "dj_session=$token" "http://127.0.0.1:$port/api/v1/development/board" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("stages:", json.dumps(d["stages"]), "due:", json.dumps({k: v["count"] for k, v in d["due"].items()}))'
echo "== load average after: $(loadavg)"
