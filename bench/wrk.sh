#!/usr/bin/env bash
# wrk.sh: the member list API (GET /api/v1/members?org=ID&limit=50) under wrk, against nginx
# serving the same response body as a static file on the same machine.
#
# Usage: bench/wrk.sh [WORKDIR]    (default /tmp/dangjian-bench; needs WORKDIR/bench.db from
#                                   bench/import.sh, the 1M-member database)
# Env:   THREADS="2 4" (server thread counts to try), CACHES="32 0" (serve --cache: pages kept per
#        thread, 0 = every request renders its page from SQLite), DURATION=20s, CONNS=64, WRK_THREADS=2,
#        PORT=18080 (dangjian), NGINX_PORT=18081, ORG=ID to force the org.
# Everything listens on 127.0.0.1 only; both servers are stopped by PID on exit.
set -euo pipefail
bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# need, stop_pid, wait_port, cpu_ticks, wrk_summary (start_sampler below is this script's own).
. "$bench_dir/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=${1:-/tmp/dangjian-bench}
db=$work/bench.db
bin=$root/build/dangjian
port=${PORT:-18080}
nport=${NGINX_PORT:-18081}
duration=${DURATION:-20s}
conns=${CONNS:-64}
wthreads=${WRK_THREADS:-2}
thread_list=${THREADS:-"2 4"}
cache_list=${CACHES:-"32 0"}

need wrk wrk
need nginx nginx-light
need curl curl
need sqlite3 sqlite3
[ -x "$bin" ] || bash "$root/scripts/build.sh"
[ -s "$db" ] || { echo "wrk.sh: $db missing; run bench/import.sh first" >&2; exit 1; }

tmp=$(mktemp -d /tmp/dangjian-wrk.XXXXXX)
chmod 755 "$tmp"
srv_pid=""
ngx_pid=""
sampler_pid=""
cleanup() {
  stop_pid "$sampler_pid"
  stop_pid "$srv_pid"
  stop_pid "$ngx_pid"
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM


# RSS sampler: VmRSS of PID every 0.5 s, at most 600 samples (5 min); prints the peak in kB on TERM.
start_sampler() {
  local pid=$1 out=$2
  (
    peak=0
    trap 'echo $peak >"$out"; exit 0' TERM
    for _ in $(seq 1 600); do
      r=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ "${r:-0}" -gt "$peak" ] && peak=$r
      echo $peak >"$out"
      sleep 0.5 & wait $!
    done
  ) &
  sampler_pid=$!
}
stop_sampler() { stop_pid "$sampler_pid"; sampler_pid=""; }

# CPU time (user+system, clock ticks) of the given PIDs and their children, from /proc/PID/stat.
hz=$(getconf CLK_TCK)

# wrk summary: "rps p50_ms p99_ms non2xx errors requests"

# 1. Admin user, and a general branch with 100-1000 members in its subtree.
bench_admin_and_org # sets pw and org
orgpath=$(sqlite3 "$db" "SELECT path FROM orgs WHERE id = $org")
subtree=$(sqlite3 "$db" "SELECT COUNT(*) FROM members WHERE org_path >= '$orgpath' AND org_path < '${orgpath%/}0' AND deleted_at IS NULL")
url_path="/api/v1/members?org=$org&limit=50"
echo "== org $org ($orgpath), $subtree members in its subtree; $(sqlite3 "$db" 'SELECT COUNT(*) FROM members') members in all"
echo "== query plan of the list query (src/store/members.c):"
sqlite3 "$db" "EXPLAIN QUERY PLAN SELECT m.id, m.name, o.name AS org_name FROM members m JOIN orgs o ON o.id = m.org_id
  WHERE m.org_path >= '$orgpath' AND m.org_path < '${orgpath%/}0' AND m.deleted_at IS NULL ORDER BY m.id LIMIT 50 OFFSET 0" | sed 's/^/   /'

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
results=$tmp/results
: >"$results"
body=$tmp/www/members.json
mkdir -p "$tmp/www"
chmod 755 "$tmp/www"

