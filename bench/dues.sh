#!/usr/bin/env bash
# dues.sh: times the monthly dues ledger (党费收缴台账, GET /api/v1/dues/ledger), computed from the
# bases and payments (never stored ahead), for every member of the 1M-member tree and for one
# branch (the largest).
#
# Usage: bench/dues.sh [WORKDIR]    (default WORKDIR: /tmp/dangjian-bench)
# Env:   BENCH_DB (WORKDIR/bench.db, made by bench/import.sh when missing), PORT (18094), RUNS (3)
# Works on a copy, WORKDIR/dues.db, into which a few SQL statements write a year of dues: every
# member a base from twelve months ago (employed members spread over the bands, every tenth
# retired, every 41st on the flat 0.20 yuan), a third of them a new base from January (the yearly
# review), and a payment for each month of the year by 95 % of the members (the rest unpaid,
# spread). The measured month is last month. Then it starts the server on the copy (on
# 127.0.0.1, stopped by PID on exit), signs in as an administrator and times the ledger of the
# whole tree (totals over every member, the first page of 20) and of the largest branch (every
# member on one page of 200), RUNS times each.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=${1:-/tmp/dangjian-bench}
src=${BENCH_DB:-$work/bench.db}
port=${PORT:-18094}
runs=${RUNS:-3}
bin=$root/build/dangjian
. "$here/lib.sh"
need sqlite3 sqlite3
need curl curl
[ -x "$bin" ] || bash "$root/scripts/build.sh"
[ -s "$src" ] || bash "$here/import.sh" "$work"
mkdir -p "$work"

db=$work/dues.db
srv_pid=""
tmp=$(mktemp -d)
cleanup() { stop_pid "$srv_pid"; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

echo "== copying $src to $db"
rm -f "$db" "$db-wal" "$db-shm"
sqlite3 "$src" "VACUUM INTO '$db'"
# Any command brings the schema up to date (the dues tables); this one also adds the admin.
pw=Dues-bench-7730x
printf '%s\n' "$pw" | "$bin" user add benchadmin --role admin --password-stdin --db "$db" >/dev/null 2>&1 ||
  printf '%s\n' "$pw" | "$bin" user passwd benchadmin --password-stdin --db "$db" >/dev/null

# Months as numbers (year * 12 + month - 1), China time.
cur=$(( $(TZ=Asia/Shanghai date +%Y) * 12 + $(TZ=Asia/Shanghai date +%-m) - 1 ))
mon() { printf '%04d-%02d' $(($1 / 12)) $(($1 % 12 + 1)); }
month=$(mon $((cur - 1)))
first=$(mon $((cur - 12)))
jan=$(mon $(((cur - 1) / 12 * 12)))
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)

echo "== generating a year of dues ($first to $month; new bases from $jan for a third)"
t0=$(date +%s.%N)
sqlite3 "$db" <<EOF
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
INSERT INTO member_dues_bases (member_id, org_path, kind, base_fen, from_month, recorded_by, version, created_at, updated_at)
SELECT id, org_path,
       CASE WHEN id % 10 = 0 THEN 'retired' WHEN id % 41 = 0 THEN 'low_income' ELSE 'employed' END,
       200000 + (id * 7919 % 120) * 10000, '$first', 'bench', 1, '$now', '$now'
