#!/usr/bin/env bash
# needs.sh: the public's needs by QR code (issue 16): how many needs the public route files per
# second with the proof of work verified, and the staff's list, figures and export over many needs.
#
# Usage: bench/needs.sh [WORKDIR]     (default WORKDIR: /tmp/dangjian-bench-needs)
# Env:   NEEDS (100000), POSTS (400), CLIENTS (4), DIFFICULTY (12), PORT (18096), RUNS (3)
# Makes a fresh demo database in WORKDIR and adds NEEDS needs with one SQL statement, spread over
# every institution (a third solved, some overdue, over the last year). Serves it on 127.0.0.1
# (--trusted-proxy 127.0.0.1, stopped by PID on exit) and
#  1. the public route: fetches POSTS challenges, solves them (Python's hashlib, DIFFICULTY bits:
#     the server's cost is one SHA-256 whatever the difficulty; a person's phone pays the 18 bits
#     of the default), then files them from CLIENTS threads, each request from an address of its
#     own (X-Forwarded-For), and reports needs per second and the latency percentiles;
#  2. the staff: times the first page of the list, its overdue filter, the statistics and the
#     export (.xlsx) as Jinzhou's administrator (its subtree) and as the system administrator (all),
#     RUNS times each.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=${1:-/tmp/dangjian-bench-needs}
n=${NEEDS:-100000}
posts=${POSTS:-400}
clients=${CLIENTS:-4}
difficulty=${DIFFICULTY:-12}
port=${PORT:-18096}
runs=${RUNS:-3}
bin=$root/build/dangjian
. "$here/lib.sh"
need sqlite3 sqlite3
need curl curl
[ -x "$bin" ] || bash "$root/scripts/build.sh"

mkdir -p "$work"
db=$work/needs.db
srv_pid=""
tmp=$(mktemp -d)
cleanup() { stop_pid "$srv_pid"; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --demo --db "$db" >/dev/null

echo "== adding $n needs"
t0=$(date +%s.%N)
sqlite3 "$db" <<EOF2
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $n) INSERT INTO n SELECT i FROM c;
CREATE TEMP TABLE inst AS SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, id FROM institutions WHERE deleted_at IS NULL;
-- Received 0..364 days ago; every third solved after 0..6 days; the open ones due 3 days after
-- they came in (so the older ones are overdue), a few not graded yet.
INSERT INTO needs (institution_id, ticket, category, description, status, grade, mode, received_on, graded_on, due_on,
                   solved_on, solution, created_at, updated_at)
SELECT (SELECT id FROM inst WHERE k = n.i % (SELECT COUNT(*) FROM inst)),
       'B' || printf('%015d', n.i),
       CASE n.i % 6 WHEN 0 THEN 'medical' WHEN 1 THEN 'appointment' WHEN 2 THEN 'fees' WHEN 3 THEN 'environment' WHEN 4 THEN 'attitude' ELSE 'other' END,
       '基准需求：门诊排队时间长，希望增加自助设备。' || n.i,
       CASE WHEN n.i % 3 = 0 THEN 'solved' WHEN n.i % 17 = 1 THEN 'received' ELSE 'in_progress' END,
       CASE WHEN n.i % 17 = 1 AND n.i % 3 <> 0 THEN NULL WHEN n.i % 5 = 0 THEN 'critical' WHEN n.i % 2 = 0 THEN 'urgent' ELSE 'normal' END,
       CASE WHEN n.i % 17 = 1 AND n.i % 3 <> 0 THEN NULL ELSE 'immediate' END,
       date('now', '-' || (n.i % 365) || ' days'),
       CASE WHEN n.i % 17 = 1 AND n.i % 3 <> 0 THEN NULL ELSE date('now', '-' || (n.i % 365) || ' days') END,
       CASE WHEN n.i % 17 = 1 AND n.i % 3 <> 0 THEN NULL ELSE date('now', '-' || (n.i % 365) || ' days', '+3 days') END,
       CASE WHEN n.i % 3 = 0 THEN date('now', '-' || (n.i % 365) || ' days', '+' || (n.i % 7) || ' days') END,
       CASE WHEN n.i % 3 = 0 THEN '已办结' END,
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n;
INSERT INTO settings (key, value) VALUES ('needs', '{"difficulty":$difficulty,"per_address_hour":1000,"per_institution_hour":100000,"immediate_days":3}')
  ON CONFLICT(key) DO UPDATE SET value = excluded.value;
