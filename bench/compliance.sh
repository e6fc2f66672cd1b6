#!/usr/bin/env bash
# compliance.sh: times GET /api/v1/compliance (三会一课 compliance) over every organisation of the
# 1M-member database for one year, with a year of meetings for every organisation.
#
# Usage: bench/compliance.sh [WORKDIR]    (default WORKDIR: /tmp/dangjian-bench)
# Env:   YEAR (last year: every period complete), PORT (18093), RUNS (3), MISSING (5: percent of
#        the meetings owed that are left out, spread over the organisations)
# Needs WORKDIR/bench.db from bench/import.sh (made by it when missing). Works on a copy,
# WORKDIR/compliance.db, into which one SQL statement per kind of meeting writes the year's held
# meetings: each branch and joint branch its monthly 主题党日 (and 支部委员会会议 when it has a
# committee), its quarterly 支部党员大会 and 党课, its yearly 组织生活会, 民主评议党员 and 谈心谈话;
# each 党小组 its monthly meeting; each 党委 its secretary's lecture. Then it starts the server on
# the copy (on 127.0.0.1, stopped by PID on exit), signs in as an administrator and times the
# request for the whole tree (the summary covers every organisation; the page is the first 20),
# RUNS times, and one month of it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=${1:-/tmp/dangjian-bench}
year=${YEAR:-$(( $(date +%Y) - 1 ))}
port=${PORT:-18093}
runs=${RUNS:-3}
missing=${MISSING:-5}
bin=$root/build/dangjian
. "$here/lib.sh"
need sqlite3 sqlite3
need curl curl
[ -x "$bin" ] || bash "$root/scripts/build.sh"
[ -s "$work/bench.db" ] || bash "$here/import.sh" "$work"

db=$work/compliance.db
srv_pid=""
tmp=$(mktemp -d)
cleanup() { stop_pid "$srv_pid"; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

echo "== copying $work/bench.db to $db"
rm -f "$db" "$db-wal" "$db-shm"
sqlite3 "$work/bench.db" "VACUUM INTO '$db'"
# Any command brings the schema up to date (the meetings tables); this one also adds the admin.
pw=Compliance-bench-5521x
printf '%s\n' "$pw" | "$bin" user add benchadmin --role admin --password-stdin --db "$db" >/dev/null 2>&1 ||
  printf '%s\n' "$pw" | "$bin" user passwd benchadmin --password-stdin --db "$db" >/dev/null

echo "== generating the meetings of $year (about ${missing}% of those owed left out)"
t0=$(date +%s.%N)
sqlite3 "$db" <<EOF
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE months(m INTEGER);
WITH RECURSIVE n(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM n WHERE m < 12) INSERT INTO months SELECT m FROM n;
-- kind: type, the months it is held in (every month, the middle of each quarter, December...), the day
CREATE TEMP TABLE kinds(type TEXT, org_types TEXT, months TEXT, day INTEGER, committee_only INTEGER);
INSERT INTO kinds VALUES
  ('theme_day', 'branch,joint_branch', 'all', 5, 0),
  ('committee', 'branch,joint_branch', 'all', 10, 1),
  ('branch_assembly', 'branch,joint_branch', 'quarter', 15, 0),
  ('lecture', 'branch,joint_branch,committee', 'quarter', 20, 0),
  ('life_meeting', 'branch,joint_branch', 'december', 12, 0),
  ('appraisal', 'branch,joint_branch', 'december', 14, 0),
  ('talk', 'branch,joint_branch', 'july', 8, 0),
  ('group', 'group', 'all', 6, 0);
CREATE TEMP TABLE committees AS SELECT org_id FROM org_committee GROUP BY org_id HAVING COUNT(*) >= 3;
INSERT INTO meetings (org_id, org_path, type, status, topic, starts_at, ends_at, version, created_at, updated_at)
SELECT o.id, o.path, k.type, 'held', '基准测试会议',
       printf('%04d-%02d-%02dT14:00', $year, mo.m, k.day), printf('%04d-%02d-%02dT16:00', $year, mo.m, k.day),
       1, '$year-01-01T00:00:00Z', '$year-01-01T00:00:00Z'
FROM orgs o JOIN kinds k ON instr(',' || k.org_types || ',', ',' || o.type || ',') > 0
JOIN months mo ON (k.months = 'all' OR (k.months = 'quarter' AND mo.m % 3 = 2) OR (k.months = 'december' AND mo.m = 12)
                   OR (k.months = 'july' AND mo.m = 7))
WHERE o.deleted_at IS NULL
  AND (k.committee_only = 0 OR o.id IN (SELECT org_id FROM committees))
  AND (o.type <> 'committee' OR mo.m = 5)   -- a 党委 secretary's one lecture a year
  AND ((o.id * 7919 + mo.m * 104729 + length(k.type) * 1299709) % 100) >= $missing
ORDER BY o.path, 6;
COMMIT;
ANALYZE;
EOF
t1=$(date +%s.%N)
python3 -c "print('meetings: %d written in %.1f s' % ($(sqlite3 "$db" 'SELECT COUNT(*) FROM meetings'), $t1 - $t0))"
echo "== $(sqlite3 "$db" 'SELECT COUNT(*) FROM orgs WHERE deleted_at IS NULL') organisations, $(sqlite3 "$db" 'SELECT COUNT(*) FROM members WHERE deleted_at IS NULL') members"

"$bin" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 >"$tmp/serve.log" 2>&1 &
srv_pid=$!
wait_port "$port"
token=$(login "$port" "$pw" "$tmp/cookies")
[ -n "$token" ] || { echo "compliance.sh: login failed" >&2; exit 1; }
echo "== load average: $(loadavg) on $(nproc) cores"
url="/api/v1/compliance?year=$year&limit=20"
for i in $(seq 1 "$runs"); do
  echo "whole tree, year $year, run $i: $(one_request "$port" "$token" "$url") (seconds, status, bytes)"
done
echo "whole tree, $year-06: $(one_request "$port" "$token" "/api/v1/compliance?year=$year&month=6&limit=20")"
curl -s -b "dj_session=$token" "http://127.0.0.1:$port$url" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("summary:", json.dumps(d["summary"]), "items on the page:", len(d["items"]))'
echo "== load average after: $(loadavg)"
