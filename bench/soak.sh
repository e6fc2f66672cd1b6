#!/usr/bin/env bash
# Soak: SOAK_SECONDS (default 600) of mixed reads and writes with wrk against a loopback server on
# a demo database; reports errors and the server's RSS (target: no error, growth under 10%).
# RSS is compared twice, and both must stay under 10%: idle to idle (10 s after the warm-up and
# 10 s after the run), and under load (the sample one minute into the run against the last one).
# Everything is stopped by PID at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
secs="${SOAK_SECONDS:-600}"
# BIN: the binary to soak (default build/dangjian; another build for a before/after in one run).
bin="${BIN:-build/dangjian}"
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
# SOAK_DB: a copy of an existing database (e.g. the 1M members of bench/import.sh) instead of the demo.
if [ -n "${SOAK_DB:-}" ]; then
  cp "$SOAK_DB" "$tmp/soak.db"
  printf '%s\n' 'soakpass2026x' | "$bin" user add soakadmin --role admin --password-stdin --db "$tmp/soak.db" >/dev/null
  user=soakadmin pass=soakpass2026x
else
  "$bin" init --demo --db "$tmp/soak.db" >/dev/null
  user=admin pass=dangjian2026
fi
maxid=$(sqlite3 "$tmp/soak.db" 'SELECT MAX(id) FROM members')
port=$((30000 + RANDOM % 5000))
"$bin" serve --db "$tmp/soak.db" --listen 127.0.0.1:$port --threads 4 >"$tmp/access.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done
csrf=$(curl -s -c "$tmp/c" -H 'Content-Type: application/json' -d "{\"username\":\"$user\",\"password\":\"$pass\"}" \
  http://127.0.0.1:$port/api/v1/session | python3 -c 'import sys,json; print(json.load(sys.stdin)["csrf_token"])')
cookie=$(awk '$6=="dj_session"{print $7}' "$tmp/c")
org=${SOAK_ORG:-$(curl -s -b "$tmp/c" "http://127.0.0.1:$port/api/v1/orgs?roots=1" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')}
rss() { awk '/VmRSS/{print $2}' /proc/$pid/status; }
anon() { awk '/RssAnon/{print $2}' /proc/$pid/status; }
# Warm up (SOAK_WARMUP seconds, default 180: page caches, prepared statements, the pool threads'
# malloc arenas reach their working size; a 60 s warm-up measured here still grew for another
# minute, then stayed flat), then measure.
warm="${SOAK_WARMUP:-180}"
COOKIE=$cookie CSRF=$csrf ORG=$org MAXID=$maxid PHASE=1 wrk -t2 -c32 -d"${warm}s" -s bench/soak.lua http://127.0.0.1:$port >/dev/null
sleep 10 # idle: measured the same way after the run
start=$(rss)
start_anon=$(anon)
peak=$start
dbstart=$(du -k "$tmp/soak.db" "$tmp/soak.db-wal" 2>/dev/null | awk '{s+=$1} END {print s}')
( n=0; while kill -0 $pid 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; echo "$peak" >"$tmp/peak"
    [ $((n % 60)) = 0 ] && echo "$((n / 60)) $r $(anon)" >>"$tmp/series"; n=$((n + 1)); sleep 1; done ) &
sampler=$!
COOKIE=$cookie CSRF=$csrf ORG=$org MAXID=$maxid PHASE=2 wrk -t2 -c32 -d"${secs}s" --latency -s bench/soak.lua http://127.0.0.1:$port | tee "$tmp/wrk.out"
sleep 10
end=$(rss)
end_anon=$(anon)
dbend=$(du -k "$tmp/soak.db" "$tmp/soak.db-wal" 2>/dev/null | awk '{s+=$1} END {print s}')
# SQLite keeps up to 2 MB of pages per connection (4 pool threads): as the creates grow the
# database, the caches fill toward that bound; a leak would grow past it.
echo "database: ${dbstart} kB -> ${dbend} kB during the run (page caches bounded at 4 x 2 MB)"
echo "RSS by minute (kB): $(awk '{printf "%s:%s ", $1, $2}' "$tmp/series" 2>/dev/null)"
echo "of which anonymous (heap, stacks; kB): $(awk '{printf "%s:%s ", $1, $3}' "$tmp/series" 2>/dev/null); idle start ${start_anon}, idle end ${end_anon}"
kill $sampler 2>/dev/null || true
growth=$(python3 -c "print(f'{($end - $start) * 100 / $start:.1f}')")
load1=$(awk '$1 == 1 {print $2}' "$tmp/series")
loadN=$(tail -n 1 "$tmp/series" | awk '{print $2}')
lgrowth=$(python3 -c "print(f'{($loadN - $load1) * 100 / $load1:.1f}')" 2>/dev/null || echo 0)
errors=$(grep -Eo 'errors_status=[0-9]+ errors_connect=[0-9]+ errors_timeout=[0-9]+' "$tmp/wrk.out")
fivexx=$(awk '$5 ~ /^5[0-9][0-9]$/' "$tmp/access.log" | wc -l)
awk '{print $4, $5}' "$tmp/access.log" | sed -E "s#/[0-9]+#/ID#g" | sort | uniq -c | sort -rn | head -8
echo "soak ${secs}s: RSS idle start ${start} kB, idle end ${end} kB, growth ${growth}%; under load minute 1 ${load1:-?} kB, last ${loadN:-?} kB, growth ${lgrowth}%; peak $(cat "$tmp/peak") kB; $errors; 5xx in access log: $fivexx"
ok=$(python3 -c "print(1 if $growth < 10 and $lgrowth < 10 and $fivexx == 0 else 0)")
echo "$errors" | grep -q 'errors_status=0 errors_connect=0 errors_timeout=0' || ok=0
kill "$pid"; wait "$pid" || true; pid=""
[ "$ok" = 1 ] && echo "soak: passed" || { echo "soak: FAILED"; exit 1; }
