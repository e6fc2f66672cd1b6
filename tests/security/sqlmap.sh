#!/usr/bin/env bash
# SQL injection scan of the JSON API with sqlmap, against a throwaway server on loopback.
#   bash tests/security/sqlmap.sh            (BIN defaults to build/dangjian, relative to the repo root)
#   BIN=/path/to/dangjian bash tests/security/sqlmap.sh
#   SQLMAP_LEVEL=1 SQLMAP_THREADS=2 bash tests/security/sqlmap.sh    (tuning)
#   ONLY=members-list bash tests/security/sqlmap.sh                  (one target, by name)
#
# Installs sqlmap (Debian package) when missing, starts `dangjian serve` with a fresh demo
# database on a free port of 127.0.0.1, signs in as admin with curl (cookie + CSRF token), then
# runs sqlmap on every endpoint that takes parameters: the list queries, the {id} of the item
# endpoints (a `*` marker in the path), the JSON bodies of POST/PATCH on members, orgs,
# institutions and users and of the member transfer, the session cookie, and the login body. A target fails when sqlmap identifies an
# injection point, when the server logs an SQL error (it aborts on SQL that does not prepare, so
# an injected quote kills it: a target after which the server is dead fails, and the next ones
# get a fresh server), when requests could not reach the server, or when sqlmap tested no
# parameter at all. Prints `N passed, N failed` (one per target) and exits non-zero on any
# failure.
#
# sqlmap only ever targets 127.0.0.1 (the URL is built here from the port this script chose).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
root="$(pwd)"
BIN="${BIN:-build/dangjian}"
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
LEVEL="${SQLMAP_LEVEL:-2}"
THREADS="${SQLMAP_THREADS:-4}"
TECHNIQUE="${SQLMAP_TECHNIQUE:-BEUS}"
# --skip-static leaves out the parameters whose answer does not change with a random value: here
# that is every strictly parsed one (org, sort, limit, the ids), sort among them, the classic
# ORDER BY injection. The whole run fits the time budget without it, so it is off by default.
SKIP_STATIC="${SQLMAP_SKIP_STATIC:-0}"
ONLY="${ONLY:-}"

if [ ! -x "$BIN" ]; then
  echo "sqlmap.sh: $BIN not found or not executable (build first, or set BIN)" >&2
  exit 2
fi
for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "sqlmap.sh: $tool not found" >&2; exit 2; }
done
if ! command -v sqlmap >/dev/null; then
  echo "sqlmap.sh: installing sqlmap (Debian package)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq sqlmap; } >&2 ||
    { echo "sqlmap.sh: could not install sqlmap" >&2; exit 2; }
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/dj-sqlmap.XXXXXX")"
PID=""
cp "$BIN" "$tmp/dangjian" || exit 2
BIN="$tmp/dangjian"
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
  fi
  if [ -n "${KEEP_TMP:-}" ]; then echo "sqlmap.sh: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

HOST="127.0.0.1"
. tests/lib/server.sh
if ! "$BIN" init --demo --db "$tmp/demo.db" >/dev/null 2>"$tmp/init.log"; then
  echo "sqlmap.sh: init --demo failed:" >&2
  cat "$tmp/init.log" >&2
  exit 1
fi
: >"$tmp/server.log"

# (Re)starts the server on a fresh copy of the demo database and signs in as admin: sets PID,
# COOKIE, CSRF and AUTH. A target that kills the server gets a new one for the next targets.
start_server() {
  rm -f "$tmp"/dj.db*
  cp "$tmp/demo.db" "$tmp/dj.db" || return 1
  dj_start_server "$BIN" "$tmp/dj.db" "$tmp/server.log" --threads 4 || return 1
  PID=$DJ_PID
  PORT=$DJ_PORT
  URL=$DJ_URL
  # Sign in as admin: the session cookie and the CSRF token.
  local login_json
  login_json="$(curl -s -c "$tmp/jar" -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"dangjian2026"}' "$URL/api/v1/session")"
  CSRF="$(printf '%s' "$login_json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])' 2>/dev/null)"
  local session
  session="$(awk '$6 == "dj_session" { print $7 }' "$tmp/jar")"
  if [ -z "$CSRF" ] || [ -z "$session" ]; then
    echo "sqlmap.sh: admin login failed: $login_json" >&2
    return 1
  fi
  COOKIE="dj_session=$session"
  AUTH=(--cookie="$COOKIE" --headers="X-CSRF-Token: $CSRF" --skip=dj_session)
}
start_server || exit 1
api() { curl -sf -b "$COOKIE" "$URL/api/v1/$1"; }
# Reads a value out of a JSON answer: py 'EXPR' with d = the parsed JSON on stdin.
py() { python3 -c "import json,sys,urllib.parse as u; d=json.load(sys.stdin); print($1)"; }

