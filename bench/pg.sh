#!/usr/bin/env bash
# pg.sh: the same 1M-member database on PostgreSQL and on SQLite, side by side.
#
# Starts a private PostgreSQL 15 (tests/pg/pg.sh: 127.0.0.1, temp dir, fsync=off, otherwise the
# defaults, e.g. shared_buffers 128 MB), copies WORKDIR/bench.db into it with `dangjian copy`
# (timed), runs VACUUM ANALYZE (timed; autovacuum would do it a minute later anyway, and would
# otherwise run during the measurements), writes the query plans to WORKDIR/plans-1m.txt, then
# starts `dangjian serve` on each database and measures, one backend after the other:
#   - single requests (curl): member list and dashboard for the root (all members), a committee
#     and the mid-level org, twice each, before and after the wrk runs;
#   - wrk -t2 -c64 -d20s --latency on GET /api/v1/members?org=MID&limit=50 (as bench/wrk.sh);
#   - wrk -t2 -c16 -d20s --latency on GET /api/v1/dashboard?org=MID and ?org=COMMITTEE;
# with req/s, p50, p99, the server's CPU µs per request (and the postgres processes' CPU, summed
# from /proc, for PostgreSQL), the server's peak RSS and the postgres processes' peak Pss.
#
# Usage: bench/pg.sh [WORKDIR]   (default /tmp/dangjian-bench; needs WORKDIR/bench.db, the
#                                 1M-member database from bench/import.sh; it is only read,
#                                 apart from the user benchadmin and its sessions)
# Env:   THREADS=2 (server threads), DURATION=20s, CONNS=64 (list), DCONNS=16 (dashboard),
#        WRK_THREADS=2, PORT=18090 (SQLite server; PORT+1 for PostgreSQL), ORG=ID (mid org),
#        COMMITTEE=ID.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bench_dir=$here
work=${1:-/tmp/dangjian-bench}
db=$work/bench.db
threads=${THREADS:-2}
duration=${DURATION:-20s}
conns=${CONNS:-64}
dconns=${DCONNS:-16}
wthreads=${WRK_THREADS:-2}
sport=${PORT:-18090}
pport=$((sport + 1))
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
# shellcheck source=tests/pg/pg.sh
. "$root/tests/pg/pg.sh"

need wrk wrk
need curl curl
need sqlite3 sqlite3
[ -x /usr/bin/time ] || need /usr/bin/time time
[ -x "$root/build/dangjian" ] || bash "$root/scripts/build.sh"
[ -s "$db" ] || { echo "pg.sh: $db missing; run bench/import.sh first" >&2; exit 1; }

tmp=$(mktemp -d /tmp/dangjian-pgbench.XXXXXX)
chmod 755 "$tmp"
# A private copy of the binary: a rebuild during the run does not change what is measured.
bin=$tmp/dangjian
cp "$root/build/dangjian" "$bin"
spid="" ppid_srv=""
cleanup() {
  stop_sampler
  stop_pid "$spid"
  stop_pid "$ppid_srv"
  pg_stop
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

echo "== $(date -u '+%F %T UTC'); binary build/dangjian of $(stat -c %y "$root/build/dangjian" | cut -d. -f1)," \
  "HEAD $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'); load $(loadavg) on $(nproc) cores"

# 1. User and orgs (the same choice as bench/wrk.sh).
bench_admin_and_org # sets pw and org
comm=${COMMITTEE:-$(sqlite3 "$db" "SELECT id FROM orgs WHERE type='committee' AND parent_id IS NOT NULL ORDER BY id LIMIT 1")}
n_root=$(count_of 1) n_comm=$(count_of "$comm") n_org=$(count_of "$org")
echo "== orgs: root 1 ($n_root members), committee $comm ($n_comm), mid-level $org ($(path_of "$org"), $n_org)"

# 2. PostgreSQL and the copy.
pg_start
pg_psql_app() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U dangjian -d dangjian "$@"; }
echo "== PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') pid $PG_PID on 127.0.0.1:$PG_PORT ($PG_DIR);" \
  "shared_buffers $(pg_psql -tAc 'SHOW shared_buffers'), work_mem $(pg_psql -tAc 'SHOW work_mem')"
