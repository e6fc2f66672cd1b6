#!/usr/bin/env bash
# alliances.sh: times the list of alliances (红联共建) and one alliance's yearly report over many
# alliances, activities and referral counts.
#
# Usage: bench/alliances.sh [WORKDIR]     (default WORKDIR: /tmp/dangjian-bench-alliances)
# Env:   ALLIANCES (5000), PORT (18095), RUNS (3)
# Makes a fresh demo database in WORKDIR, then with one SQL statement each adds ALLIANCES "1+N"
# alliances, each led by one of the demo's organisations with three partners (the next ones in id
# order), two activities a month over the last two years (48 each), four resources each, and a
# referral count for every month of those two years in each of the six directions between the
# lead and its partners (144 rows each). Serves the database on 127.0.0.1 (stopped by PID on exit),
# signs in as the system administrator and as the Baiyun committee's administrator, and times the
# list (first page, filtered by an organisation, the .xlsx of all) and the report of an alliance
# (JSON and .xlsx), RUNS times each.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=${1:-/tmp/dangjian-bench-alliances}
n=${ALLIANCES:-5000}
port=${PORT:-18095}
runs=${RUNS:-3}
bin=$root/build/dangjian
. "$here/lib.sh"
need sqlite3 sqlite3
need curl curl
[ -x "$bin" ] || bash "$root/scripts/build.sh"

mkdir -p "$work"
db=$work/alliances.db
srv_pid=""
tmp=$(mktemp -d)
cleanup() { stop_pid "$srv_pid"; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --demo --db "$db" >/dev/null

echo "== adding $n alliances with their partners, activities, resources and referrals"
t0=$(date +%s.%N)
sqlite3 "$db" <<EOF2
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $n) INSERT INTO n SELECT i FROM c;
CREATE TEMP TABLE o AS SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, id, path FROM orgs WHERE deleted_at IS NULL;
CREATE TEMP TABLE cnt AS SELECT COUNT(*) AS c FROM o;
CREATE TEMP TABLE months(k INTEGER PRIMARY KEY, m TEXT, d TEXT);
WITH RECURSIVE c(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM c WHERE k < 23)
INSERT INTO months SELECT k, strftime('%Y-%m', 'now', 'start of month', '-' || k || ' months'),
                          date('now', 'start of month', '-' || k || ' months', '+9 days') FROM c;
INSERT INTO alliances (name, kind, lead_org_id, org_path, started_on, note, created_at, updated_at)
SELECT '基准共建' || n.i, '1+N', o.id, o.path, date('now', '-3 years'), '基准', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n JOIN o ON o.k = n.i % (SELECT c FROM cnt);
CREATE TEMP TABLE b AS SELECT id, lead_org_id FROM alliances WHERE note = '基准';
CREATE TEMP TABLE bo AS SELECT b.id AS alliance_id, p.id AS org_id, p.path, s.s AS seq
FROM b JOIN o l ON l.id = b.lead_org_id JOIN (SELECT 1 AS s UNION ALL SELECT 2 UNION ALL SELECT 3) s
JOIN o p ON p.k = (l.k + s.s) % (SELECT c FROM cnt);
INSERT INTO alliance_orgs (alliance_id, org_id, org_path, seq) SELECT alliance_id, org_id, path, seq FROM bo;
INSERT INTO alliance_activities (alliance_id, kind, held_on, title, org_ids, attendance, created_at, updated_at)
SELECT b.id, CASE (b.id + m.k + h.h) % 5 WHEN 0 THEN 'study' WHEN 1 THEN 'joint' WHEN 2 THEN 'training' WHEN 3 THEN 'clinic' ELSE 'lecture' END,
       date(m.d, '+' || (h.h * 14) || ' days'), '基准活动', '[]', 20 + (b.id + m.k) % 30, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM b JOIN months m JOIN (SELECT 0 AS h UNION ALL SELECT 1) h;