# Values that match real demo rows, so that every query parameter changes the answer (sqlmap
# skips the parameters that look static).
M="$(api 'members/1')" || { echo "sqlmap.sh: GET members/1 failed" >&2; exit 1; }
m_org=$(printf '%s' "$M" | py 'd["org_id"]')
m_q=$(printf '%s' "$M" | py 'u.quote(d["name"])')
m_cat=$(printf '%s' "$M" | py 'd["category"]')
m_status=$(printf '%s' "$M" | py 'd["status"]')
m_tag=$(printf '%s' "$M" | py 'u.quote(d["tags"][0]) if d["tags"] else "x"')
m_dep=$(printf '%s' "$M" | py 'u.quote(d["department"] or "x")')
O="$(api "orgs/$m_org")" || exit 1
o_parent=$(printf '%s' "$O" | py 'd["parent_id"]')
o_q=$(printf '%s' "$O" | py 'u.quote(d["name"])')
o_type=$(printf '%s' "$O" | py 'd["type"]')
I="$(api 'institutions/1')" || exit 1
i_q=$(printf '%s' "$I" | py 'u.quote(d["name"])')
i_own=$(printf '%s' "$I" | py 'd["ownership"]')
i_kind=$(printf '%s' "$I" | py 'd["kind"]')
i_dist=$(printf '%s' "$I" | py 'u.quote(d["district"])')

# Request bodies whose answer does not change from one request to the next (sqlmap compares
# answers): creates that end in a conflict after the SQL ran (an ID number or a credit code already
# registered), updates with a stale version (the UPDATE runs and matches no row: 409). Orgs have
# no unique field: their create really creates, and sqlmap judges it by the status (--code=201).
member_create_body="$(printf '%s' "$M" | python3 -c '
import json, sys
d = json.load(sys.stdin)
keep = ["name", "gender", "ethnicity", "birth_date", "id_number", "phone", "education", "title", "department",
        "position", "org_id", "category", "status", "joined_on", "full_on", "tags"]
print(json.dumps({k: d[k] for k in keep if d.get(k) is not None}, ensure_ascii=False))')"
i_code=$(printf '%s' "$I" | py 'd["credit_code"]')
STALE=999999

COMMON=(--batch --flush-session --disable-coloring --level="$LEVEL" --risk=1 --technique="$TECHNIQUE"
  --threads="$THREADS" --timeout=10 --retries=1 --output-dir="$tmp/sqlmap" --drop-set-cookie --skip-waf)
[ "$SKIP_STATIC" = 1 ] && COMMON+=(--skip-static)

passed=0
failed=0
failures=()

