#!/usr/bin/env bash
# tenmillion.sh: 10,000,000 members over 500,000 orgs in SQLite: generation, import, member list.
#
# Generates the data with bench/gen.py, splits members.csv into files of CHUNK rows (each with
# the header) and imports them one `dangjian import members FILE` call each into a fresh
# WORKDIR/bench.db (each call is one transaction, all rows or none), timing every call under
# /usr/bin/time -v (rows/s, peak RSS, db size after it). A time budget stops the import early:
# a chunk is started only if, at the pace of the previous one, it ends within BUDGET seconds of
# the script's start minus 6 minutes for the rest; the figures then say how many rows were loaded.
# Then, as bench/wrk.sh: a general branch with 100-1000 members in its subtree, single requests
# (list and dashboard) for the root, a committee and that branch, and
# wrk -t2 -c64 -d20s --latency on GET /api/v1/members?org=ID&limit=50.
#
# Usage: bench/tenmillion.sh [WORKDIR]   (default /tmp/dangjian-bench10m; ~5 GB of disk)
# Env:   MEMBERS=10000000 ORGS=500000 SEED=20240601 KEEP_CSV=1 (reuse members.csv/orgs.sql)
#        IMPORT=chunks|single (single: the whole file in one call), CHUNK=1000000,
#        BUDGET=2700 (seconds for the whole script), THREADS=2, DURATION=20s, CONNS=64,
#        PORT=18095, ORG=ID.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bench_dir=$here
work=${1:-/tmp/dangjian-bench10m}
members=${MEMBERS:-10000000}
orgs=${ORGS:-500000}
seed=${SEED:-20240601}
mode=${IMPORT:-chunks}
chunk=${CHUNK:-1000000}
budget=${BUDGET:-2700}
threads=${THREADS:-2}
duration=${DURATION:-20s}
conns=${CONNS:-64}
port=${PORT:-18095}
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
need wrk wrk
need curl curl
need sqlite3 sqlite3
[ -x /usr/bin/time ] || need /usr/bin/time time
[ -x "$root/build/dangjian" ] || bash "$root/scripts/build.sh"
start=$(date +%s)
mkdir -p "$work"
db=$work/bench.db
csv=$work/members.csv

tmp=$(mktemp -d /tmp/dangjian-10m.XXXXXX)
chmod 755 "$tmp"
bin=$tmp/dangjian
cp "$root/build/dangjian" "$bin"
srv_pid=""
cleanup() {
  stop_sampler
  stop_pid "$srv_pid"
  rm -rf "$tmp" "$work"/part*.csv
}
trap cleanup EXIT INT TERM
echo "== $(date -u '+%F %T UTC'); binary build/dangjian of $(stat -c %y "$root/build/dangjian" | cut -d. -f1)," \
  "HEAD $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'); load $(loadavg) on $(nproc) cores;" \
  "budget $budget s"

# 1. Data.
if [ "${KEEP_CSV:-0}" = 1 ] && [ -s "$csv" ] && [ -s "$work/orgs.sql" ]; then
  echo "== reusing $csv"