echo "== load before the copy: $(loadavg)"
t0=$(date +%s.%N)
/usr/bin/time -v "$bin" copy --from "$db" --to "$PG_URL" >"$tmp/copy.log" 2>&1 || { cat "$tmp/copy.log" >&2; exit 1; }
t1=$(date +%s.%N)
grep -E '^\s+(orgs|members|users|sessions|audit_log) |copy complete' "$tmp/copy.log" | sed 's/^/   /'
copy_rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/copy.log")
copy_cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u + s}' "$tmp/copy.log")
printf '== copy: %.1f s wall (incl. its verification), dangjian %.1f s CPU, peak RSS %d MB; load after %s\n' \
  "$(awk "BEGIN {print $t1 - $t0}")" "$copy_cpu" $((copy_rss / 1024)) "$(loadavg)"
t0=$(date +%s.%N)
"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d dangjian -c "VACUUM ANALYZE"
t1=$(date +%s.%N)
printf '== VACUUM ANALYZE: %.1f s; database %s (members %s incl. indexes; SQLite file %d MB)\n' "$(awk "BEGIN {print $t1 - $t0}")" \
  "$(pg_psql_app -tAc "SELECT pg_size_pretty(pg_database_size('dangjian'))")" \
  "$(pg_psql_app -tAc "SELECT pg_size_pretty(pg_total_relation_size('members'))")" $(($(stat -c %s "$db") / 1000000))

# 3. Plans: the SQL of src/store/members.c (list) and src/store/dashboard.c, with literal values.
plans=$work/plans-1m.txt
b35=$(date -d '-35 years' +%F) b45=$(date -d '-45 years' +%F) b55=$(date -d '-55 years' +%F)
sql_for() { # sql_for NAME PATH
  local p=$2 u="${2%/}0"
  case $1 in
    count) echo "SELECT COUNT(*) FROM members m WHERE m.org_path >= '$p' AND m.org_path < '$u' AND m.deleted_at IS NULL" ;;
    page) echo "SELECT m.id, m.name, m.gender, m.ethnicity, m.birth_date, m.id_number, m.phone, m.education, m.title, m.department, m.position, m.org_id, o.name AS org_name, m.org_path, m.category, m.status, m.joined_on, m.full_on, m.tags AS tags_json, CASE WHEN m.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json, m.version FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.org_path >= '$p' AND m.org_path < '$u' AND m.deleted_at IS NULL ORDER BY m.org_path, m.id LIMIT 50 OFFSET 0" ;;
    figures) echo "SELECT COUNT(*), COALESCE(SUM(CASE WHEN category = 'full' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN category = 'probationary' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN gender = 'female' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN birth_date > '$b35' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN birth_date <= '$b35' AND birth_date > '$b45' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN birth_date <= '$b45' AND birth_date > '$b55' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN birth_date <= '$b55' THEN 1 ELSE 0 END), 0) FROM members WHERE org_path >= '$p' AND org_path < '$u' AND deleted_at IS NULL AND status IN ('active', 'mobile', 'lost_contact')" ;;
    by_status) echo "SELECT status, COUNT(*) FROM members WHERE org_path >= '$p' AND org_path < '$u' AND deleted_at IS NULL GROUP BY status ORDER BY status" ;;
    by_education) echo "SELECT COALESCE(education, ''), COUNT(*) FROM members WHERE org_path >= '$p' AND org_path < '$u' AND deleted_at IS NULL AND status IN ('active', 'mobile', 'lost_contact') GROUP BY COALESCE(education, '') ORDER BY 1" ;;
    each_org) echo "SELECT o.id, o.name, o.type, o.term_end, COALESCE(c.members, 0), COALESCE(c.full, 0), (SELECT COUNT(*) FROM org_committee oc WHERE oc.org_id = o.id) FROM orgs o LEFT JOIN (SELECT org_path, COUNT(*) AS members, SUM(CASE WHEN category = 'full' THEN 1 ELSE 0 END) AS full FROM members WHERE org_path >= '$p' AND org_path < '$u' AND deleted_at IS NULL AND status IN ('active', 'mobile', 'lost_contact') GROUP BY org_path) c ON c.org_path = o.path WHERE o.path >= '$p' AND o.path < '$u' AND o.deleted_at IS NULL ORDER BY o.path" ;;
  esac
}
{
  echo "# plans, $(date -u '+%F %T UTC'), $n_root members; load $(loadavg)"
  for o in 1 "$comm" "$org"; do
    p=$(path_of "$o")
    for q in count page figures by_status by_education each_org; do
      echo
      echo "## $q, org $o ($p)"
      echo "### SQLite: EXPLAIN QUERY PLAN, then the query timed in the sqlite3 shell (its own default cache, not the server's)"
      sqlite3 -readonly "$db" "EXPLAIN QUERY PLAN $(sql_for $q "$p")"
      printf '.timer on\n.output /dev/null\n%s;\n' "$(sql_for $q "$p")" | sqlite3 -readonly "$db" 2>&1 | grep '^Run Time' || true
      echo "### PostgreSQL: EXPLAIN (ANALYZE, BUFFERS)"
      pg_psql_app -c "EXPLAIN (ANALYZE, BUFFERS) $(sql_for $q "$p")"
    done
  done
  # The server runs these as named prepared statements: after five executions PostgreSQL may
  # switch to a generic plan, costed without the range's values.
  for q in count page; do
    echo
    echo "## $q, generic plan (plan_cache_mode = force_generic_plan), root"
    s=$(sql_for $q /1/ | sed "s|'/1/'|\$1|; s|'/10'|\$2|")
    pg_psql_app -c "SET plan_cache_mode = force_generic_plan" -c "PREPARE g(text, text) AS $s" \
      -c "EXPLAIN (ANALYZE, BUFFERS) EXECUTE g('/1/', '/10')"
  done
} >"$plans" 2>&1
echo "== plans: $plans (execution times, root/committee/mid for each query):"
grep -E '^## |Run Time|Execution Time' "$plans" | sed 's/^/   /'