# run_target NAME [sqlmap args...]: runs sqlmap on one target and judges it.
run_target() {
  local name="$1"
  shift
  if [ -n "$ONLY" ] && [ "$ONLY" != "$name" ]; then return; fi
  local log="$tmp/$name.log" t0=$SECONDS
  local acc0 err0
  # The server's stdout and stderr share server.log: access lines are those starting with a time.
  acc0=$(grep -c '^20[0-9][0-9]-' "$tmp/server.log")
  err0=$(wc -l <"$tmp/server.log")
  # sqlmap keeps its per-host files under the output dir: start each target from a clean one.
  rm -rf "$tmp/sqlmap"
  TERM=dumb sqlmap "${COMMON[@]}" "$@" </dev/null >"$log" 2>&1
  local rc=$?
  local took=$((SECONDS - t0))
  local reqs fivexx sqlerr problem=""
  reqs=$(($(grep -c '^20[0-9][0-9]-' "$tmp/server.log") - acc0))
  fivexx=$(grep '^20[0-9][0-9]-' "$tmp/server.log" | tail -n +"$((acc0 + 1))" | awk '$5 ~ /^5/' | wc -l)
  sqlerr=$(tail -n +"$((err0 + 1))" "$tmp/server.log" |
    grep -ciE 'bad SQL|internal error.*(sql|syntax|unrecognized token|no such (column|table|function)|fts5|near "|unterminated|malformed)')
  # Confirmed findings only. sqlmap also prints "appears to be ... injectable" for candidates that
  # its own false-positive check then dismisses ("false positive or unexploitable injection point
  # detected", "does not seem to be injectable"), and its negative messages contain the same
  # words: what counts is an injection point it identified (the "is vulnerable" question, the
  # summary, and the per-host log and results CSV that it writes only for identified points).
  local hits found_files dismissed
  hits=$(grep -E "is vulnerable|identified the following injection point|Parameter: .*\((GET|POST|URI|Cookie|\(custom\))" "$log" || true)
  found_files=$(find "$tmp/sqlmap" -type f \( -name log -o -name 'results-*.csv' \) -size +0 -exec awk 'FNR > 1 || FILENAME ~ /\/log$/' {} + 2>/dev/null | grep -c . || true)
  dismissed=$(grep -c "false positive or unexploitable injection point detected" "$log" || true)
  if [ -n "$hits" ] || [ "${found_files:-0}" -gt 0 ]; then
    problem="sqlmap reports an injection: $(printf '%s' "$hits" | head -n 3 | tr '\n' ' ')"
    grep -E "appears to be .*injectable|Parameter:|Type:|Payload:" "$log" | head -n 20
  elif [ "$sqlerr" -gt 0 ]; then
    problem="$sqlerr SQL error(s) in the server log"
    tail -n +"$((err0 + 1))" "$tmp/server.log" | grep -iE 'bad SQL|internal error' | head -n 5
  elif ! grep -q "testing for SQL injection on" "$log"; then
    problem="sqlmap tested no parameter: $(grep -m1 -E '\[(CRITICAL|ERROR)\]' "$log")"
  elif [ "$rc" != 0 ]; then
    problem="sqlmap exited $rc: $(grep -m1 -E '\[(CRITICAL|ERROR)\]' "$log")"
  fi
  # The server must have survived (a failed SQL prepare aborts it) and answered every request.
  local alive=1
  if ! kill -0 "$PID" 2>/dev/null || ! curl -sf "$URL/healthz" >/dev/null 2>&1; then alive=0; fi
  local connerr
  connerr=$(grep -ciE 'connection refused|unable to connect|connection reset|connection timed out|not responding' "$log" || true)
  if [ "$alive" = 0 ]; then
    problem="the server died during the scan (${problem:-no injection reported}); server log: $(tail -n 3 "$tmp/server.log" | tr '\n' ' ')"
  elif [ "${connerr:-0}" -gt 0 ] && [ -z "$problem" ]; then
    problem="$connerr connection error(s) to the server during the scan"
  fi
  local tested
  tested=$(grep -oE "testing for SQL injection on .* parameter '[^']*'" "$log" | sed -E "s/.*parameter '([^']*)'/\1/" | sort -u | paste -sd, -)
  if [ -z "$problem" ]; then
    passed=$((passed + 1))
    printf 'ok   %-20s %4ds %6d requests %4d 5xx  tested: %s%s\n' "$name" "$took" "$reqs" "$fivexx" "$tested" \
      "$([ "$dismissed" -gt 0 ] && echo " ($dismissed candidate(s) dismissed by sqlmap as false positives)")"
  else
    failed=$((failed + 1))
    failures+=("$name: $problem")
    printf 'FAIL %-20s %4ds %6d requests %4d 5xx  %s\n' "$name" "$took" "$reqs" "$fivexx" "$problem"
    echo "--- $name: last lines of the sqlmap output ---"
    tail -n 25 "$log"
    if [ "$alive" = 0 ]; then
      wait "$PID" 2>/dev/null
      start_server || { echo "sqlmap.sh: could not restart the server" >&2; exit 1; }
    fi
  fi
}

A="$URL/api/v1"
start=$SECONDS
echo "sqlmap.sh: sqlmap $(TERM=dumb sqlmap --version 2>/dev/null | grep -oE '[0-9]+\.[0-9][0-9.a-z#-]*' | head -n 1) on $URL (level $LEVEL, technique $TECHNIQUE, $THREADS threads, skip-static $SKIP_STATIC)"

# List queries.
run_target members-list "${AUTH[@]}" \
  -u "$A/members?org=$m_org&q=$m_q&category=$m_cat&status=$m_status&tag=$m_tag&department=$m_dep&sort=name&limit=20&offset=0"
run_target members-export "${AUTH[@]}" \
  -u "$A/members/export?format=csv&org=$m_org&q=$m_q&category=$m_cat&status=$m_status&tag=$m_tag&department=$m_dep&sort=name"
