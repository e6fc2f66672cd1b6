#!/usr/bin/env bash
# decisions.sh: times the 三重一大 list (with the overdue filter) and its register export, and the
# key-task list and the ledger export (工作推进台账), over many records.
#
# Usage: bench/decisions.sh [WORKDIR]     (default WORKDIR: /tmp/dangjian-bench-decisions)
# Env:   DECISIONS (50000), TASKS (20000), PORT (18095), RUNS (3)
# Makes a fresh demo database in WORKDIR, then with one SQL statement each adds DECISIONS 三重一大
# items of the organisations of the Jinzhou committee's subtree (the last two years, every
# category, about one in six unreported) and TASKS key tasks of this year with three milestones
# each. Serves the database on 127.0.0.1 (stopped by PID on exit), signs in as the bureau's
# administrator (jinzhou) and times the requests, RUNS times each.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=${1:-/tmp/dangjian-bench-decisions}
nd=${DECISIONS:-50000}
nt=${TASKS:-20000}
port=${PORT:-18095}
runs=${RUNS:-3}
bin=$root/build/dangjian
. "$here/lib.sh"
need sqlite3 sqlite3
need curl curl
[ -x "$bin" ] || bash "$root/scripts/build.sh"

mkdir -p "$work"
db=$work/decisions.db
srv_pid=""
tmp=$(mktemp -d)
cleanup() { stop_pid "$srv_pid"; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --demo --db "$db" >/dev/null

echo "== adding $nd 三重一大 items and $nt key tasks (3 milestones each)"
t0=$(date +%s.%N)
sqlite3 "$db" <<EOF2
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < max($nd, $nt)) INSERT INTO n SELECT i FROM c;
CREATE TEMP TABLE o AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, path FROM orgs
  WHERE path LIKE (SELECT path FROM orgs WHERE name = '锦州市卫生健康行业党委') || '%' AND deleted_at IS NULL;
CREATE TEMP TABLE om AS SELECT row_number() OVER (ORDER BY m.id) - 1 AS k, m.id FROM members m JOIN orgs x ON x.id = m.org_id
  WHERE x.path LIKE (SELECT path FROM orgs WHERE name = '锦州市卫生健康行业党委') || '%' AND m.deleted_at IS NULL;
INSERT INTO decisions (org_id, org_path, category, title, decided_on, votes_for, votes_against, votes_abstain, amount_fen,
                       reported_on, created_at, updated_at)
SELECT o.id, o.path, CASE n.i % 4 WHEN 0 THEN 'decision' WHEN 1 THEN 'appointment' WHEN 2 THEN 'project' ELSE 'funds' END,
       '基准事项' || n.i, date('now', '-' || (n.i % 730) || ' days'), 7, n.i % 2, n.i % 3,
       CASE WHEN n.i % 4 = 3 THEN 100000 * (1 + n.i % 500) END,
       CASE WHEN n.i % 6 <> 0 THEN date('now', '-' || (n.i % 730) || ' days', '+' || (n.i % 25) || ' days') END,
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n JOIN o ON o.k = n.i % (SELECT COUNT(*) FROM o) WHERE n.i <= $nd;
INSERT INTO tasks (org_id, org_path, year, title, owner_member_id, deadline, status, progress, created_at, updated_at)
SELECT o.id, o.path, CAST(strftime('%Y', 'now') AS INTEGER), '基准任务' || n.i, om.id,
       date(strftime('%Y', 'now') || '-01-01', '+' || (n.i % 365) || ' days'),
       CASE n.i % 4 WHEN 0 THEN 'planned' WHEN 3 THEN 'done' ELSE 'ongoing' END, 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n JOIN o ON o.k = n.i % (SELECT COUNT(*) FROM o) JOIN om ON om.k = n.i % (SELECT COUNT(*) FROM om) WHERE n.i <= $nt;
WITH RECURSIVE s(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM s WHERE seq < 3)
INSERT INTO task_milestones (task_id, seq, title, due_on, done_on, evidence)
SELECT t.id, s.seq, '节点' || s.seq, date(t.deadline, '-' || (30 * (3 - s.seq)) || ' days'),
       CASE WHEN t.status = 'done' OR (t.id + s.seq) % 3 = 0 THEN date(t.deadline, '-' || (30 * (3 - s.seq) + 5) || ' days') END,
       CASE WHEN t.status = 'done' THEN '会议纪要已归档' END
FROM tasks t JOIN s WHERE t.title LIKE '基准任务%';
COMMIT;
ANALYZE;
EOF2
t1=$(date +%s.%N)
python3 -c "print('written in %.1f s' % ($t1 - $t0))"
echo "== $(sqlite3 "$db" 'SELECT COUNT(*) FROM decisions') items, $(sqlite3 "$db" 'SELECT COUNT(*) FROM tasks') tasks, $(sqlite3 "$db" 'SELECT COUNT(*) FROM task_milestones') milestones"

"$bin" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 >"$tmp/serve.log" 2>&1 &
srv_pid=$!
wait_port "$port"
curl -sf -c "$tmp/c" -H 'Content-Type: application/json' -d '{"username":"jinzhou","password":"dangjian2026"}' \
  "http://127.0.0.1:$port/api/v1/session" >/dev/null
token=$(awk '$6 == "dj_session" {print $7}' "$tmp/c")
[ -n "$token" ] || { echo "decisions.sh: login failed" >&2; exit 1; }
year=$(date +%Y)
echo "== load average: $(loadavg) on $(nproc) cores"
for i in $(seq 1 "$runs"); do
  echo "run $i"
  echo "  decisions, first page:        $(one_request "$port" "$token" '/api/v1/decisions?limit=20') (seconds, status, bytes)"
  echo "  decisions, overdue, page 1:   $(one_request "$port" "$token" '/api/v1/decisions?overdue=1&limit=20')"
  echo "  decisions, funds of $year:    $(one_request "$port" "$token" "/api/v1/decisions?category=funds&year=$year&limit=20")"
  echo "  register export (.xlsx):      $(one_request "$port" "$token" '/api/v1/decisions/export')"
  echo "  tasks, first page:            $(one_request "$port" "$token" "/api/v1/tasks?year=$year&limit=20")"
  echo "  tasks, overdue, page 1:       $(one_request "$port" "$token" '/api/v1/tasks?overdue=1&limit=20')"
  echo "  ledger export (.xlsx):        $(one_request "$port" "$token" "/api/v1/tasks/ledger?year=$year")"
  echo "  to-do list:                   $(one_request "$port" "$token" '/api/v1/todo')"
done
echo "== load average after: $(loadavg)"