# 4. The two servers.
"$bin" serve --db "$db" --listen "127.0.0.1:$sport" --threads "$threads" >"$tmp/serve-sqlite.log" 2>&1 &
spid=$!
"$bin" serve --db "$PG_URL" --listen "127.0.0.1:$pport" --threads "$threads" >"$tmp/serve-pg.log" 2>&1 &
ppid_srv=$!
wait_port "$sport"
wait_port "$pport"
stok=$(login "$sport" "$pw" "$tmp/c1") && [ -n "$stok" ] || { echo "pg.sh: login (SQLite) failed" >&2; exit 1; }
ptok=$(login "$pport" "$pw" "$tmp/c2") && [ -n "$ptok" ] || { echo "pg.sh: login (PostgreSQL) failed" >&2; exit 1; }
list_url="/api/v1/members?org=$org&limit=50"

# Same answers from both backends?
for u in "$list_url" "/api/v1/dashboard?org=$org" "/api/v1/dashboard?org=$comm"; do
  curl -sf -b "dj_session=$stok" "http://127.0.0.1:$sport$u" >"$tmp/a.json"
  curl -sf -b "dj_session=$ptok" "http://127.0.0.1:$pport$u" >"$tmp/b.json"
  python3 - "$tmp/a.json" "$tmp/b.json" "$u" <<'EOF'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
print("   %s: %d bytes; %s" % (sys.argv[3], len(open(sys.argv[1], 'rb').read()),
      "same JSON from both backends" if a == b else "DIFFERENT JSON from SQLite and PostgreSQL"))
EOF
done

singles() { # singles LABEL
  local o kind u t be port tok
  for o in 1 "$comm" "$org"; do
    for kind in list dashboard; do
      [ "$kind" = list ] && u="/api/v1/members?org=$o&limit=50" || u="/api/v1/dashboard?org=$o"
      for be in sqlite pg; do
        [ "$be" = sqlite ] && port=$sport tok=$stok || port=$pport tok=$ptok
        t=$(one_request "$port" "$tok" "$u")
        t2=$(awk "BEGIN {exit !(${t%% *} < 30)}" && one_request "$port" "$tok" "$u" || echo "nan")
        echo "$1 $o $kind $be ${t%% *} ${t2%% *} $(echo "$t" | cut -d' ' -f2) $(loadavg | cut -d' ' -f1)" >>"$tmp/singles"
        printf '   %-6s %-9s org=%-6s %-6s %8.3f s, again %8.3f s (HTTP %s, %s bytes) load %s\n' "$1" "$kind" "$o" "$be" \
          "${t%% *}" "${t2%% *}" "$(echo "$t" | cut -d' ' -f2)" "$(echo "$t" | cut -d' ' -f3)" "$(loadavg | cut -d' ' -f1)"
      done
    done
  done
}
: >"$tmp/singles"
echo "== single requests (curl), before the wrk runs"
singles before

