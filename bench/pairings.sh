#!/usr/bin/env bash
# pairings.sh: times the bureau's progress view of the 201 project (GET /api/v1/pairings/progress)
# and the first page of the pairing list over many pairings.
#
# Usage: bench/pairings.sh [WORKDIR]     (default WORKDIR: /tmp/dangjian-bench-pairings)
# Env:   PAIRINGS (20000), PORT (18094), RUNS (3)
# Makes a fresh demo database in WORKDIR, then with one SQL statement each adds PAIRINGS instructor
# accounts of Wuhan's committee, as many private institutions, a pairing of each (started over the
# last three years, at every stage), the plan's five milestones (about 1 in 10 of those due left
# open: late) and a visit every month since the start (about 18 per pairing). Serves the database
# on 127.0.0.1 (stopped by PID on exit), signs in as the committee's administrator and as the
# system administrator, and times the progress view and the list, RUNS times each.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=${1:-/tmp/dangjian-bench-pairings}
n=${PAIRINGS:-20000}
port=${PORT:-18094}
runs=${RUNS:-3}
bin=$root/build/dangjian
. "$here/lib.sh"
need sqlite3 sqlite3
need curl curl
[ -x "$bin" ] || bash "$root/scripts/build.sh"

mkdir -p "$work"
db=$work/pairings.db
srv_pid=""
tmp=$(mktemp -d)
cleanup() { stop_pid "$srv_pid"; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --demo --db "$db" >/dev/null

echo "== adding $n pairings with their milestones and visits"
t0=$(date +%s.%N)
sqlite3 "$db" <<EOF2
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $n) INSERT INTO n SELECT i FROM c;
CREATE TEMP TABLE w AS SELECT id, path FROM orgs WHERE name = '武汉市民营医疗机构行业党委';
INSERT INTO users (username, display_name, role, org_id, password_hash, created_at, updated_at)
SELECT 'bench' || i, '基准指导员' || i, 'instructor', (SELECT id FROM w), (SELECT password_hash FROM users WHERE username = 'luolan'),
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
INSERT INTO institutions (name, ownership, kind, district, owner_path, created_at, updated_at)
SELECT '基准民营医院' || i, 'private', 'hospital', '江汉区', (SELECT path FROM w), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
-- Started 1 to 36 months ago: every stage.
INSERT INTO pairings (instructor_user_id, institution_id, org_path, started_on, ends_on, stage, target_stars, created_at, updated_at)
SELECT u.id, i.id, (SELECT path FROM w), date('now', '-' || (1 + n.i % 36) || ' months'), date('now', '-' || (1 + n.i % 36) || ' months', '+3 years'),
       CASE WHEN n.i % 36 < 11 THEN 'framework' WHEN n.i % 36 < 23 THEN 'regular' ELSE 'results' END, 4 + n.i % 3,
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n JOIN users u ON u.username = 'bench' || n.i JOIN institutions i ON i.name = '基准民营医院' || n.i;
CREATE TEMP TABLE plan(seq INTEGER, months INTEGER);
INSERT INTO plan VALUES (1, 6), (2, 12), (3, 18), (4, 30), (5, 36);
INSERT INTO pairing_milestones (pairing_id, seq, title, due_on, done_on)
SELECT p.id, plan.seq, '节点' || plan.seq, date(p.started_on, '+' || plan.months || ' months'),
       CASE WHEN date(p.started_on, '+' || plan.months || ' months') < date('now') AND (p.id + plan.seq) % 10 <> 0
            THEN date(p.started_on, '+' || plan.months || ' months', '-5 days') END
FROM pairings p JOIN plan WHERE p.instructor_user_id IN (SELECT id FROM users WHERE username LIKE 'bench%');
WITH RECURSIVE m(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM m WHERE k < 35)
INSERT INTO pairing_visits (pairing_id, visited_on, topic, created_at, updated_at)
SELECT p.id, date(p.started_on, '+' || m.k || ' months', '+3 days'), '走访', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM pairings p JOIN m ON date(p.started_on, '+' || m.k || ' months', '+3 days') <= date('now')
WHERE p.instructor_user_id IN (SELECT id FROM users WHERE username LIKE 'bench%');
COMMIT;
ANALYZE;
EOF2
t1=$(date +%s.%N)
python3 -c "print('written in %.1f s' % ($t1 - $t0))"
echo "== $(sqlite3 "$db" 'SELECT COUNT(*) FROM pairings') pairings, $(sqlite3 "$db" 'SELECT COUNT(*) FROM pairing_milestones') milestones, $(sqlite3 "$db" 'SELECT COUNT(*) FROM pairing_visits') visits"

"$bin" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 >"$tmp/serve.log" 2>&1 &
srv_pid=$!
wait_port "$port"
login_as() { # login_as USER: the demo password; prints the session token
  curl -sf -c "$tmp/c.$1" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"dangjian2026\"}" \
    "http://127.0.0.1:$port/api/v1/session" >/dev/null || return 1
  awk '$6 == "dj_session" {print $7}' "$tmp/c.$1"
}
echo "== load average: $(loadavg) on $(nproc) cores"
for who in wuhan admin; do
  token=$(login_as "$who")
  [ -n "$token" ] || { echo "pairings.sh: login as $who failed" >&2; exit 1; }
  for i in $(seq 1 "$runs"); do
    echo "$who: progress, run $i: $(one_request "$port" "$token" /api/v1/pairings/progress) (seconds, status, bytes)"
  done
  echo "$who: list, first page: $(one_request "$port" "$token" '/api/v1/pairings?limit=20')"
  echo "$who: list, stage regular: $(one_request "$port" "$token" '/api/v1/pairings?stage=regular&limit=20')"
done
echo "== load average after: $(loadavg)"