INSERT INTO alliance_resources (alliance_id, kind, title, provider_org_id, created_at, updated_at)
SELECT b.id, CASE s.s WHEN 0 THEN 'expert' WHEN 1 THEN 'equipment' WHEN 2 THEN 'training_slot' ELSE 'venue' END, '基准资源', b.lead_org_id,
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM b JOIN (SELECT 0 AS s UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) s;
INSERT INTO alliance_referrals (alliance_id, month, from_org_id, to_org_id, referrals, updated_at)
SELECT b.id, m.m, b.lead_org_id, bo.org_id, 1 + (b.id + m.k) % 12, '2026-01-01T00:00:00Z' FROM b JOIN bo ON bo.alliance_id = b.id JOIN months m
UNION ALL
SELECT b.id, m.m, bo.org_id, b.lead_org_id, 2 + (b.id + m.k) % 9, '2026-01-01T00:00:00Z' FROM b JOIN bo ON bo.alliance_id = b.id JOIN months m;
COMMIT;
ANALYZE;
EOF2
t1=$(date +%s.%N)
python3 -c "print('written in %.1f s' % ($t1 - $t0))"
echo "== $(sqlite3 "$db" 'SELECT COUNT(*) FROM alliances') alliances, $(sqlite3 "$db" 'SELECT COUNT(*) FROM alliance_orgs') partners, $(sqlite3 "$db" 'SELECT COUNT(*) FROM alliance_activities') activities, $(sqlite3 "$db" 'SELECT COUNT(*) FROM alliance_referrals') referral counts"
last=$(sqlite3 "$db" "SELECT MAX(id) FROM alliances")
by_lead=$(sqlite3 "$db" "SELECT lead_org_id FROM alliances WHERE id = $last")
baiyun=$(sqlite3 "$db" "SELECT a.id FROM alliances a JOIN orgs o ON o.id = a.lead_org_id WHERE o.path LIKE (SELECT path FROM orgs WHERE name = '广州市白云区民营医疗行业党委') || '%' ORDER BY a.id DESC LIMIT 1")
by_lead_baiyun=$(sqlite3 "$db" "SELECT lead_org_id FROM alliances WHERE id = $baiyun")
year=$(date -u +%Y)

"$bin" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 >"$tmp/serve.log" 2>&1 &
srv_pid=$!
wait_port "$port"
login_as() { # login_as USER: the demo password; prints the session token
  curl -sf -c "$tmp/c.$1" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"dangjian2026\"}" \
    "http://127.0.0.1:$port/api/v1/session" >/dev/null || return 1
  awk '$6 == "dj_session" {print $7}' "$tmp/c.$1"
}
echo "== load average: $(loadavg) on $(nproc) cores"
for who in admin baiyun; do
  token=$(login_as "$who")
  [ -n "$token" ] || { echo "alliances.sh: login as $who failed" >&2; exit 1; }
  id=$([ "$who" = admin ] && echo "$last" || echo "$baiyun")
  org=$([ "$who" = admin ] && echo "$by_lead" || echo "$by_lead_baiyun")
  for i in $(seq 1 "$runs"); do
    echo "$who: list, first page, run $i: $(one_request "$port" "$token" '/api/v1/alliances?limit=20') (seconds, status, bytes)"
  done
  echo "$who: list, ?org=$org: $(one_request "$port" "$token" "/api/v1/alliances?org=$org&limit=20")"
  echo "$who: list as .xlsx (all): $(one_request "$port" "$token" '/api/v1/alliances?format=xlsx')"
  for i in $(seq 1 "$runs"); do
    echo "$who: report of alliance $id, run $i: $(one_request "$port" "$token" "/api/v1/alliances/$id/report?year=$year")"
  done
  echo "$who: report as .xlsx: $(one_request "$port" "$token" "/api/v1/alliances/$id/report?year=$year&format=xlsx")"
  echo "$who: detail: $(one_request "$port" "$token" "/api/v1/alliances/$id")"
done
echo "== load average after: $(loadavg)"
