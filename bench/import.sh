#!/usr/bin/env bash
# import.sh: times `dangjian import members` of N generated members into a fresh database.
#
# Usage: bench/import.sh [WORKDIR]        (default WORKDIR: /tmp/dangjian-bench)
# Env:   MEMBERS (1000000), ORGS (50000), SEED, KEEP_CSV=1 to reuse an existing members.csv
# Leaves WORKDIR/bench.db (the 1M-member database bench/wrk.sh uses) and WORKDIR/import.log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=${1:-/tmp/dangjian-bench}
members=${MEMBERS:-1000000}
orgs=${ORGS:-50000}
seed=${SEED:-20240601}
bin=$root/build/dangjian

need() { # need COMMAND DEBIAN_PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "import.sh: installing $2" >&2
  apt-get install -y -qq "$2" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}
need sqlite3 sqlite3
[ -x /usr/bin/time ] || need /usr/bin/time time
[ -x "$bin" ] || bash "$root/scripts/build.sh"

mkdir -p "$work"
db=$work/bench.db
csv=$work/members.csv

# 1. Data (deterministic).
if [ "${KEEP_CSV:-0}" = 1 ] && [ -s "$csv" ] && [ -s "$work/orgs.sql" ]; then
  echo "== reusing $csv"
else
  echo "== generating $members members over $orgs orgs (seed $seed)"
  t0=$(date +%s.%N)
  python3 "$here/gen.py" --members "$members" --orgs "$orgs" --seed "$seed" --out "$work"
  t1=$(date +%s.%N)
  python3 -c "print('generation: %.2f s (wall, incl. interpreter start)' % ($t1 - $t0))"
fi

# 2. A fresh database with the org tree.
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --db "$db" >/dev/null
sqlite3 "$db" <"$work/orgs.sql"
echo "== $(sqlite3 "$db" 'SELECT COUNT(*) FROM orgs') orgs loaded into $db"

# 3. The import, timed.
echo "== load average before the import: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
log=$work/import.log
echo "== $bin import members $csv --db $db"
t0=$(date +%s.%N)
set +e
/usr/bin/time -v "$bin" import members "$csv" --db "$db" >"$log" 2>&1
rc=$?
set -e
t1=$(date +%s.%N)
grep -E '^imported|^dangjian' "$log" | head -n 5 || true
if [ $rc -ne 0 ]; then
  echo "import.sh: import failed (exit $rc); see $log" >&2
  head -n 20 "$log" >&2
  exit 1
fi
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rows=$(sqlite3 "$db" 'SELECT COUNT(*) FROM members')
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
python3 - "$t0" "$t1" "$rows" "$rss_kb" "$(stat -c %s "$db")" <<'EOF'
import sys
t0, t1, rows, rss, size = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
s = t1 - t0
print("import: %d rows in %.2f s = %.0f rows/s (target: < 30 s for 1M); peak RSS %.0f MB; db %.0f MB"
      % (rows, s, rows / s if s else 0, rss / 1024, size / 1e6))
EOF