FROM members WHERE deleted_at IS NULL;
INSERT INTO member_dues_bases (member_id, org_path, kind, base_fen, from_month, recorded_by, version, created_at, updated_at)
SELECT member_id, org_path, kind, base_fen + 30000, '$jan', 'bench', 1, '$now', '$now'
FROM member_dues_bases WHERE member_id % 3 = 0 AND '$jan' > '$first';
COMMIT;
EOF
# The temporary table lives as long as its connection: one connection for the payments.
{
  echo "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN;"
  echo "CREATE TEMP TABLE months(k INTEGER, m TEXT);"
  for k in $(seq 12 -1 1); do echo "INSERT INTO months VALUES ($k, '$(mon $((cur - k)))');"; done
  cat <<EOF
INSERT INTO dues_payments (member_id, org_path, month, amount_fen, due_fen, method, paid_on, voluntary, recorded_by,
                           version, created_at, updated_at)
SELECT b.member_id, b.org_path, mo.m, d.due, d.due,
       CASE b.member_id % 3 WHEN 0 THEN 'cash' WHEN 1 THEN 'transfer' ELSE 'online' END,
       mo.m || '-10', 0, 'bench', 1, '$now', '$now'
FROM months mo JOIN member_dues_bases b
  ON b.from_month = (SELECT MAX(b2.from_month) FROM member_dues_bases b2 WHERE b2.member_id = b.member_id AND b2.from_month <= mo.m)
JOIN (SELECT id, CASE kind
        WHEN 'employed' THEN (base_fen * (CASE WHEN base_fen <= 300000 THEN 5 WHEN base_fen <= 500000 THEN 10
                                               WHEN base_fen <= 1000000 THEN 15 ELSE 20 END) + 500) / 1000
        WHEN 'retired' THEN (base_fen * (CASE WHEN base_fen <= 500000 THEN 5 ELSE 10 END) + 500) / 1000
        ELSE 20 END AS due FROM member_dues_bases) d ON d.id = b.id
WHERE (b.member_id * 31 + mo.k * 7) % 20 <> 0
ORDER BY mo.m, b.member_id;
COMMIT;
ANALYZE;
EOF
} | sqlite3 "$db"
t1=$(date +%s.%N)
python3 -c "print('bases: %d, payments: %d, written in %.1f s' % ($(sqlite3 "$db" 'SELECT COUNT(*) FROM member_dues_bases'), $(sqlite3 "$db" 'SELECT COUNT(*) FROM dues_payments'), $t1 - $t0))"
branch=$(sqlite3 "$db" "SELECT org_id FROM members WHERE deleted_at IS NULL GROUP BY org_id ORDER BY COUNT(*) DESC LIMIT 1")
echo "== $(sqlite3 "$db" 'SELECT COUNT(*) FROM members WHERE deleted_at IS NULL') members; largest branch $branch: $(sqlite3 "$db" "SELECT COUNT(*) FROM members WHERE org_id = $branch AND deleted_at IS NULL") members"

"$bin" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 >"$tmp/serve.log" 2>&1 &
srv_pid=$!
wait_port "$port"
token=$(login "$port" "$pw" "$tmp/cookies")
[ -n "$token" ] || { echo "dues.sh: login failed" >&2; exit 1; }
echo "== load average: $(loadavg) on $(nproc) cores"
url="/api/v1/dues/ledger?month=$month&limit=20"
# Wall time and the server's CPU time (user + system): on a shared machine the first follows the load.
timed() { # timed LABEL PATH
  local t0 t1 r
  t0=$(cpu_ticks "$srv_pid")
  r=$(one_request "$port" "$token" "$2")
  t1=$(cpu_ticks "$srv_pid")
  echo "$1: $r (seconds, status, bytes), server CPU $(python3 -c "print('%.2f' % (($t1 - $t0) / $hz))") s"
}
for i in $(seq 1 "$runs"); do
  timed "whole tree, $month, run $i" "$url"
done
burl="/api/v1/dues/ledger?org=$branch&month=$month&limit=200"
for i in $(seq 1 "$runs"); do
  timed "branch $branch, $month, run $i" "$burl"
done
echo "branch $branch as .xlsx: $(one_request "$port" "$token" "$burl&format=xlsx") (seconds, status, bytes)"
curl -s -b "dj_session=$token" "http://127.0.0.1:$port$url" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("totals of the whole tree:", json.dumps(d["totals"]), "items on the page:", len(d["items"]))'
echo "== load average after: $(loadavg)"