# 2. dangjian, once per page cache size and thread count.
for cache in $cache_list; do
for th in $thread_list; do
  echo "== dangjian serve --threads $th --cache $cache on 127.0.0.1:$port"
  "$bin" serve --db "$db" --listen "127.0.0.1:$port" --threads "$th" --cache "$cache" >"$tmp/serve.log" 2>&1 &
  srv_pid=$!
  wait_port "$port"
  curl -sf -c "$tmp/cookies" -H 'Content-Type: application/json' \
    -d "{\"username\":\"benchadmin\",\"password\":\"$pw\"}" "http://127.0.0.1:$port/api/v1/session" >/dev/null
  token=$(awk '$6 == "dj_session" {print $7}' "$tmp/cookies")
  [ -n "$token" ] || { echo "wrk.sh: login failed" >&2; exit 1; }
  curl -sf -b "dj_session=$token" -o "$body.new" "http://127.0.0.1:$port$url_path"
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('   response: %d items, total %d, %d bytes' % (len(d['items']), d['total'], len(open(sys.argv[1],'rb').read())))" "$body.new"
  mv "$body.new" "$body"
  # Spot checks, one request each: the cost grows with the subtree (root = all members).
  for o in 1 "$(sqlite3 "$db" "SELECT id FROM orgs WHERE type='committee' AND parent_id IS NOT NULL ORDER BY id LIMIT 1")" "$org"; do
    t=$(curl -s -o /dev/null -w '%{time_total} %{http_code}' -b "dj_session=$token" "http://127.0.0.1:$port/api/v1/members?org=$o&limit=50")
    echo "   single request org=$o: ${t% *} s (HTTP ${t#* })"
  done
  chmod 644 "$body"
  run=$th.c$cache
  start_sampler "$srv_pid" "$tmp/rss.$run"
  c0=$(cpu_ticks "$srv_pid")
  DJ_SESSION=$token wrk -t"$wthreads" -c"$conns" -d"$duration" --latency -s "$here/members.lua" \
    "http://127.0.0.1:$port$url_path" >"$tmp/wrk.dj.$run"
  c1=$(cpu_ticks "$srv_pid")
  stop_sampler
  sed 's/^/   /' "$tmp/wrk.dj.$run"
  echo "dj-t$th-c$cache $(wrk_summary "$tmp/wrk.dj.$run") $(cat "$tmp/rss.$run") $(( (c1 - c0) * 1000000 / hz ))" >>"$results"
  stop_pid "$srv_pid"
  srv_pid=""
done
done

# 3. nginx serving the saved body as a static file.
mkdir -p "$tmp/nginx/logs"
cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  server {
    listen 127.0.0.1:$nport;
    location / { default_type application/json; root $tmp/www; try_files /members.json =404; }
  }
}
EOF
echo "== nginx (2 workers) on 127.0.0.1:$nport serving $(stat -c %s "$body") bytes"
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
ngx_pid=$!
wait_port "$nport"
cmp -s <(curl -s "http://127.0.0.1:$nport$url_path") "$body" || { echo "wrk.sh: nginx does not serve the body" >&2; exit 1; }
c0=$(cpu_ticks "$ngx_pid")
DJ_SESSION=x wrk -t"$wthreads" -c"$conns" -d"$duration" --latency -s "$here/members.lua" \
  "http://127.0.0.1:$nport$url_path" >"$tmp/wrk.nginx"
c1=$(cpu_ticks "$ngx_pid")
sed 's/^/   /' "$tmp/wrk.nginx"
echo "nginx $(wrk_summary "$tmp/wrk.nginx") - $(( (c1 - c0) * 1000000 / hz ))" >>"$results"
stop_pid "$ngx_pid"
ngx_pid=""

# 4. Summary.
echo "== load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (other work on the machine skews the figures)"
echo "== summary (wrk -t$wthreads -c$conns -d$duration, org $org with $subtree members, limit 50)"
python3 - "$results" <<'EOF'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
nginx = next(float(r[1]) for r in rows if r[0] == "nginx")
print("%-12s %8s %8s %8s %8s %9s %10s %12s" % ("server", "req/s", "p50 ms", "p99 ms", "non-2xx", "vs nginx",
                                                "peak RSS", "CPU us/req"))
for name, rps, p50, p99, non2xx, errs, reqs, rss, cpu_us in rows:
    ratio = float(rps) / nginx if nginx else 0
    print("%-12s %8s %8s %8s %8s %8.2fx %10s %12.0f" % (name, rps, p50, p99, non2xx, ratio,
          "-" if rss == "-" else "%.1f MB" % (int(rss) / 1024), int(cpu_us) / max(1, int(reqs))))
    if errs != "none":
        print("   socket errors: %s" % errs)
print("targets: member list >= 0.5x nginx req/s, p99 < 20 ms, RSS < 100 MB")
print("(dj-tT-cC: serve --threads T --cache C; with C > 0 the page is rendered once and served from")
print(" the cache while the database is unchanged, as in this read-only run; C = 0 renders every request.")
print(" CPU us/req: the server's user+system CPU time during the run over the requests served;")
print(" it depends less on other load on the machine than req/s and p99 do)")
for name, rps, p50, p99, non2xx, errs, reqs, rss, cpu_us in rows:
    if name.startswith("dj-"):
        ok = [float(rps) >= 0.5 * nginx, float(p99) < 20, rss != "-" and int(rss) < 100 * 1024, non2xx == "0"]
        print("%s: ratio %s, p99 %s, RSS %s, all 2xx %s" % (name, *["met" if x else "MISSED" for x in ok]))
EOF
