#!/usr/bin/env bash
# service.sh: times the volunteer service totals (GET /api/v1/service-events/totals) of a subtree
# and a year over many events, and the first page of the event list and a member's hours.
#
# Usage: bench/service.sh [WORKDIR]     (default WORKDIR: /tmp/dangjian-bench-service)
# Env:   EVENTS (100000), PORT (18095), RUNS (3), BIN (build/dangjian)
# Makes a fresh demo database in WORKDIR, then with one SQL statement each adds EVENTS events of
# Jinzhou's hospital committee (dated over the last three years, so about a third in this year),
# ten members of Jinzhou at each (2 to 4 hours) and an organising organisation each. Serves the
# database on 127.0.0.1 (stopped by PID on exit), signs in as Jinzhou's administrator and as the
# system administrator, and times the totals (this year; every year), RUNS times each.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=${1:-/tmp/dangjian-bench-service}
n=${EVENTS:-100000}
port=${PORT:-18095}
runs=${RUNS:-3}
bin=${BIN:-$root/build/dangjian}
case "$bin" in /*) ;; *) bin=$root/$bin ;; esac
. "$here/lib.sh"
need sqlite3 sqlite3
need curl curl
[ -x "$bin" ] || bash "$root/scripts/build.sh"

mkdir -p "$work"
db=$work/service.db
srv_pid=""
tmp=$(mktemp -d)
cleanup() { stop_pid "$srv_pid"; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --demo --db "$db" >/dev/null

echo "== adding $n service events with ten members each"
t0=$(date +%s.%N)
sqlite3 "$db" <<EOF2
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $n) INSERT INTO n SELECT i FROM c;
CREATE TEMP TABLE h AS SELECT id, path FROM orgs WHERE name = '锦州市中心医院党委';
CREATE TEMP TABLE jm AS SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, id FROM members
  WHERE org_path LIKE (SELECT path FROM h) || '%' AND deleted_at IS NULL;
INSERT INTO service_events (held_on, title, kind, place, org_id, org_path, people_served, medicine_fen, created_at, updated_at)
SELECT date('now', '-' || (n.i % 1095) || ' days'), '基准义诊' || n.i, CASE n.i % 4 WHEN 0 THEN 'lecture' ELSE 'free_clinic' END,
       '社区', (SELECT id FROM h), (SELECT path FROM h), 50 + n.i % 200, (n.i % 4 <> 0) * (100000 + n.i % 500000),
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
CREATE TEMP TABLE ev AS SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS i FROM service_events WHERE title LIKE '基准义诊%';
INSERT INTO service_event_orgs (event_id, org_id) SELECT id, (SELECT id FROM h) FROM ev;
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 9)
INSERT OR IGNORE INTO service_event_members (event_id, member_id, half_hours)
SELECT ev.id, jm.id, 4 + (ev.i + k.j) % 5 FROM ev JOIN k JOIN jm ON jm.k = (ev.i * 7 + k.j) % (SELECT COUNT(*) FROM jm);
COMMIT;
ANALYZE;
EOF2
t1=$(date +%s.%N)
python3 -c "print('written in %.1f s' % ($t1 - $t0))"
echo "== $(sqlite3 "$db" 'SELECT COUNT(*) FROM service_events') events, $(sqlite3 "$db" 'SELECT COUNT(*) FROM service_event_members') member rows"

"$bin" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 >"$tmp/serve.log" 2>&1 &
srv_pid=$!
wait_port "$port"
login_as() { # login_as USER: the demo password; prints the session token
  curl -sf -c "$tmp/c.$1" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"dangjian2026\"}" \
    "http://127.0.0.1:$port/api/v1/session" >/dev/null || return 1
  awk '$6 == "dj_session" {print $7}' "$tmp/c.$1"
}
year=$(date -u +%Y)
member=$(sqlite3 "$db" "SELECT member_id FROM service_event_members ORDER BY event_id DESC LIMIT 1")
echo "== load average: $(loadavg) on $(nproc) cores"
for who in jinzhou admin; do
  token=$(login_as "$who")
  [ -n "$token" ] || { echo "service.sh: login as $who failed" >&2; exit 1; }
  for i in $(seq 1 "$runs"); do
    echo "$who: totals $year, run $i: $(one_request "$port" "$token" "/api/v1/service-events/totals?year=$year") (seconds, status, bytes)"
  done
  echo "$who: totals, every year: $(one_request "$port" "$token" /api/v1/service-events/totals)"
  echo "$who: list, first page: $(one_request "$port" "$token" "/api/v1/service-events?year=$year&limit=20")"
  echo "$who: a member's hours: $(one_request "$port" "$token" "/api/v1/members/$member/service-hours?year=$year")"
done
echo "$(curl -sf -b "dj_session=$(login_as jinzhou)" "http://127.0.0.1:$port/api/v1/service-events/totals?year=$year")"
echo "== load average after: $(loadavg)"