run_target orgs-list "${AUTH[@]}" -u "$A/orgs?parent=$o_parent&q=$o_q&type=$o_type&limit=20&offset=0"
run_target institutions-list "${AUTH[@]}" \
  -u "$A/institutions?q=$i_q&ownership=$i_own&kind=$i_kind&district=$i_dist&limit=20&offset=0"
run_target users-list "${AUTH[@]}" -u "$A/users?q=jianghai&role=org_admin&limit=20&offset=0"

# Item endpoints: the {id} in the path.
run_target member-item "${AUTH[@]}" -u "$A/members/1*"
run_target member-history "${AUTH[@]}" -u "$A/members/1*/history"
run_target org-item "${AUTH[@]}" -u "$A/orgs/$m_org*"
run_target org-warnings "${AUTH[@]}" -u "$A/orgs/$m_org*/warnings"
run_target institution-item "${AUTH[@]}" -u "$A/institutions/1*"
run_target user-item "${AUTH[@]}" -u "$A/users/2*"

# JSON bodies.
run_target member-create "${AUTH[@]}" -u "$A/members" --data="$member_create_body"
run_target member-update "${AUTH[@]}" -u "$A/members/1" --method=PATCH \
  --data="{\"version\":$STALE,\"name\":\"王洋\",\"ethnicity\":\"汉族\",\"phone\":\"15901595356\",\"education\":\"本科\",\"title\":\"医师\",\"department\":\"急诊科\",\"position\":\"医师\",\"tags\":[\"三培养\"]}"
run_target org-create "${AUTH[@]}" -u "$A/orgs" --code=201 \
  --data="{\"name\":\"注入测试支部\",\"type\":\"branch\",\"parent_id\":$o_parent,\"departments\":[\"内科\"],\"established_on\":\"2020-01-01\",\"committee\":[{\"name\":\"张三\",\"position\":\"书记\"}]}"
run_target org-update "${AUTH[@]}" -u "$A/orgs/$m_org" --method=PATCH \
  --data="{\"version\":$STALE,\"name\":\"注入测试\",\"departments\":[\"内科\"],\"term_start\":\"2024-01-01\",\"committee\":[{\"name\":\"张三\",\"position\":\"书记\"}]}"
run_target institution-create "${AUTH[@]}" -u "$A/institutions" \
  --data="{\"name\":\"注入测试医院\",\"credit_code\":\"$i_code\",\"ownership\":\"public\",\"kind\":\"hospital\",\"grade\":\"二级\",\"district\":\"江海区\",\"address\":\"x\",\"org_ids\":[$m_org]}"
run_target institution-update "${AUTH[@]}" -u "$A/institutions/1" --method=PATCH \
  --data="{\"version\":$STALE,\"name\":\"注入测试\",\"district\":\"江海区\",\"grade\":\"二级\",\"address\":\"x\"}"
run_target member-transfer "${AUTH[@]}" -u "$A/members/1/transfer" \
  --data="{\"to_org_id\":$o_parent,\"transfer_date\":\"2025-01-02\",\"reason\":\"工作调动\",\"version\":$STALE}"
# An account that exists already (409 after the INSERT); a stale version for the update.
run_target user-create "${AUTH[@]}" -u "$A/users" \
  --data="{\"username\":\"jianghai\",\"display_name\":\"注入测试\",\"role\":\"secretary\",\"org_id\":$m_org,\"password\":\"Sqlmap2026test\"}"
run_target user-update "${AUTH[@]}" -u "$A/users/2" --method=PATCH \
  --data="{\"version\":$STALE,\"display_name\":\"注入测试\",\"role\":\"org_admin\",\"org_id\":1,\"disabled\":false}"

# The session cookie itself (every other target leaves it alone).
# A valid session answers 200, any other cookie 401: sqlmap judges by the status.
run_target session-cookie --cookie="$COOKIE" -p dj_session --code=200 --ignore-code=401 \
  --answers="URI injections=N" -u "$A/me"

# Login, last: its failures count towards the throttle and the lockout (no CSRF needed).
# Every answer carries a new CSRF token, so sqlmap judges it by the status (200 signed in); 401
# and 429 are expected answers, not errors. After 30 failures from one address in 15 minutes the
# server answers 429 before it looks the user up (the throttle query still gets the username).
run_target login -u "$A/session" --code=200 --ignore-code=401,429 --data='{"username":"admin","password":"dangjian2026"}'

echo "sqlmap.sh: total $((SECONDS - start)) s"
for f in "${failures[@]}"; do echo "FAIL $f"; done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