# 5. wrk, one backend after the other.
: >"$tmp/results"
run_wrk() { # run_wrk TEST BACKEND CONNS URL_PATH [WRK_OPTS...]
  local test=$1 be=$2 c=$3 u=$4 port tok pid pg_c0=0 pg_c1=0 c0 c1 l0 mem
  shift 4
  [ "$be" = sqlite ] && port=$sport tok=$stok pid=$spid || port=$pport tok=$ptok pid=$ppid_srv
  if [ "$be" = pg ]; then start_sampler "$tmp/mem" "rss:$pid" "pss-tree:$PG_PID"; else start_sampler "$tmp/mem" "rss:$pid"; fi
  l0=$(loadavg | cut -d' ' -f1)
  c0=$(cpu_ticks "$pid")
  [ "$be" = pg ] && pg_c0=$(cpu_ticks "$PG_PID")
  DJ_SESSION=$tok wrk -t"$wthreads" -c"$c" -d"$duration" --latency "$@" -s "$here/members.lua" \
    "http://127.0.0.1:$port$u" >"$tmp/wrk.$test.$be"
  c1=$(cpu_ticks "$pid")
  [ "$be" = pg ] && pg_c1=$(cpu_ticks "$PG_PID")
  stop_sampler
  mem=$(cat "$tmp/mem")
  read -r rss pss <<<"$mem $([ "$be" = pg ] || echo 0)"
  echo "$test $be $(wrk_summary "$tmp/wrk.$test.$be") $rss $pss $(( (c1 - c0) * 1000000 / hz )) $(( (pg_c1 - pg_c0) * 1000000 / hz )) $l0 $(loadavg | cut -d' ' -f1)" >>"$tmp/results"
  echo "   $test $be: $(tail -n 1 "$tmp/results" | cut -d' ' -f3-)"
}
echo "== wrk (columns: req/s p50 p99 non2xx sockerr requests rss_kB pg_pss_kB cpu_us_server cpu_us_pg load_before load_after)"
for be in sqlite pg; do run_wrk list "$be" "$conns" "$list_url"; done
for be in sqlite pg; do run_wrk dash-mid "$be" "$dconns" "/api/v1/dashboard?org=$org" --timeout 30s; done
for be in sqlite pg; do run_wrk dash-committee "$be" "$dconns" "/api/v1/dashboard?org=$comm" --timeout 30s; done

echo "== single requests (curl), after the wrk runs (PostgreSQL may now use generic plans)"
singles after

# 6. Summary.
echo "== load average now: $(loadavg) on $(nproc) cores"
echo "== summary: wrk -t$wthreads -d$duration --latency, server --threads $threads; list -c$conns, dashboard -c$dconns"
python3 - "$tmp/results" "$tmp/singles" "$org" "$n_org" "$comm" "$n_comm" "$n_root" <<'EOF'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
org, n_org, comm, n_comm, n_root = sys.argv[3:8]
names = {"list": "list org=%s (%s members)" % (org, n_org), "dash-mid": "dashboard org=%s" % org,
         "dash-committee": "dashboard org=%s (%s members)" % (comm, n_comm)}
print("%-34s %-6s %7s %8s %8s %7s %9s %9s %10s %10s %9s" % ("request", "db", "req/s", "p50 ms", "p99 ms", "non2xx",
      "RSS MB", "pg Pss MB", "srv us/req", "pg us/req", "load"))
for test, be, rps, p50, p99, non2xx, errs, reqs, rss, pss, cs, cp, l0, l1 in rows:
    n = max(1, int(reqs))
    print("%-34s %-6s %7s %8s %8s %7s %9.1f %9s %10.0f %10s %9s" % (names[test], be, rps, p50, p99, non2xx,
          int(rss) / 1024, "-" if be == "sqlite" else "%.0f" % (int(pss) / 1024), int(cs) / n,
          "-" if be == "sqlite" else "%.0f" % (int(cp) / n), l0 + "-" + l1))
    if errs != "none":
        print("   socket errors: %s" % errs)
print()
print("single requests (s; first, again):")
singles = [l.split() for l in open(sys.argv[2]) if l.strip()]
for when in ("before", "after"):
    for label, o, kind, be, t1, t2, code, load in singles:
        if label == when:
            print("  %-6s %-9s org=%-6s %-6s %8s %8s  HTTP %s  load %s" % (when, kind, o, be, t1, t2, code, load))
EOF
