# shellcheck shell=bash disable=SC2034,SC2154
# lib.sh: helpers shared by bench/wrk.sh, bench/pg.sh and bench/tenmillion.sh (sourced, not run).
# Stops only what it started, by PID. Needs: bash, python3, curl, wrk.

need() { # need COMMAND DEBIAN_PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "bench: installing $2" >&2
  apt-get install -y -qq "$2" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}

stop_pid() { # stop_pid PID: TERM, wait up to 5 s, then KILL
  local p=$1 i
  [ -n "$p" ] || return 0
  kill -TERM "$p" 2>/dev/null || return 0
  for i in $(seq 1 50); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$p" 2>/dev/null || true
}

wait_port() { # wait_port PORT: up to 10 s
  local i
  for i in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "bench: nothing listening on 127.0.0.1:$1" >&2
  return 1
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# CPU time (user+system, clock ticks) of the given PIDs and their direct children, from /proc.
cpu_ticks() {
  local total=0 p q kids
  for p in "$@"; do
    kids=$(ps -o pid= --ppid "$p" 2>/dev/null || true)
    for q in $p $kids; do
      total=$((total + $(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$q/stat" 2>/dev/null || echo 0)))
    done
  done
  echo $total
}
hz=$(getconf CLK_TCK)

# Memory sampler (bench/sample_mem.py) in the background; sets sampler_pid.
#   start_sampler OUT SPEC...   SPEC: rss:PID (VmRSS of PID) or pss-tree:PID (Pss of PID and its
#                               children, summed: PostgreSQL's postmaster and backends)
sampler_pid=""
start_sampler() {
  local out=$1
  shift
  python3 "$bench_dir/sample_mem.py" "$out" "$@" &
  sampler_pid=$!
}
stop_sampler() { stop_pid "$sampler_pid"; sampler_pid=""; }

# Logs in as benchadmin on 127.0.0.1:PORT and prints the session token.
login() { # login PORT PASSWORD COOKIEJAR
  curl -sf -c "$3" -H 'Content-Type: application/json' \
    -d "{\"username\":\"benchadmin\",\"password\":\"$2\"}" "http://127.0.0.1:$1/api/v1/session" >/dev/null || return 1
  awk '$6 == "dj_session" {print $7}' "$3"
}

# One request, timed by curl: prints "SECONDS HTTP_CODE BYTES".
one_request() { # one_request PORT TOKEN PATH
  curl -s -o /dev/null --max-time 600 -w '%{time_total} %{http_code} %{size_download}' \
    -b "dj_session=$2" "http://127.0.0.1:$1$3"
}

# wrk summary: "rps p50_ms p99_ms non2xx errors requests"
wrk_summary() {
  python3 - "$1" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
def ms(v, u):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[u]
def pct(p):
    m = re.search(r"^\s*%s%%\s+([\d.]+)(us|ms|s|m)\s*$" % p, t, re.M)
    return ms(*m.groups()) if m else float("nan")
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", t)
err = re.search(r"Socket errors:(.*)", t)
reqs = int(re.search(r"(\d+) requests in", t).group(1))
print("%.0f %.2f %.2f %s %s %d" % (rps, pct(50), pct(99), non2xx.group(1) if non2xx else 0,
                                    (err.group(1).strip().replace(" ", "") if err else "none"), reqs))
EOF
}

# path_of ORG_ID / count_of ORG_ID: an org's path and its live members, read from the SQLite $db.
path_of() { sqlite3 "$db" "SELECT path FROM orgs WHERE id = $1"; }
count_of() { local p; p=$(path_of "$1"); sqlite3 "$db" "SELECT COUNT(*) FROM members WHERE org_path >= '$p' AND org_path < '${p%/}0' AND deleted_at IS NULL"; }

# bench_admin_and_org: the admin `benchadmin` (password in pw) in the SQLite $db run by $bin, and
# org: $ORG, or the first general branch with 100-1000 members in its subtree (wrk.sh, pg.sh).
bench_admin_and_org() {
  pw=Wrk-bench-7731x
  printf '%s\n' "$pw" | "$bin" user add benchadmin --role admin --password-stdin --db "$db" >/dev/null 2>&1 ||
    printf '%s\n' "$pw" | "$bin" user passwd benchadmin --password-stdin --db "$db" >/dev/null
  org=${ORG:-$(sqlite3 "$db" "SELECT id FROM (SELECT o.id, (SELECT COUNT(*) FROM members m WHERE m.org_path >= o.path
    AND m.org_path < substr(o.path, 1, length(o.path) - 1) || '0' AND m.deleted_at IS NULL) AS c
    FROM orgs o WHERE o.type = 'general_branch' AND o.deleted_at IS NULL ORDER BY o.id LIMIT 500)
    WHERE c BETWEEN 100 AND 1000 LIMIT 1")}
}