COMMIT;
ANALYZE;
EOF2
t1=$(date +%s.%N)
python3 -c "print('written in %.1f s' % ($t1 - $t0))"
echo "== $(sqlite3 "$db" 'SELECT COUNT(*) FROM needs') needs, $(sqlite3 "$db" "SELECT COUNT(*) FROM needs WHERE status <> 'solved' AND due_on < date('now')") overdue"

"$bin" serve --db "$db" --listen "127.0.0.1:$port" --threads 4 --trusted-proxy 127.0.0.1 >"$tmp/serve.log" 2>&1 &
srv_pid=$!
wait_port "$port"
token=$(sqlite3 "$db" "SELECT p.token FROM need_posters p JOIN institutions i ON i.id = p.institution_id WHERE i.name = '锦州市中心医院'")
echo "== load average: $(loadavg) on $(nproc) cores"
echo "== the public route: $posts needs from $clients clients, difficulty $difficulty"
python3 - "$port" "$token" "$posts" "$clients" <<'EOF3'
import hashlib, json, sys, time, threading, urllib.request
port, token, posts, clients = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
base = f"http://127.0.0.1:{port}/api/v1/public/needs"
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
def ip(i): return f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255 or 1}"
def call(method, url, body=None, i=0):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", "X-Forwarded-For": ip(i)})
    try:
        with opener.open(req) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)
t = time.time()
work = []
for i in range(posts):
    st, ch = call("GET", f"{base}/challenge?token={token}", i=i + 1)
    assert st == 200, (st, ch)
    d, c, n = ch["difficulty"], ch["challenge"], 0
    while True:
        h = hashlib.sha256(f"{c}:{n:x}".encode()).digest()
        bits = 0
        for b in h:
            if b == 0:
                bits += 8
                continue
            bits += 8 - b.bit_length()
            break
        if bits >= d:
            break
        n += 1
    work.append({"token": token, "category": "medical", "description": f"基准提交 {i}", "contact": "13900001111", "challenge": c, "nonce": f"{n:x}"})
print(f"challenges fetched and solved client-side in {time.time() - t:.1f} s")
lat, codes, lock = [], {}, threading.Lock()
def worker(k):
    for i in range(k, posts, clients):
        t0 = time.perf_counter()
        st, _ = call("POST", base, work[i], i=i + 1)
        dt = time.perf_counter() - t0
        with lock:
            lat.append(dt)
            codes[st] = codes.get(st, 0) + 1
t = time.time()
ths = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
for th in ths: th.start()
for th in ths: th.join()
el = time.time() - t
lat.sort()
pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
print(f"filed: {codes} in {el:.2f} s = {posts / el:.0f} needs/s; latency p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms")
EOF3
login_as() { # login_as USER: the demo password; prints the session token
  curl -sf -c "$tmp/c.$1" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"dangjian2026\"}" \
    "http://127.0.0.1:$port/api/v1/session" >/dev/null || return 1
  awk '$6 == "dj_session" {print $7}' "$tmp/c.$1"
}
echo "== the staff over $(sqlite3 "$db" 'SELECT COUNT(*) FROM needs') needs (seconds, status, bytes)"
for who in jinzhou admin; do
  tok=$(login_as "$who")
  [ -n "$tok" ] || { echo "needs.sh: login as $who failed" >&2; exit 1; }
  for i in $(seq 1 "$runs"); do
    echo "$who: list, first page, run $i: $(one_request "$port" "$tok" '/api/v1/needs?limit=20')"
  done
  echo "$who: list, overdue: $(one_request "$port" "$tok" '/api/v1/needs?overdue=1&limit=20')"
  echo "$who: list, page 100: $(one_request "$port" "$tok" '/api/v1/needs?limit=50&offset=4950')"
  for i in $(seq 1 "$runs"); do
    echo "$who: statistics, run $i: $(one_request "$port" "$tok" '/api/v1/needs/stats')"
  done
  echo "$who: to-do list: $(one_request "$port" "$tok" '/api/v1/todo')"
  echo "$who: export .xlsx: $(one_request "$port" "$tok" '/api/v1/needs/export?status=in_progress')"
done
echo "== load average after: $(loadavg)"