else
  echo "== generating $members members over $orgs orgs (seed $seed); load $(loadavg)"
  t0=$(date +%s.%N)
  /usr/bin/time -v python3 "$here/gen.py" --members "$members" --orgs "$orgs" --seed "$seed" --out "$work" 2>"$tmp/gen.time"
  t1=$(date +%s.%N)
  printf '== generation: %.1f s wall, peak RSS %d MB; members.csv %d MB; load %s\n' "$(awk "BEGIN {print $t1 - $t0}")" \
    $(($(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/gen.time") / 1024)) $(($(stat -c %s "$csv") / 1000000)) "$(loadavg)"
fi

# 2. A fresh database with the org tree.
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --db "$db" >/dev/null
t0=$(date +%s.%N)
sqlite3 "$db" <"$work/orgs.sql"
t1=$(date +%s.%N)
printf '== %d orgs loaded with sqlite3 in %.1f s\n' "$(sqlite3 "$db" 'SELECT COUNT(*) FROM orgs')" "$(awk "BEGIN {print $t1 - $t0}")"

# 3. The import.
if [ "$mode" = single ]; then
  files=("$csv")
else
  awk -v n="$chunk" -v dir="$work" 'NR == 1 {h = $0; next}
    {f = sprintf("%s/part%03d.csv", dir, int((NR - 2) / n)); if (f != cur) {if (cur) close(cur); cur = f; print h > f} print > f}' "$csv"
  files=("$work"/part*.csv)
fi
echo "== import: ${#files[@]} call(s) of dangjian import members ($mode)"
echo "   file          rows   wall s   rows/s   CPU s  peak RSS MB  db MB after  load before/after"
: >"$tmp/import"
imp_t0=$(date +%s.%N)
last=0
for f in "${files[@]}"; do
  now=$(date +%s)
  if [ "$last" != 0 ] && [ $((now - start + last * 13 / 10 + 360)) -gt "$budget" ]; then
    echo "   budget: stopping before $(basename "$f") (elapsed $((now - start)) s, last call $last s)"
    break
  fi
  rows=$(($(wc -l <"$f") - 1))
  l0=$(loadavg | cut -d' ' -f1)
  t0=$(date +%s.%N)
  if ! /usr/bin/time -v "$bin" import members "$f" --db "$db" >"$tmp/import.log" 2>&1; then
    echo "tenmillion.sh: import of $f failed:" >&2
    head -n 20 "$tmp/import.log" >&2
    exit 1
  fi
  t1=$(date +%s.%N)
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/import.log")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u + s}' "$tmp/import.log")
  size=$(( ($(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0)) / 1000000 ))
  wall=$(awk "BEGIN {print $t1 - $t0}")
  last=${wall%.*}
  echo "$(basename "$f") $rows $wall $cpu $rss $size $l0 $(loadavg | cut -d' ' -f1)" >>"$tmp/import"
  awk '{printf "   %-11s %8d %8.1f %8.0f %7.1f %12.0f %12d  %s/%s\n", $1, $2, $3, $2 / $3, $4, $5 / 1024, $6, $7, $8}' \
    <(tail -n 1 "$tmp/import")
done
imp_t1=$(date +%s.%N)
total_rows=$(sqlite3 "$db" 'SELECT COUNT(*) FROM members')
awk -v w="$(awk "BEGIN {print $imp_t1 - $imp_t0}")" -v n="$total_rows" -v size="$(($(stat -c %s "$db") / 1000000))" \
  'BEGIN {printf "== import total: %d rows in %.1f s = %.0f rows/s; db %d MB\n", n, w, n / w, size}'
awk '{if ($5 > m) m = $5; c += $4} END {printf "   import CPU %.1f s; largest peak RSS of one call %.0f MB\n", c, m / 1024}' "$tmp/import"

# 4. Orgs to measure (as bench/wrk.sh).
pw=Wrk-bench-7731x
printf '%s\n' "$pw" | "$bin" user add benchadmin --role admin --password-stdin --db "$db" >/dev/null
org=${ORG:-$(sqlite3 "$db" "SELECT id FROM (SELECT o.id, (SELECT COUNT(*) FROM members m WHERE m.org_path >= o.path
  AND m.org_path < substr(o.path, 1, length(o.path) - 1) || '0' AND m.deleted_at IS NULL) AS c
  FROM orgs o WHERE o.type = 'general_branch' AND o.deleted_at IS NULL ORDER BY o.id LIMIT 500)
  WHERE c BETWEEN 100 AND 1000 LIMIT 1")}
comm=$(sqlite3 "$db" "SELECT id FROM orgs WHERE type='committee' AND parent_id IS NOT NULL ORDER BY id LIMIT 1")
n_comm=$(count_of "$comm") n_org=$(count_of "$org")
echo "== orgs: root 1 ($total_rows members), committee $comm ($n_comm), general branch $org ($(path_of "$org"), $n_org)"
{
  for o in 1 "$comm" "$org"; do
    p=$(path_of "$o") u="$(path_of "$o" | sed 's|/$|0|')"
    c="SELECT COUNT(*) FROM members m WHERE m.org_path >= '$p' AND m.org_path < '$u' AND m.deleted_at IS NULL"
    g="SELECT m.id, m.name, o.name FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.org_path >= '$p' AND m.org_path < '$u' AND m.deleted_at IS NULL ORDER BY m.org_path, m.id LIMIT 50 OFFSET 0"
    for q in "$c" "$g"; do
      echo "   org $o: ${q:0:60}..."
      sqlite3 -readonly "$db" "EXPLAIN QUERY PLAN $q" | sed 's/^/      /'
      printf '.timer on\n.output /dev/null\n%s;\n' "$q" | sqlite3 -readonly "$db" 2>&1 | grep '^Run Time' | sed 's/^/      sqlite3 shell: /'
    done
  done
} | tee "$work/plans-10m.txt"

# 5. The server: single requests, then wrk on the list.
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --threads "$threads" >"$tmp/serve.log" 2>&1 &
srv_pid=$!
wait_port "$port"
tok=$(login "$port" "$pw" "$tmp/cookies") && [ -n "$tok" ] || { echo "tenmillion.sh: login failed" >&2; exit 1; }
echo "== single requests (curl; first, again)"
for o in 1 "$comm" "$org"; do
  for u in "/api/v1/members?org=$o&limit=50" "/api/v1/dashboard?org=$o"; do
    t=$(one_request "$port" "$tok" "$u")
    t2=$(awk "BEGIN {exit !(${t%% *} < 30)}" && one_request "$port" "$tok" "$u" || echo "nan")
    printf '   %-34s %8.3f s, again %8.3f s (HTTP %s, %s bytes) load %s\n' "$u" "${t%% *}" "${t2%% *}" \
      "$(echo "$t" | cut -d' ' -f2)" "$(echo "$t" | cut -d' ' -f3)" "$(loadavg | cut -d' ' -f1)"
  done
done
url_path="/api/v1/members?org=$org&limit=50"
start_sampler "$tmp/mem" "rss:$srv_pid"
l0=$(loadavg)
c0=$(cpu_ticks "$srv_pid")
DJ_SESSION=$tok wrk -t2 -c"$conns" -d"$duration" --latency -s "$here/members.lua" "http://127.0.0.1:$port$url_path" >"$tmp/wrk"
c1=$(cpu_ticks "$srv_pid")
stop_sampler
sed 's/^/   /' "$tmp/wrk"
read -r rps p50 p99 non2xx errs reqs <<<"$(wrk_summary "$tmp/wrk")"
echo "== summary: wrk -t2 -c$conns -d$duration --latency $url_path ($n_org members; $total_rows in all), --threads $threads"
printf '   req/s %s, p50 %s ms, p99 %s ms, non-2xx %s, socket errors %s; peak RSS %.1f MB; CPU %d us/req; load %s -> %s\n' \
  "$rps" "$p50" "$p99" "$non2xx" "$errs" "$(awk "BEGIN {print $(cat "$tmp/mem") / 1024}")" \
  $(( (c1 - c0) * 1000000 / hz / (reqs > 0 ? reqs : 1) )) "$l0" "$(loadavg)"
echo "== total script time $(( $(date +%s) - start )) s"
