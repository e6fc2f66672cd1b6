#!/usr/bin/env bash
# coverage.sh: times the two-coverage survey (GET /api/v1/coverage) over the whole 1M-member tree,
# and the joint-branch proposals of its uncovered institutions.
#
# Usage: bench/coverage.sh [WORKDIR]    (default WORKDIR: /tmp/dangjian-bench)
# Env:   PORT (18097), RUNS (3), CLINICS (5000: uncovered institutions with survey counts)
# Needs WORKDIR/bench.db from bench/import.sh (made by it when missing). Works on a copy,
# WORKDIR/coverage.db, into which SQL statements write the institutions: one per 党委 and 党总支
# (about 4,700 hospitals, each covered by its organisation, so that every member of the tree counts
# for one of them), and CLINICS private clinics that no organisation covers, spread over 20
# districts of Wuhan's area with coordinates, with survey counts of 0-5 full members (every status;
# a third of them 应联). Then it serves the copy on 127.0.0.1 (stopped by PID on exit), signs in as
# an administrator and times, RUNS times each: the whole tree's first page with the totals by
# status (the members read once, grouped by organisation), the 应联 filter, and the proposals; each
# with the server's CPU time (user + system), which is the time on an idle machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=${1:-/tmp/dangjian-bench}
port=${PORT:-18097}
runs=${RUNS:-3}
clinics=${CLINICS:-5000}
bin=$root/build/dangjian
. "$here/lib.sh"
need sqlite3 sqlite3
need curl curl
[ -x "$bin" ] || bash "$root/scripts/build.sh"
[ -s "$work/bench.db" ] || bash "$here/import.sh" "$work"

db=$work/coverage.db
srv_pid=""
tmp=$(mktemp -d)
cleanup() { stop_pid "$srv_pid"; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

echo "== copying $work/bench.db to $db"
rm -f "$db" "$db-wal" "$db-shm"
sqlite3 "$work/bench.db" "VACUUM INTO '$db'"
# Any command brings the schema up to date (the coverage tables); this one also adds the admin.
pw=Coverage-bench-5521x
printf '%s\n' "$pw" | "$bin" user add benchadmin --role admin --password-stdin --db "$db" >/dev/null 2>&1 ||
  printf '%s\n' "$pw" | "$bin" user passwd benchadmin --password-stdin --db "$db" >/dev/null

echo "== writing the institutions: one per 党委 and 党总支, $clinics uncovered clinics with survey counts"
t0=$(date +%s.%N)
sqlite3 "$db" <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
INSERT INTO institutions (id, name, ownership, kind, district, latitude, longitude, version, created_at, updated_at)
SELECT 1000000 + o.id, o.name || '（医院）', 'public', 'hospital', '区' || (o.id % 20),
       30.40 + (o.id * 7919 % 5000) / 10000.0, 114.00 + (o.id * 104729 % 6000) / 10000.0, 1,
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM orgs o WHERE o.type IN ('committee', 'general_branch') AND o.deleted_at IS NULL;
INSERT INTO org_institutions (org_id, institution_id)
SELECT o.id, 1000000 + o.id FROM orgs o WHERE o.type IN ('committee', 'general_branch') AND o.deleted_at IS NULL;
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < $clinics)
INSERT INTO institutions (id, name, ownership, kind, district, latitude, longitude, version, created_at, updated_at)
SELECT 3000000 + k, '基准测试诊所' || k, 'private', 'clinic', '区' || (k % 20),
       30.40 + (k * 7919 % 5000) / 10000.0, 114.00 + (k * 104729 % 6000) / 10000.0, 1,
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < $clinics)
INSERT INTO institution_surveys (institution_id, full_members, probationary_members, surveyed_on, surveyed_by, version, created_at, updated_at)
SELECT 3000000 + k, k % 6, k % 2, '2026-06-30', 'bench', 1, '2026-06-30T00:00:00Z', '2026-06-30T00:00:00Z' FROM n;
COMMIT;
ANALYZE;
SQL
t1=$(date +%s.%N)
python3 -c "print('institutions: %d written in %.1f s' % ($(sqlite3 "$db" 'SELECT COUNT(*) FROM institutions'), $t1 - $t0))"
echo "== $(sqlite3 "$db" 'SELECT COUNT(*) FROM orgs WHERE deleted_at IS NULL') organisations, $(sqlite3 "$db" 'SELECT COUNT(*) FROM members WHERE deleted_at IS NULL') members"

"$bin" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 >"$tmp/serve.log" 2>&1 &
srv_pid=$!
wait_port "$port"
token=$(login "$port" "$pw" "$tmp/cookies")
[ -n "$token" ] || { echo "coverage.sh: login failed" >&2; exit 1; }
echo "== load average: $(loadavg) on $(nproc) cores"
for url in "/api/v1/coverage?limit=20" "/api/v1/coverage?status=should_join&limit=20" "/api/v1/coverage/joint-proposals"; do
  for i in $(seq 1 "$runs"); do
    c0=$(cpu_ticks "$srv_pid")
    r=$(one_request "$port" "$token" "$url")
    c1=$(cpu_ticks "$srv_pid")
    echo "$url, run $i: $r (seconds, status, bytes); server CPU $(python3 -c "print('%.2f' % (($c1 - $c0) / $hz))") s"
  done
done
curl -s -b "dj_session=$token" "http://127.0.0.1:$port/api/v1/coverage?limit=1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("institutions:", d["total"], "totals:", json.dumps(d["totals"]), "unorganised:", d["unorganised"]["total"])'
curl -s -b "dj_session=$token" "http://127.0.0.1:$port/api/v1/coverage/joint-proposals" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("proposals:", d["total"], "grouped:", sum(len(g["institutions"]) for g in d["items"]), "left:", len(d["left"]))'
echo "== load average after: $(loadavg)"
