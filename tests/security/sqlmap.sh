#!/usr/bin/env bash
# SQL injection scan of the JSON API with sqlmap, against a throwaway server on loopback.
#   bash tests/security/sqlmap.sh            (BIN defaults to build/dangjian, relative to the repo root)
#   BIN=/path/to/dangjian bash tests/security/sqlmap.sh
#   SQLMAP_LEVEL=1 SQLMAP_THREADS=2 bash tests/security/sqlmap.sh    (tuning)
#   ONLY=members-list bash tests/security/sqlmap.sh                  (one target, by name; no coverage check)
#   DJ_DB_URL=postgresql://user@127.0.0.1:PORT/db bash tests/security/sqlmap.sh   (on PostgreSQL)
#
# Installs sqlmap (Debian package) when missing, starts `dangjian serve` with a fresh demo
# database on a free port of 127.0.0.1, signs in as admin with curl (cookie + CSRF token), then
# runs sqlmap on every endpoint that takes parameters: the list queries, the {id} of the item
# endpoints (a `*` marker in the path), the JSON bodies of POST/PATCH/DELETE, the `version` of
# the deletes and restores, the CSV body of the import, the session cookie, and the login body.
# A target fails when sqlmap identifies an injection point, when the server logs an SQL error (it
# aborts on SQL that does not prepare, so an injected quote kills it: a target after which the
# server is dead fails, and the next ones get a fresh server), when requests could not reach the
# server, or when sqlmap tested no parameter at all.
#
# Coverage: every target declares the OpenAPI operations it covers (run_target NAME --covers
# "METHOD /path" ... sqlmap args). At the end the script reads the served /api/v1/openapi.json and
# fails, listing them, if an operation with a path, query or cookie parameter or a request body is
# not covered by a target that passed, or if one of those parameters (or the body) was not among
# the ones sqlmap reports it tested in such a target (a path parameter needs a `*` marker in its
# path segment). A declared operation must also match the target's method and path.
# Prints `N passed, N failed` (one per target, and one for the coverage check) and exits
# non-zero on any failure.
#
# PostgreSQL (tests/pg/sqlmap.sh): with DJ_DB_URL set, the server runs on PostgreSQL. The URL's
# role must be allowed to create databases: the script loads the demo data once into a database
# of its own, and every (re)start of the server gets a new database copied from it (CREATE
# DATABASE ... TEMPLATE); all are dropped at the end. DJ_PG_LOG, the PostgreSQL server's log
# file (with %e in log_line_prefix), is then also searched for SQL errors after each target.
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
# ORDER BY injection. The whole run fits the time budget without it, so it is off by default
# (and the coverage check would fail: a skipped parameter is not tested).
SKIP_STATIC="${SQLMAP_SKIP_STATIC:-0}"
ONLY="${ONLY:-}"
DB_URL="${DJ_DB_URL:-}"
PG_LOG="${DJ_PG_LOG:-}"

if [ ! -x "$BIN" ]; then
  echo "sqlmap.sh: $BIN not found or not executable (build first, or set BIN)" >&2
  exit 2
fi
for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "sqlmap.sh: $tool not found" >&2; exit 2; }
done
PSQL=""
if [ -n "$DB_URL" ]; then
  case "$DB_URL" in postgres://* | postgresql://*) ;; *)
    echo "sqlmap.sh: DJ_DB_URL must be a postgresql:// URL" >&2
    exit 2 ;;
  esac
  PSQL="${PSQL_BIN:-$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -n 1)}"
  [ -x "$PSQL" ] || { echo "sqlmap.sh: psql not found (apt-get install postgresql-client)" >&2; exit 2; }
  if [ -n "$PG_LOG" ] && [ ! -r "$PG_LOG" ]; then
    echo "sqlmap.sh: DJ_PG_LOG=$PG_LOG is not readable" >&2
    exit 2
  fi
fi
if ! command -v sqlmap >/dev/null; then
  echo "sqlmap.sh: installing sqlmap (Debian package)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq sqlmap; } >&2 ||
    { echo "sqlmap.sh: could not install sqlmap" >&2; exit 2; }
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/dj-sqlmap.XXXXXX")"
PID=""
PG_DBS=()
# Databases of this run on PostgreSQL: <prefix>_demo (the demo data) and <prefix>_1, _2, ... (one
# per server start).
PG_PREFIX="dj_sqlmap_$$_$RANDOM"
cp "$BIN" "$tmp/dangjian" || exit 2
BIN="$tmp/dangjian"
stop_server() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
  fi
  PID=""
}
# psql on DJ_DB_URL's database (the maintenance connection: never one the server uses).
pg_sql() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DB_URL" -c "$1" >/dev/null; }
# DJ_DB_URL with another database name (and its query string kept).
pg_url_of() {
  python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
    "$DB_URL" "$1"
}
cleanup() {
  stop_server
  local d
  for d in "${PG_DBS[@]}"; do
    pg_sql "DROP DATABASE IF EXISTS \"$d\" WITH (FORCE)" 2>/dev/null || echo "sqlmap.sh: could not drop database $d" >&2
  done
  if [ -n "${KEEP_TMP:-}" ]; then echo "sqlmap.sh: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

HOST="127.0.0.1"
. tests/lib/server.sh
if [ -n "$DB_URL" ]; then
  PG_DBS+=("${PG_PREFIX}_demo")
  if ! pg_sql "CREATE DATABASE \"${PG_PREFIX}_demo\""; then
    echo "sqlmap.sh: could not create a database on $DB_URL (its role must have CREATEDB)" >&2
    exit 1
  fi
  DEMO_DB="$(pg_url_of "${PG_PREFIX}_demo")"
else
  DEMO_DB="$tmp/demo.db"
fi
if ! "$BIN" init --demo --db "$DEMO_DB" >/dev/null 2>"$tmp/init.log"; then
  echo "sqlmap.sh: init --demo failed:" >&2
  cat "$tmp/init.log" >&2
  exit 1
fi
: >"$tmp/server.log"

# (Re)starts the server on a fresh copy of the demo database and signs in as admin: sets PID,
# COOKIE, CSRF, AUTH and AUTH_CSV. A target that kills the server gets a new one for the next
# targets.
starts=0
start_server() {
  local db
  starts=$((starts + 1))
  if [ -n "$DB_URL" ]; then
    local name="${PG_PREFIX}_$starts"
    PG_DBS+=("$name")
    pg_sql "CREATE DATABASE \"$name\" TEMPLATE \"${PG_PREFIX}_demo\"" || return 1
    db="$(pg_url_of "$name")"
  else
    rm -f "$tmp"/dj.db*
    cp "$tmp/demo.db" "$tmp/dj.db" || return 1
    db="$tmp/dj.db"
  fi
  dj_start_server "$BIN" "$db" "$tmp/server.log" --threads 4 || return 1
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
  # The import takes the file as the raw body (sqlmap splits --headers at a literal \n).
  AUTH_CSV=(--cookie="$COOKIE" --headers="X-CSRF-Token: $CSRF\\nContent-Type: text/csv" --skip=dj_session)
  # A meeting's attachment: the file's raw bytes.
  AUTH_BIN=(--cookie="$COOKIE" --headers="X-CSRF-Token: $CSRF\\nContent-Type: application/octet-stream" --skip=dj_session)
}
start_server || exit 1
api() { curl -sf -b "$COOKIE" "$URL/api/v1/$1"; }
# Reads a value out of a JSON answer: py 'EXPR' with d = the parsed JSON on stdin.
py() { python3 -c "import json,sys,urllib.parse as u; d=json.load(sys.stdin); print($1)"; }

# The served OpenAPI document: the operations the coverage check expects.
api openapi.json >"$tmp/openapi.json" || { echo "sqlmap.sh: GET openapi.json failed" >&2; exit 1; }

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
# Organisational life: a demo meeting, someone on its attendance list, its check-in code, a year.
MT="$(api 'meetings/1')" || { echo "sqlmap.sh: GET meetings/1 failed" >&2; exit 1; }
mt_org=$(printf '%s' "$MT" | py 'd["org_id"]')
mt_type=$(printf '%s' "$MT" | py 'd["type"]')
mt_status=$(printf '%s' "$MT" | py 'd["status"]')
mt_day=$(printf '%s' "$MT" | py 'd["starts_at"][:10]')
mt_year=$(printf '%s' "$MT" | py 'd["starts_at"][:4]')
mt_member=$(api 'meetings/1/attendance' | py 'd["items"][0]["member_id"]')
mt_code=$(api 'meetings/1/checkin-code' | py 'd["code"]' 2>/dev/null || echo "1-00000000000000000000000000000000")
# An attachment of meeting 1 (read), and one of meeting 2 (a DELETE through meeting 1 finds
# nothing: 404 every time, after the reads).
attach() { curl -sf -b "$COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/octet-stream' \
  --data-binary '%PDF-1.4 sqlmap' "$URL/api/v1/meetings/$1/attachments?name=sqlmap.pdf" | py 'd["id"]'; }
mt_att=$(attach 1) || { echo "sqlmap.sh: uploading an attachment failed" >&2; exit 1; }
mt_att_other=$(attach 2) || { echo "sqlmap.sh: uploading an attachment failed" >&2; exit 1; }
# Developing members: a demo applicant (its organisation, name and stage), a member to tag.
AP="$(api 'applicants/1')" || { echo "sqlmap.sh: GET applicants/1 failed" >&2; exit 1; }
ap_org=$(printf '%s' "$AP" | py 'd["org_id"]')
ap_stage=$(printf '%s' "$AP" | py 'd["stage"]')
ap_q=$(printf '%s' "$AP" | py 'u.quote(d["name"][:1])')
ap_next=$(printf '%s' "$AP" | py '(d["next_step"] or {"step": 25})["step"]')
# A paper of applicant 1's step 1 (read), and one of applicant 2's step 1 (a DELETE through
# applicant 1 finds nothing: 404 every time, after the reads).
stepfile() { curl -sf -b "$COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/octet-stream' \
  --data-binary '%PDF-1.4 sqlmap' "$URL/api/v1/applicants/$1/steps/1/attachments?name=sqlmap.pdf" | py 'd["id"]'; }
ap_file=$(stepfile 1) || { echo "sqlmap.sh: uploading a step's paper failed" >&2; exit 1; }
ap_file_other=$(stepfile 2) || { echo "sqlmap.sh: uploading a step's paper failed" >&2; exit 1; }
# The 201 project: a demo pairing (its instructor, institution, term and stage).
PR="$(api 'pairings/1')" || { echo "sqlmap.sh: GET pairings/1 failed" >&2; exit 1; }
p_ins=$(printf '%s' "$PR" | py 'd["instructor_user_id"]')
p_inst=$(printf '%s' "$PR" | py 'd["institution_id"]')
p_start=$(printf '%s' "$PR" | py 'd["started_on"]')
p_end=$(printf '%s' "$PR" | py 'd["ends_on"]')
p_stage=$(printf '%s' "$PR" | py 'd["stage"]')
p_year=${p_start:0:4}
# A visit of pairing 1 and one of pairing 2, with a photo each (read; a DELETE of the other's
# through pairing 1's visit finds nothing: 404 every time, after the reads).
p_visit=$(api 'pairings/1/visits?limit=1' | py 'd["items"][0]["id"]')
p_visit2=$(api 'pairings/2/visits?limit=1' | py 'd["items"][0]["id"]')
photo() { printf '\xff\xd8\xff\xe0sqlmap' | curl -sf -b "$COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/octet-stream' \
  --data-binary @- "$URL/api/v1/pairings/$1/visits/$2/photos?name=sqlmap.jpg" | py 'd["id"]'; }
p_photo=$(photo 1 "$p_visit") || { echo "sqlmap.sh: uploading a visit photo failed" >&2; exit 1; }
p_photo_other=$(photo 2 "$p_visit2") || { echo "sqlmap.sh: uploading a visit photo failed" >&2; exit 1; }
# 红联共建: the demo's Dongguan alliance (2: its lead, partners, start), one of its activities and
# resources, a meeting of its lead; an agreement uploaded to alliance 1 (its version moves to 2).
AL="$(api 'alliances/2')" || { echo "sqlmap.sh: GET alliances/2 failed" >&2; exit 1; }
al_lead=$(printf '%s' "$AL" | py 'd["lead_org_id"]')
al_m1=$(printf '%s' "$AL" | py 'd["member_org_ids"][0]')
al_m2=$(printf '%s' "$AL" | py 'd["member_org_ids"][1]')
al_start=$(printf '%s' "$AL" | py 'd["started_on"]')
al_act=$(api 'alliances/2/activities?limit=1' | py 'd["items"][0]["id"]')
al_res=$(api 'alliances/2/resources' | py 'd["items"][0]["id"]')
al_meeting=$(api "meetings?org=$al_lead&limit=1" | py 'd["items"][0]["id"]')
curl -sf -o /dev/null -X PUT -b "$COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/octet-stream' \
  --data-binary '%PDF-1.4 sqlmap' "$URL/api/v1/alliances/1/agreement?version=1&name=sqlmap.pdf" ||
  { echo "sqlmap.sh: uploading an agreement failed" >&2; exit 1; }
# An organisation without sub-organisations or members: its DELETE gets past the "still has
# content" check (409 before any UPDATE) to the versioned UPDATE itself.
o_empty=$(python3 - "$URL" "$COOKIE" <<'EOF'
import json, sys, urllib.request
base, cookie = sys.argv[1], sys.argv[2]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
def get(p):
    return json.load(opener.open(urllib.request.Request(base + "/api/v1/" + p, headers={"Cookie": cookie})))
offset = 0
while offset is not None:
    page = get("orgs?limit=200&offset=%d" % offset)
    for o in page["items"]:
        if not o["has_children"] and o["parent_id"] is not None and get("members?org=%d&limit=1" % o["id"])["total"] == 0:
            print(o["id"])
            sys.exit(0)
    offset = page["next"]
sys.exit(1)
EOF
) || { echo "sqlmap.sh: no organisation without content in the demo data" >&2; exit 1; }

# Dues: last month (member 1 paid it in the demo data: a payment of it is refused as already paid,
# 422 every time, nothing written), member 1's first base month (a new base from it is refused:
# bases are never rewritten), and one of member 1's payments reversed here (a second reversal is
# refused: 409 every time).
D="$(api 'members/1/dues')" || { echo "sqlmap.sh: GET members/1/dues failed" >&2; exit 1; }
d_year=$(printf '%s' "$D" | py 'd["year"]')
d_month=$(printf '%s' "$D" | py '[m["month"] for m in d["months"] if m["paid"]][-1]')
d_day=$(printf '%s' "$D" | py '[m["paid_on"] for m in d["months"] if m["paid"]][-1]')
d_first=$(printf '%s' "$D" | py 'd["bases"][0]["from_month"]')
d_rev=$(printf '%s' "$D" | py '[p["id"] for p in d["payments"] if p["month"] != "'"$d_month"'" and p["reverses_id"] is None][0]')
curl -sf -b "$COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -d '{"reason":"sqlmap"}' \
  "$URL/api/v1/dues/payments/$d_rev/reversal" >/dev/null || { echo "sqlmap.sh: reversing payment $d_rev failed" >&2; exit 1; }
dues_csv() { printf '"党员编号","月份","金额（元）","缴纳方式","缴纳日期","自愿多交","原因"\r\n"1%s","%s%s","15.00%s","现金%s","%s%s","否%s","x%s"\r\n' \
  "$1" "$d_month" "$1" "$1" "$1" "$d_day" "$1" "$1" "$1"; }
dues_plain="$(dues_csv '')"
dues_marked="$(dues_csv '*')"

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
# The two-coverage survey: the demo's round (over Wuhan's committee), a surveyed clinic of it.
CR="$(api 'coverage/rounds?limit=200')" || { echo "sqlmap.sh: GET coverage/rounds failed" >&2; exit 1; }
c_round=$(printf '%s' "$CR" | py 'd["items"][-1]["id"]')
c_org=$(printf '%s' "$CR" | py 'd["items"][-1]["org_id"]')
c_inst=$(api "coverage?org=$c_org&limit=200" | py '[x for x in d["items"] if x["source"] == "survey"][0]["institution_id"]')
c_dist=$(api "coverage?org=$c_org&limit=200" | py 'u.quote([x for x in d["items"] if x["status"] == "should_join"][0]["district"])')
# The import file: the header and member 1 again, every cell quoted. Its ID number is on file, so
# every import (a dry run, and a real one when sqlmap changes dry_run) runs the INSERT, ends in a
# conflict and writes nothing: 422 each time. import_csv MARK puts MARK at the end of every cell.
import_csv() {
  printf '%s' "$M" | python3 -c '
import json, sys
d, mark = json.load(sys.stdin), sys.argv[1]
cols = [("姓名", "name"), ("性别", "gender"), ("民族", "ethnicity"), ("出生日期", "birth_date"), ("身份证号", "id_number"),
        ("手机号", "phone"), ("学历", "education"), ("职称", "title"), ("科室", "department"), ("职务", "position"),
        ("组织ID", "org_id"), ("所在组织", "org_name"), ("党员类别", "category"), ("状态", "status"),
        ("入党日期", "joined_on"), ("转正日期", "full_on"), ("标签", "tags")]
def cell(v):
    v = ";".join(v) if isinstance(v, list) else "" if v is None else str(v)
    return "\"" + v.replace("\"", "\"\"") + mark + "\""
print(",".join(h for h, _ in cols))
print(",".join(cell(d.get(f)) for _, f in cols))' "$1"
}
import_plain="$(import_csv '')"
import_marked="$(import_csv '*')"
# sqlmap puts its payloads into the quoted cells as they are: this tamper script doubles their
# double quotes, as CSV quotes them, so that a payload stays inside its cell.
mkdir -p "$tmp/tamper"
: >"$tmp/tamper/__init__.py"
cat >"$tmp/tamper/csvcell.py" <<'EOF'
"""A payload inside a quoted CSV cell: its double quotes doubled."""
__priority__ = 0


def dependencies():
    pass


def tamper(payload, **kwargs):
    return payload.replace('"', '""') if payload else payload
EOF

# --keep-alive: one connection per sqlmap thread instead of one per request (a third less time).
COMMON=(--batch --flush-session --disable-coloring --level="$LEVEL" --risk=1 --technique="$TECHNIQUE"
  --threads="$THREADS" --timeout=10 --retries=1 --output-dir="$tmp/sqlmap" --drop-set-cookie --skip-waf --keep-alive)
[ "$SKIP_STATIC" = 1 ] && COMMON+=(--skip-static)

passed=0
failed=0
failures=()
mkdir -p "$tmp/cov"

# PostgreSQL's own log: errors that are not expected of any request (a syntax error, an unknown
# column or function, a value of the wrong type, an internal error). Expected ones, left out: the
# unique violations of the conflicts (23505), 42P18 (db_pg.c prepares again with a type), the
# busy and cancel ones. By SQLSTATE (%e in log_line_prefix) and, without it, by message.
PG_ERR_RE='(^| )(42[0-9A-Z]{3}|22[0-9A-Z]{3}|XX[0-9A-Z]{3}|0A[0-9A-Z]{3}) +(ERROR|FATAL|PANIC): |(ERROR|FATAL|PANIC): +(syntax error|unterminated|invalid input syntax|column .* does not exist|relation .* does not exist|function .* does not exist|operator does not exist|invalid escape|malformed)'
pg_log_errors() { grep -E "$PG_ERR_RE" | grep -vE '(^| )42P18 +ERROR:'; }
# The same from line $1 of the log on, each with the STATEMENT line that follows it.
pg_log_report() {
  tail -n +"$1" "$PG_LOG" | grep -A1 -E "$PG_ERR_RE" | grep -E "$PG_ERR_RE|STATEMENT:" | grep -vE '(^| )42P18 +(ERROR|STATEMENT):' | head -n 10
}

# run_target NAME --covers "METHOD /path" [--covers ...] [sqlmap args...]: runs sqlmap on one
# target and judges it; records what it requested and tested for the coverage check.
run_target() {
  local name="$1"
  shift
  local covers=() args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --covers) covers+=("$2"); shift 2 ;;
      --covers=*) covers+=("${1#--covers=}"); shift ;;
      *) args+=("$1"); shift ;;
    esac
  done
  if [ "${#covers[@]}" = 0 ]; then
    echo "sqlmap.sh: target $name declares no --covers" >&2
    exit 2
  fi
  if [ -n "$ONLY" ] && [ "$ONLY" != "$name" ]; then return; fi
  local log="$tmp/$name.log" t0=$SECONDS
  local acc0 err0 pg0=0
  # The server's stdout and stderr share server.log: access lines are those starting with a time
  # ("TIME ADDR METHOD PATH STATUS BYTES MS user=NAME"; the path may hold spaces: the status is
  # counted from the end).
  acc0=$(grep -c '^20[0-9][0-9]-' "$tmp/server.log")
  err0=$(wc -l <"$tmp/server.log")
  [ -n "$PG_LOG" ] && pg0=$(wc -l <"$PG_LOG")
  # sqlmap keeps its per-host files under the output dir: start each target from a clean one.
  rm -rf "$tmp/sqlmap"
  TERM=dumb sqlmap "${COMMON[@]}" "${args[@]}" </dev/null >"$log" 2>&1
  local rc=$?
  local took=$((SECONDS - t0))
  local reqs fivexx sqlerr pgerr=0 problem=""
  reqs=$(($(grep -c '^20[0-9][0-9]-' "$tmp/server.log") - acc0))
  fivexx=$(grep '^20[0-9][0-9]-' "$tmp/server.log" | tail -n +"$((acc0 + 1))" | awk '$(NF - 3) ~ /^5/' | wc -l)
  # SQLite's messages, and PostgreSQL's as db_pg.c reports them: "bad SQL (<message>)" when a
  # statement does not prepare (the server aborts), "数据库错误: <message> (SQLSTATE xxxxx)" for
  # any other failed statement that is not a conflict or an outage (500).
  sqlerr=$(tail -n +"$((err0 + 1))" "$tmp/server.log" |
    grep -ciE 'bad SQL|internal error.*(sql|SQLSTATE|数据库错误|syntax|unrecognized token|no such (column|table|function)|fts5|near "|unterminated|malformed)')
  [ -n "$PG_LOG" ] && pgerr=$(tail -n +"$((pg0 + 1))" "$PG_LOG" | pg_log_errors | wc -l)
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
  elif [ "$pgerr" -gt 0 ]; then
    problem="$pgerr SQL error(s) in PostgreSQL's log"
    pg_log_report "$((pg0 + 1))"
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
  # What the coverage check needs: the request (method, URL, body), the declared operations, and
  # the parameters sqlmap reports it tested.
  local rec="$tmp/cov/$name" a prev="" url="" data="" has_data=0 method=""
  for a in "${args[@]}"; do
    case "$prev" in -u | --url) url="$a" ;; --data) data="$a"; has_data=1 ;; --method) method="$a" ;; esac
    case "$a" in
      -u=* | --url=*) url="${a#*=}" ;;
      --data=*) data="${a#--data=}"; has_data=1 ;;
      --method=*) method="${a#--method=}" ;;
    esac
    prev="$a"
  done
  [ -n "$method" ] || { [ "$has_data" = 1 ] && method=POST || method=GET; }
  mkdir -p "$rec"
  printf '%s' "$url" >"$rec/url"
  printf '%s' "$method" >"$rec/method"
  [ "$has_data" = 1 ] && printf '%s' "$data" >"$rec/data"
  printf '%s\n' "${covers[@]}" >"$rec/covers"
  grep -oE "testing for SQL injection on .* parameter '[^']*'" "$log" | sed -E "s/.*parameter '([^']*)'/\1/" | sort -u >"$rec/tested"
  if [ -z "$problem" ]; then
    : >"$rec/passed"
    passed=$((passed + 1))
    printf 'ok   %-24s %4ds %6d requests %4d 5xx  tested: %s%s\n' "$name" "$took" "$reqs" "$fivexx" "$tested" \
      "$([ "$dismissed" -gt 0 ] && echo " ($dismissed candidate(s) dismissed by sqlmap as false positives)")"
  else
    failed=$((failed + 1))
    failures+=("$name: $problem")
    printf 'FAIL %-24s %4ds %6d requests %4d 5xx  %s\n' "$name" "$took" "$reqs" "$fivexx" "$problem"
    echo "--- $name: last lines of the sqlmap output ---"
    tail -n 25 "$log"
    if [ "$alive" = 0 ]; then
      wait "$PID" 2>/dev/null
      PID=""
      start_server || { echo "sqlmap.sh: could not restart the server" >&2; exit 1; }
    fi
  fi
}

# The coverage check: every operation of the served OpenAPI document that takes a path, query or
# cookie parameter or a request body, against the records of the targets that passed.
check_coverage() {
  python3 - "$tmp/openapi.json" "$tmp/cov" <<'EOF'
import json, os, sys, urllib.parse as up

spec = json.load(open(sys.argv[1]))
covdir = sys.argv[2]

def resolve(p):
    while "$ref" in p:
        node = spec
        for k in p["$ref"].lstrip("#/").split("/"):
            node = node[k]
        p = node
    return p

ops = {}  # "METHOD /path" -> (path template, [(in, name)], has body)
for path, item in spec.get("paths", {}).items():
    common = item.get("parameters", [])
    for method, op in item.items():
        if method not in ("get", "put", "post", "delete", "patch", "head", "options", "trace"):
            continue
        params = []
        for p in common + op.get("parameters", []):
            p = resolve(p)
            if p["in"] in ("path", "query", "cookie") and (p["in"], p["name"]) not in params:
                params.append((p["in"], p["name"]))
        ops["%s %s" % (method.upper(), path)] = (path, params, "requestBody" in op)

def segs(path):
    return path.strip("/").split("/")

def read(rec, f):
    p = os.path.join(covdir, rec, f)
    return open(p, encoding="utf-8", errors="replace").read() if os.path.exists(p) else None

problems = []
proof = {}  # op -> {what: [targets]}
declared = {}  # op -> [targets] (passed or not)
failed_decl = {}  # op -> [targets that declare it and failed]
for rec in sorted(os.listdir(covdir)):
    url, method, data = read(rec, "url"), read(rec, "method"), read(rec, "data")
    tested = set(read(rec, "tested").split("\n")) - {""}
    passed = os.path.exists(os.path.join(covdir, rec, "passed"))
    split = up.urlsplit(url)
    is_json = False
    if data is not None:
        try:
            is_json = isinstance(json.loads(data), (dict, list))
        except ValueError:
            pass
    # The `*` markers of the URL in order: sqlmap names them #1*, #2*, ... ("JSON #1*" when the
    # body is JSON); a URL with a marker leaves its unmarked query parameters untested.
    k = 0
    seg_marks, query_marks, query_names = {}, {}, []
    for i, s in enumerate(segs(split.path)):
        for _ in range(s.count("*")):
            k += 1
            seg_marks.setdefault(i, []).append(k)
    for pair in split.query.split("&") if split.query else []:
        qname, _, value = pair.partition("=")
        query_names.append(qname.replace("*", ""))
        for _ in range(pair.count("*")):
            k += 1
            query_marks.setdefault(qname.replace("*", ""), []).append(k)
    url_marks = k
    prefix = "JSON " if is_json else ""
    body_marks = data.count("*") if data is not None and not is_json else 0
    if url_marks and body_marks:
        problems.append("target %s: `*` markers in both the URL and a non-JSON body (sqlmap names both #N*)" % rec)
        continue
    upath = split.path.replace("*", "")
    for op in read(rec, "covers").split("\n"):
        if not op.strip():
            continue
        op = " ".join(op.split())
        declared.setdefault(op, []).append(rec)
        if op not in ops:
            problems.append("target %s declares %s, which the served OpenAPI document does not have" % (rec, op))
            continue
        template, params, has_body = ops[op]
        t, u = segs(template), segs(upath)
        if op.split(" ")[0] != method.upper() or len(t) != len(u) or any(
                not (a.startswith("{") and a.endswith("}")) and a != b for a, b in zip(t, u)):
            problems.append("target %s declares %s but requests %s %s" % (rec, op, method.upper(), upath))
            continue
        if not passed:
            failed_decl.setdefault(op, []).append(rec)
            continue
        got = proof.setdefault(op, {})
        for where, pname in params:
            ok = False
            if where == "path":
                i = t.index("{%s}" % pname) if "{%s}" % pname in t else -1
                ok = any(prefix + "#%d*" % m in tested for m in seg_marks.get(i, []))
            elif where == "query" and pname in query_names:
                ok = any(prefix + "#%d*" % m in tested for m in query_marks.get(pname, [])) if url_marks else pname in tested
            elif where == "cookie":
                ok = pname in tested
            if ok:
                got.setdefault("%s %s" % (where, pname), []).append(rec)
        if has_body and data is not None:
            if is_json:
                body = json.loads(data)
                keys = list(body) if isinstance(body, dict) else []
                ok = any(prefix + key in tested for key in keys)
            elif body_marks:
                ok = all("#%d*" % m in tested for m in range(1, body_marks + 1))
            else:
                form = [p.partition("=")[0] for p in data.split("&") if "=" in p]
                ok = any(f in tested for f in form)
            if ok:
                got.setdefault("body", []).append(rec)

required = {op: v for op, v in ops.items() if v[1] or v[2]}
print("coverage: %d operations of the served OpenAPI document take a path, query or cookie parameter or a body"
      % len(required))
missing = []
for op in sorted(required, key=lambda o: (o.split(" ")[1], o.split(" ")[0])):
    template, params, has_body = required[op]
    need = ["%s %s" % p for p in params] + (["body"] if has_body else [])
    got = proof.get(op, {})
    lack = [n for n in need if n not in got]
    targets = sorted({t for ts in got.values() for t in ts})
    if lack:
        why = "no target that passed declares it" if op not in proof else "not tested: " + ", ".join(lack)
        if op in failed_decl:
            why += " (failed: %s)" % ", ".join(failed_decl[op])
        missing.append("%s: %s" % (op, why))
        print("  MISSING %-45s %s" % (op, why))
    else:
        print("  ok      %-45s %s  <- %s" % (op, ", ".join(need), ", ".join(targets)))
rest = sorted(set(ops) - set(required))
print("coverage: not required (no parameter, no body): %s" % ", ".join(rest))
for p in problems:
    print("coverage: " + p)
if missing or problems:
    print("coverage: FAIL: %d operation(s) not covered, %d problem(s)" % (len(missing), len(problems)))
    sys.exit(1)
print("coverage: every operation with parameters or a body is covered")
EOF
}

A="$URL/api/v1"
start=$SECONDS
pg_start_line=0
[ -n "$PG_LOG" ] && pg_start_line=$(($(wc -l <"$PG_LOG") + 1))
echo "sqlmap.sh: sqlmap $(TERM=dumb sqlmap --version 2>/dev/null | grep -oE '[0-9]+\.[0-9][0-9.a-z#-]*' | head -n 1) on $URL, $([ -n "$DB_URL" ] && echo "PostgreSQL" || echo "SQLite") (level $LEVEL, technique $TECHNIQUE, $THREADS threads, skip-static $SKIP_STATIC)"

# List queries (deleted=0, roots=0: the answer still matches the demo row the other filters name).
run_target members-list --covers "GET /api/v1/members" "${AUTH[@]}" \
  -u "$A/members?org=$m_org&ids=1,2&q=$m_q&category=$m_cat&status=$m_status&tag=$m_tag&department=$m_dep&sort=name&deleted=0&limit=20&offset=0"
run_target members-export --covers "GET /api/v1/members/export" "${AUTH[@]}" \
  -u "$A/members/export?format=csv&org=$m_org&ids=1,2&q=$m_q&category=$m_cat&status=$m_status&tag=$m_tag&department=$m_dep&sort=name&deleted=0"
run_target orgs-list --covers "GET /api/v1/orgs" "${AUTH[@]}" \
  -u "$A/orgs?parent=$o_parent&roots=0&q=$o_q&type=$o_type&deleted=0&warnings=1&limit=20&offset=0"
run_target orgs-export --covers "GET /api/v1/orgs/export" "${AUTH[@]}" \
  -u "$A/orgs/export?parent=$o_parent&roots=0&q=$o_q&type=$o_type&deleted=0&format=csv"
run_target institutions-list --covers "GET /api/v1/institutions" "${AUTH[@]}" \
  -u "$A/institutions?q=$i_q&ownership=$i_own&kind=$i_kind&district=$i_dist&deleted=0&limit=20&offset=0"
run_target users-list --covers "GET /api/v1/users" "${AUTH[@]}" -u "$A/users?q=jianghai&role=org_admin&limit=20&offset=0"
run_target users-export --covers "GET /api/v1/users/export" "${AUTH[@]}" -u "$A/users/export?format=csv&q=jianghai&role=org_admin"
run_target institutions-export --covers "GET /api/v1/institutions/export" "${AUTH[@]}" \
  -u "$A/institutions/export?format=csv&q=$i_q&ownership=$i_own&kind=$i_kind&district=$i_dist&deleted=0"
run_target dashboard --covers "GET /api/v1/dashboard" "${AUTH[@]}" -u "$A/dashboard?org=$m_org"
run_target audit-list --covers "GET /api/v1/audit" "${AUTH[@]}" \
  -u "$A/audit?user=admin&object_type=member&object_id=1&action=create&from=2000-01-01&to=2099-12-31&limit=20&offset=0"
run_target audit-export --covers "GET /api/v1/audit/export" "${AUTH[@]}" \
  -u "$A/audit/export?user=admin&object_type=member&object_id=1&action=create&from=2000-01-01&to=2099-12-31&format=csv"
# One's own password with a wrong old one: 422 every time, nothing changes (the session stays).
run_target own-password --covers "POST /api/v1/me/password" "${AUTH[@]}" -u "$A/me/password" \
  --data='{"old_password":"not-the-password-1","new_password":"Another-pass-2026"}'
run_target meetings-list --covers "GET /api/v1/meetings" "${AUTH[@]}" \
  -u "$A/meetings?org=$mt_org&type=$mt_type&status=$mt_status&from=$mt_day&to=$mt_day&deleted=0&limit=20&offset=0"
run_target meetings-export --covers "GET /api/v1/meetings/export" "${AUTH[@]}" \
  -u "$A/meetings/export?format=csv&org=$mt_org&type=$mt_type&status=$mt_status&from=$mt_day&to=$mt_day&deleted=0"
run_target compliance --covers "GET /api/v1/compliance" "${AUTH[@]}" \
  -u "$A/compliance?org=$mt_org&year=$mt_year&month=1&limit=20&offset=0"
run_target coverage --covers "GET /api/v1/coverage" "${AUTH[@]}" \
  -u "$A/coverage?org=$c_org&district=$c_dist&status=should_join&limit=20&offset=0"
run_target coverage-export --covers "GET /api/v1/coverage" "${AUTH[@]}" \
  -u "$A/coverage?org=$c_org&district=$c_dist&status=should_join&format=csv"
run_target joint-proposals --covers "GET /api/v1/coverage/joint-proposals" "${AUTH[@]}" \
  -u "$A/coverage/joint-proposals?org=$c_org&district=$c_dist"
run_target coverage-rounds --covers "GET /api/v1/coverage/rounds" "${AUTH[@]}" -u "$A/coverage/rounds?limit=20&offset=0"
run_target coverage-diff --covers "GET /api/v1/coverage/rounds/{id}/diff" "${AUTH[@]}" \
  -u "$A/coverage/rounds/$c_round*/diff?against=$c_round*"
run_target applicants-list --covers "GET /api/v1/applicants" "${AUTH[@]}" \
  -u "$A/applicants?org=$ap_org&stage=$ap_stage&q=$ap_q&deleted=0&limit=20&offset=0"
run_target applicants-export --covers "GET /api/v1/applicants/export" "${AUTH[@]}" \
  -u "$A/applicants/export?org=$ap_org&stage=$ap_stage&q=$ap_q&deleted=0&format=csv"
run_target development-board --covers "GET /api/v1/development/board" "${AUTH[@]}" -u "$A/development/board?org=$ap_org"
run_target three-cultivations --covers "GET /api/v1/development/three-cultivations" "${AUTH[@]}" \
  -u "$A/development/three-cultivations?org=$ap_org&year=$mt_year"

# Item endpoints: the {id} in the path.
run_target pairings-list --covers "GET /api/v1/pairings" "${AUTH[@]}" \
  -u "$A/pairings?stage=$p_stage&institution=$p_inst&instructor=$p_ins&limit=20&offset=0"
run_target pairings-export --covers "GET /api/v1/pairings/export" "${AUTH[@]}" \
  -u "$A/pairings/export?stage=$p_stage&institution=$p_inst&instructor=$p_ins&format=csv"
run_target pairing-item --covers "GET /api/v1/pairings/{id}" "${AUTH[@]}" -u "$A/pairings/1*"
run_target pairing-visits --covers "GET /api/v1/pairings/{id}/visits" "${AUTH[@]}" -u "$A/pairings/1*/visits?limit=20*&offset=0*"
run_target visit-photos --covers "GET /api/v1/pairings/{id}/visits/{vid}/photos" "${AUTH[@]}" -u "$A/pairings/1*/visits/$p_visit*/photos"
run_target visit-photo --covers "GET /api/v1/pairings/{id}/visits/{vid}/photos/{pid}" "${AUTH[@]}" \
  -u "$A/pairings/1*/visits/$p_visit*/photos/$p_photo*"
run_target visit-photo-delete --covers "DELETE /api/v1/pairings/{id}/visits/{vid}/photos/{pid}" "${AUTH[@]}" --method=DELETE \
  --ignore-code=404 -u "$A/pairings/1*/visits/$p_visit*/photos/$p_photo_other*"
# An upload stores what it is sent (201 each time): the ids and the name, then the body itself
# (a JPEG's first bytes, then text).
run_target visit-photo-upload --covers "POST /api/v1/pairings/{id}/visits/{vid}/photos" "${AUTH_BIN[@]}" --code=201 \
  -u "$A/pairings/1*/visits/$p_visit*/photos?name=sqlmap.jpg*" --data=$'\xff\xd8\xff\xe0sqlmap'
run_target visit-photo-upload-body --covers "POST /api/v1/pairings/{id}/visits/{vid}/photos" "${AUTH_BIN[@]}" --code=201 \
  -u "$A/pairings/1/visits/$p_visit/photos?name=sqlmap.jpg" --data=$'\xff\xd8\xff\xe0sqlmap*'
run_target inspection --covers "GET /api/v1/institutions/{id}/inspection" "${AUTH[@]}" \
  -u "$A/institutions/$p_inst*/inspection?from=$p_year-01-01*&to=$p_year-12-31*"
run_target member-item --covers "GET /api/v1/members/{id}" "${AUTH[@]}" -u "$A/members/1*"
run_target member-history --covers "GET /api/v1/members/{id}/history" "${AUTH[@]}" -u "$A/members/1*/history"
run_target org-item --covers "GET /api/v1/orgs/{id}" "${AUTH[@]}" -u "$A/orgs/$m_org*"
run_target org-warnings --covers "GET /api/v1/orgs/{id}/warnings" "${AUTH[@]}" -u "$A/orgs/$m_org*/warnings"
run_target institution-item --covers "GET /api/v1/institutions/{id}" "${AUTH[@]}" -u "$A/institutions/1*"
run_target user-item --covers "GET /api/v1/users/{id}" "${AUTH[@]}" -u "$A/users/2*"
run_target meeting-item --covers "GET /api/v1/meetings/{id}" "${AUTH[@]}" -u "$A/meetings/1*"
run_target meeting-attendance --covers "GET /api/v1/meetings/{id}/attendance" "${AUTH[@]}" -u "$A/meetings/1*/attendance"
run_target meeting-checkin-code --covers "GET /api/v1/meetings/{id}/checkin-code" "${AUTH[@]}" \
  -u "$A/meetings/1*/checkin-code?format=json*"
run_target meeting-attachments --covers "GET /api/v1/meetings/{id}/attachments" "${AUTH[@]}" -u "$A/meetings/1*/attachments"
run_target meeting-attachment --covers "GET /api/v1/meetings/{id}/attachments/{aid}" "${AUTH[@]}" \
  -u "$A/meetings/1*/attachments/$mt_att*"
run_target meeting-attachment-delete --covers "DELETE /api/v1/meetings/{id}/attachments/{aid}" "${AUTH[@]}" --method=DELETE --ignore-code=404 \
  -u "$A/meetings/1*/attachments/$mt_att_other*"
# An upload stores what it is sent (201 each time): the {id} and the name, then the body itself.
run_target meeting-attachment-upload --covers "POST /api/v1/meetings/{id}/attachments" "${AUTH_BIN[@]}" --code=201 \
  -u "$A/meetings/1*/attachments?name=sqlmap.pdf*" --data='%PDF-1.4 sqlmap'
run_target meeting-attachment-upload-body --covers "POST /api/v1/meetings/{id}/attachments" "${AUTH_BIN[@]}" --code=201 \
  -u "$A/meetings/1/attachments?name=sqlmap.pdf" --data='%PDF-1.4 sqlmap*'
run_target applicant-item --covers "GET /api/v1/applicants/{id}" "${AUTH[@]}" -u "$A/applicants/1*"
run_target step-files --covers "GET /api/v1/applicants/{id}/steps/{step}/attachments" "${AUTH[@]}" -u "$A/applicants/1*/steps/1*/attachments"
run_target step-file --covers "GET /api/v1/applicants/{id}/steps/{step}/attachments/{aid}" "${AUTH[@]}" \
  -u "$A/applicants/1*/steps/1*/attachments/$ap_file*"
run_target step-file-delete --covers "DELETE /api/v1/applicants/{id}/steps/{step}/attachments/{aid}" "${AUTH[@]}" --method=DELETE \
  --ignore-code=404 -u "$A/applicants/1*/steps/1*/attachments/$ap_file_other*"
run_target step-file-upload --covers "POST /api/v1/applicants/{id}/steps/{step}/attachments" "${AUTH_BIN[@]}" --code=201 \
  -u "$A/applicants/1*/steps/1*/attachments?name=sqlmap.pdf*" --data='%PDF-1.4 sqlmap'
run_target step-file-upload-body --covers "POST /api/v1/applicants/{id}/steps/{step}/attachments" "${AUTH_BIN[@]}" --code=201 \
  -u "$A/applicants/1/steps/1/attachments?name=sqlmap.pdf" --data='%PDF-1.4 sqlmap*'
run_target org-register --covers "GET /api/v1/orgs/{id}/register" "${AUTH[@]}" \
  -u "$A/orgs/$mt_org*/register?year=$mt_year*&format=json*"
run_target member-attendance --covers "GET /api/v1/members/{id}/attendance" "${AUTH[@]}" \
  -u "$A/members/$mt_member*/attendance?year=$mt_year*"

# JSON bodies (and the {id} of the PATCHes and the transfer).
run_target member-create --covers "POST /api/v1/members" "${AUTH[@]}" -u "$A/members" --data="$member_create_body"
run_target member-update --covers "PATCH /api/v1/members/{id}" "${AUTH[@]}" -u "$A/members/1*" --method=PATCH \
  --data="{\"version\":$STALE,\"name\":\"王洋\",\"ethnicity\":\"汉族\",\"phone\":\"15901595356\",\"education\":\"本科\",\"title\":\"医师\",\"department\":\"急诊科\",\"position\":\"医师\",\"tags\":[\"三培养\"]}"
run_target org-create --covers "POST /api/v1/orgs" "${AUTH[@]}" -u "$A/orgs" --code=201 \
  --data="{\"name\":\"注入测试支部\",\"type\":\"branch\",\"parent_id\":$o_parent,\"departments\":[\"内科\"],\"established_on\":\"2020-01-01\",\"committee\":[{\"name\":\"张三\",\"position\":\"书记\"}]}"
run_target org-update --covers "PATCH /api/v1/orgs/{id}" "${AUTH[@]}" -u "$A/orgs/$m_org*" --method=PATCH \
  --data="{\"version\":$STALE,\"name\":\"注入测试\",\"departments\":[\"内科\"],\"term_start\":\"2024-01-01\",\"committee\":[{\"name\":\"张三\",\"position\":\"书记\"}]}"
run_target institution-create --covers "POST /api/v1/institutions" "${AUTH[@]}" -u "$A/institutions" \
  --data="{\"name\":\"注入测试医院\",\"credit_code\":\"$i_code\",\"ownership\":\"public\",\"kind\":\"hospital\",\"grade\":\"二级\",\"district\":\"江海区\",\"address\":\"x\",\"org_ids\":[$m_org]}"
run_target institution-update --covers "PATCH /api/v1/institutions/{id}" "${AUTH[@]}" -u "$A/institutions/1*" --method=PATCH \
  --data="{\"version\":$STALE,\"name\":\"注入测试\",\"district\":\"江海区\",\"grade\":\"二级\",\"address\":\"x\"}"
run_target member-transfer --covers "POST /api/v1/members/{id}/transfer" "${AUTH[@]}" -u "$A/members/1*/transfer" \
  --data="{\"to_org_id\":$o_parent,\"transfer_date\":\"2025-01-02\",\"reason\":\"工作调动\",\"version\":$STALE}"
# Meetings: a create really creates (judged by 201, as the orgs'); a stale version for the
# update and the attendance (the UPDATE runs, matches nothing: 409); the check-in with the
# meeting's real code (the admin has no member record: 422 after the reads, every time); the
# settings as they are (200 each time, nothing changes).
run_target meeting-create --covers "POST /api/v1/meetings" "${AUTH[@]}" -u "$A/meetings" --code=201 \
  --data="{\"org_id\":$mt_org,\"type\":\"theme_day\",\"topic\":\"注入测试\",\"starts_at\":\"2030-01-05T14:00\",\"ends_at\":\"2030-01-05T16:00\",\"place\":\"会议室\",\"host\":\"书记\",\"recorder\":\"委员\",\"minutes\":\"x\"}"
run_target meeting-update --covers "PATCH /api/v1/meetings/{id}" "${AUTH[@]}" -u "$A/meetings/1*" --method=PATCH \
  --data="{\"version\":$STALE,\"topic\":\"注入测试\",\"place\":\"会议室\",\"host\":\"书记\",\"minutes\":\"x\"}"
run_target meeting-attendance-put --covers "PUT /api/v1/meetings/{id}/attendance" "${AUTH[@]}" -u "$A/meetings/1*/attendance" \
  --method=PUT --data="{\"version\":$STALE,\"items\":[{\"member_id\":$mt_member,\"status\":\"present\",\"reason\":\"x\"}]}"
run_target checkin --covers "POST /api/v1/checkin" "${AUTH[@]}" -u "$A/checkin" --data="{\"code\":\"$mt_code\"}"
run_target settings-compliance --covers "PUT /api/v1/settings/compliance" "${AUTH[@]}" -u "$A/settings/compliance" \
  --method=PUT --data='{"min_share_percent":50,"checkin_before_minutes":30}'
# The two-coverage survey: a survey with a stale version (409 after the reads); a round really
# freezes (201, as the orgs' create); accepting two covered institutions ends in a conflict after
# the reads (409 each time); the settings as they are (200).
run_target coverage-survey --covers "PUT /api/v1/institutions/{id}/survey" "${AUTH[@]}" -u "$A/institutions/$c_inst*/survey" \
  --method=PUT --data="{\"full_members\":1,\"probationary_members\":0,\"surveyed_on\":\"2025-01-02\",\"version\":$STALE}"
run_target coverage-round --covers "POST /api/v1/coverage/rounds" "${AUTH[@]}" -u "$A/coverage/rounds" --code=201 \
  --data="{\"name\":\"注入测试\",\"org_id\":$c_org}"
run_target joint-accept --covers "POST /api/v1/coverage/joint-proposals/accept" "${AUTH[@]}" -u "$A/coverage/joint-proposals/accept" \
  --data="{\"institution_ids\":[1,2],\"name\":\"注入测试\",\"parent_id\":$c_org}"
run_target settings-coverage --covers "PUT /api/v1/settings/coverage" "${AUTH[@]}" -u "$A/settings/coverage" \
  --method=PUT --data='{"max_distance_km":10,"cross_district":false}'
# Dues: the rule, the ledger and arrears of a demo branch, member 1's dues and bases; writes that
# are refused after their reads every time (a month already paid, a base month taken, a payment
# already reversed), the settings as they are (200 each time).
run_target dues-calc --covers "GET /api/v1/dues/calc" "${AUTH[@]}" -u "$A/dues/calc?kind=employed&base_fen=300000"
run_target dues-ledger --covers "GET /api/v1/dues/ledger" "${AUTH[@]}" \
  -u "$A/dues/ledger?org=$mt_org&month=$d_month&limit=20&offset=0&format=json"
run_target dues-arrears --covers "GET /api/v1/dues/arrears" "${AUTH[@]}" -u "$A/dues/arrears?org=$mt_org&limit=20&offset=0"
run_target dues-arrears-export --covers "GET /api/v1/dues/arrears" "${AUTH[@]}" -u "$A/dues/arrears?org=$mt_org&format=csv"
run_target member-dues --covers "GET /api/v1/members/{id}/dues" "${AUTH[@]}" -u "$A/members/1*/dues?year=$d_year*"
run_target member-dues-bases --covers "GET /api/v1/members/{id}/dues-bases" "${AUTH[@]}" -u "$A/members/1*/dues-bases"
run_target member-dues-base-create --covers "POST /api/v1/members/{id}/dues-bases" "${AUTH[@]}" -u "$A/members/1*/dues-bases" \
  --data="{\"kind\":\"employed\",\"base_fen\":300000,\"from_month\":\"$d_first\",\"note\":\"x\"}"
run_target dues-payments --covers "POST /api/v1/dues/payments" "${AUTH[@]}" -u "$A/dues/payments" \
  --data="{\"items\":[{\"member_id\":1,\"month\":\"$d_month\",\"amount_fen\":1500,\"method\":\"cash\",\"paid_on\":\"$d_day\",\"voluntary\":false,\"reason\":\"x\"}],\"dry_run\":false}"
run_target dues-reversal --covers "POST /api/v1/dues/payments/{id}/reversal" "${AUTH[@]}" \
  -u "$A/dues/payments/$d_rev*/reversal" --data='{"reason":"sqlmap"}'
run_target dues-import --covers "POST /api/v1/dues/payments/import" "${AUTH_CSV[@]}" \
  -u "$A/dues/payments/import?dry_run=1" --data="$dues_plain"
run_target dues-import-csv --covers "POST /api/v1/dues/payments/import" "${AUTH_CSV[@]}" --skip=dry_run \
  --tamper="$tmp/tamper/csvcell.py" -u "$A/dues/payments/import?dry_run=0" --data="$dues_marked"
run_target settings-dues --covers "PUT /api/v1/settings/dues" "${AUTH[@]}" -u "$A/settings/dues" \
  --method=PUT --data='{"rounding":"fen_half_up","back_limit_months":6}'
# Developing members: a create really creates (201); a stale version for the update and the
# next step (the step's checks read the people, then the versioned UPDATE matches nothing: 409,
# or 422 when the date breaks a rule); a 三培养 tag as it is (200 each time).
run_target applicant-create --covers "POST /api/v1/applicants" "${AUTH[@]}" -u "$A/applicants" --code=201 \
  --data="{\"name\":\"注入测试\",\"gender\":\"male\",\"birth_date\":\"1990-03-07\",\"id_number\":\"$(python3 -c '
w=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]; b="44070419900307101"
print(b+"10X98765432"[sum(int(c)*x for c,x in zip(b,w))%11])')\",\"org_id\":$ap_org,\"phone\":\"13800138000\",\"ethnicity\":\"汉族\",\"education\":\"本科\",\"title\":\"医师\",\"department\":\"内科\",\"position\":\"医师\",\"tags\":[\"业务骨干\"]}"
run_target applicant-update --covers "PATCH /api/v1/applicants/{id}" "${AUTH[@]}" -u "$A/applicants/1*" --method=PATCH \
  --data="{\"version\":$STALE,\"name\":\"注入测试\",\"phone\":\"13800138000\",\"department\":\"内科\",\"tags\":[\"业务骨干\"],\"extension_months\":6}"
run_target applicant-step --covers "POST /api/v1/applicants/{id}/steps" "${AUTH[@]}" -u "$A/applicants/1*/steps" \
  --data="{\"version\":$STALE,\"step\":$ap_next,\"done_on\":\"2025-01-02\",\"people\":[$mt_member],\"note\":\"x\",\"override_reason\":\"x\",\"training_days\":3,\"training_hours\":24}"
run_target cultivation-tag --covers "POST /api/v1/development/tags" "${AUTH[@]}" -u "$A/development/tags" \
  --data="{\"member_id\":$mt_member,\"tag\":\"业务骨干\",\"tagged_on\":\"2025-01-02\"}"
# The 201 project: a second pairing of an instructor already paired (409 after the reads of the
# instructor, the institution and the overlapping pairings); a stale version for the update (every
# check passes with the pairing's own values, then the UPDATE matches nothing: 409); a visit
# really recorded (judged by 201, as the meetings' create).
p_body="\"instructor_user_id\":$p_ins,\"institution_id\":$p_inst,\"started_on\":\"$p_start\",\"ends_on\":\"$p_end\",\"stage\":\"$p_stage\",\"target_stars\":6,\"note\":\"x\",\"milestones\":[{\"title\":\"x\",\"due_on\":\"$p_start\",\"evidence\":\"x\"}]"
run_target pairing-create --covers "POST /api/v1/pairings" "${AUTH[@]}" -u "$A/pairings" --data="{$p_body}"
run_target pairing-update --covers "PATCH /api/v1/pairings/{id}" "${AUTH[@]}" -u "$A/pairings/1*" --method=PATCH \
  --data="{\"version\":$STALE,$p_body}"
run_target pairing-visit-create --covers "POST /api/v1/pairings/{id}/visits" "${AUTH[@]}" -u "$A/pairings/1*/visits" --code=201 \
  --data="{\"visited_on\":\"$p_start\",\"topic\":\"注入测试\",\"findings\":\"x\",\"advice\":\"x\"}"
run_target settings-pairings --covers "PUT /api/v1/settings/pairings" "${AUTH[@]}" -u "$A/settings/pairings" \
  --method=PUT --data='{"max_per_instructor":1,"max_per_institution":1,"max_stars":6}'
# An account that exists already (409 after the INSERT); a stale version for the update.
run_target user-create --covers "POST /api/v1/users" "${AUTH[@]}" -u "$A/users" \
  --data="{\"username\":\"jianghai\",\"display_name\":\"注入测试\",\"role\":\"secretary\",\"org_id\":$m_org,\"password\":\"Sqlmap2026test\"}"
run_target user-update --covers "PATCH /api/v1/users/{id}" "${AUTH[@]}" -u "$A/users/2*" --method=PATCH \
  --data="{\"version\":$STALE,\"display_name\":\"注入测试\",\"role\":\"org_admin\",\"org_id\":1,\"disabled\":false}"

# 红联共建. Reads; then a create that ends in the 公立+民营 rule after reading every organisation
# (422 each time); a stale version for the update, the agreement and the deletes (409); an
# activity and a resource really recorded (201); a month's referrals set to the same count (200).
run_target alliances-list --covers "GET /api/v1/alliances" "${AUTH[@]}" \
  -u "$A/alliances?kind=1%2BN&org=$al_lead&format=json&limit=20&offset=0"
run_target alliance-item --covers "GET /api/v1/alliances/{id}" "${AUTH[@]}" -u "$A/alliances/2*?year=${al_start:0:4}*"
run_target alliance-activities --covers "GET /api/v1/alliances/{id}/activities" "${AUTH[@]}" \
  -u "$A/alliances/2*/activities?year=${al_start:0:4}*&limit=20*&offset=0*"
run_target alliance-resources --covers "GET /api/v1/alliances/{id}/resources" "${AUTH[@]}" -u "$A/alliances/2*/resources"
run_target alliance-referrals --covers "GET /api/v1/alliances/{id}/referrals" "${AUTH[@]}" \
  -u "$A/alliances/2*/referrals?year=${al_start:0:4}*"
run_target alliance-report --covers "GET /api/v1/alliances/{id}/report" "${AUTH[@]}" \
  -u "$A/alliances/2*/report?year=${al_start:0:4}*&format=json*"
run_target alliance-agreement --covers "GET /api/v1/alliances/{id}/agreement" "${AUTH[@]}" -u "$A/alliances/1*/agreement"
al_body="\"name\":\"注入测试\",\"kind\":\"1+1\",\"lead_org_id\":$al_m1,\"member_org_ids\":[$al_m2],\"started_on\":\"$al_start\",\"ends_on\":\"2030-01-01\",\"note\":\"x\""
run_target alliance-create --covers "POST /api/v1/alliances" "${AUTH[@]}" -u "$A/alliances" --data="{$al_body}"
run_target alliance-update --covers "PATCH /api/v1/alliances/{id}" "${AUTH[@]}" -u "$A/alliances/2*" --method=PATCH \
  --data="{\"version\":$STALE,\"name\":\"注入测试\",\"kind\":\"1+N\",\"lead_org_id\":$al_lead,\"member_org_ids\":[$al_m1,$al_m2],\"started_on\":\"$al_start\",\"note\":\"x\"}"
run_target alliance-delete --covers "DELETE /api/v1/alliances/{id}" "${AUTH[@]}" --method=DELETE -u "$A/alliances/2*?version=$STALE*"
run_target alliance-delete-body --covers "DELETE /api/v1/alliances/{id}" "${AUTH[@]}" --method=DELETE \
  -u "$A/alliances/2" --data="{\"version\":$STALE}"
run_target alliance-agreement-put --covers "PUT /api/v1/alliances/{id}/agreement" "${AUTH_BIN[@]}" --method=PUT \
  -u "$A/alliances/1*/agreement?version=$STALE*&name=sqlmap.pdf*" --data='%PDF-1.4 sqlmap'
run_target alliance-agreement-put-body --covers "PUT /api/v1/alliances/{id}/agreement" "${AUTH_BIN[@]}" --method=PUT \
  -u "$A/alliances/1/agreement?version=$STALE&name=sqlmap.pdf" --data='%PDF-1.4 sqlmap*'
run_target alliance-agreement-delete --covers "DELETE /api/v1/alliances/{id}/agreement" "${AUTH[@]}" --method=DELETE \
  -u "$A/alliances/1*/agreement?version=$STALE*"
run_target alliance-activity-create --covers "POST /api/v1/alliances/{id}/activities" "${AUTH[@]}" --code=201 \
  -u "$A/alliances/2*/activities" \
  --data="{\"kind\":\"study\",\"held_on\":\"$al_start\",\"title\":\"注入测试\",\"org_ids\":[$al_lead,$al_m1],\"attendance\":10,\"meeting_id\":$al_meeting,\"note\":\"x\"}"
run_target alliance-activity-delete --covers "DELETE /api/v1/alliance-activities/{id}" "${AUTH[@]}" --method=DELETE \
  -u "$A/alliance-activities/$al_act*?version=$STALE*"
run_target alliance-activity-delete-body --covers "DELETE /api/v1/alliance-activities/{id}" "${AUTH[@]}" --method=DELETE \
  -u "$A/alliance-activities/$al_act" --data="{\"version\":$STALE}"
run_target alliance-resource-create --covers "POST /api/v1/alliances/{id}/resources" "${AUTH[@]}" --code=201 \
  -u "$A/alliances/2*/resources" --data="{\"kind\":\"expert\",\"title\":\"注入测试\",\"provider_org_id\":$al_lead,\"note\":\"x\"}"
run_target alliance-resource-delete --covers "DELETE /api/v1/alliance-resources/{id}" "${AUTH[@]}" --method=DELETE \
  -u "$A/alliance-resources/$al_res*?version=$STALE*"
run_target alliance-resource-delete-body --covers "DELETE /api/v1/alliance-resources/{id}" "${AUTH[@]}" --method=DELETE \
  -u "$A/alliance-resources/$al_res" --data="{\"version\":$STALE}"
run_target alliance-referrals-put --covers "PUT /api/v1/alliances/{id}/referrals" "${AUTH[@]}" --method=PUT \
  -u "$A/alliances/2*/referrals" --data="{\"month\":\"${al_start:0:7}\",\"from_org_id\":$al_m1,\"to_org_id\":$al_lead,\"count\":12}"

# Deletes and restores: the version as a query parameter (with the {id}) and as a JSON body. A
# stale version: the UPDATE ... WHERE id = ? AND version = ? runs and matches nothing, 409 every
# time, and nothing changes (a restore of a live row likewise). The organisation has no content,
# so its DELETE gets to that UPDATE too.
for kind in member:members:1 org:orgs:$o_empty institution:institutions:1 meeting:meetings:1 applicant:applicants:1; do
  IFS=: read -r one many id <<<"$kind"
  run_target "$one-delete" --covers "DELETE /api/v1/$many/{id}" "${AUTH[@]}" --method=DELETE \
    -u "$A/$many/$id*?version=$STALE*"
  run_target "$one-delete-body" --covers "DELETE /api/v1/$many/{id}" "${AUTH[@]}" --method=DELETE \
    -u "$A/$many/$id" --data="{\"version\":$STALE}"
  run_target "$one-restore" --covers "POST /api/v1/$many/{id}/restore" "${AUTH[@]}" --method=POST \
    -u "$A/$many/$id*/restore?version=$STALE*"
  run_target "$one-restore-body" --covers "POST /api/v1/$many/{id}/restore" "${AUTH[@]}" \
    -u "$A/$many/$id/restore" --data="{\"version\":$STALE}"
done
# A user's DELETE disables the account: a stale version, 409, as above. Unlock has no version: it
# clears the (absent) failed logins of an unlocked account and answers the same 200 each time.
run_target user-delete --covers "DELETE /api/v1/users/{id}" "${AUTH[@]}" --method=DELETE -u "$A/users/2*?version=$STALE*"
run_target user-delete-body --covers "DELETE /api/v1/users/{id}" "${AUTH[@]}" --method=DELETE \
  -u "$A/users/2" --data="{\"version\":$STALE}"
run_target user-unlock --covers "POST /api/v1/users/{id}/unlock" "${AUTH[@]}" --method=POST -u "$A/users/2*/unlock"

# The import: org and dry_run as query parameters (the file as it is), then every cell of the
# file (a `*` marker in each quoted cell, the tamper script keeping payloads inside their cell).
# Both end in the ID number conflict, 422, and write nothing.
run_target members-import --covers "POST /api/v1/members/import" "${AUTH_CSV[@]}" \
  -u "$A/members/import?org=$m_org&dry_run=1" --data="$import_plain"
run_target members-import-csv --covers "POST /api/v1/members/import" "${AUTH_CSV[@]}" --skip=org,dry_run \
  --tamper="$tmp/tamper/csvcell.py" -u "$A/members/import?org=$m_org&dry_run=1" --data="$import_marked"

# Pioneer posts, badges and volunteer service (issue 16). A post and an event of the demo; the
# badge of a member on duty at the post (switched on: PUT {enabled:true} answers the same each
# time), its token for the public routes (anonymous: no cookie); a photo of the event to read and
# one to delete. Creates really create (judged by 201, as the meetings'); updates and deletes carry
# a stale version (409 after the UPDATE ran); uploads of bytes that are no image answer 415.
PP="$(api 'pioneer-posts?limit=1')" || { echo "sqlmap.sh: GET pioneer-posts failed" >&2; exit 1; }
pp_id=$(printf '%s' "$PP" | py 'd["items"][0]["id"]')
pp_inst=$(printf '%s' "$PP" | py 'd["items"][0]["institution_id"]')
pp_org=$(printf '%s' "$PP" | py 'd["items"][0]["org_id"]')
pp_member=$(printf '%s' "$PP" | py 'd["items"][0]["member_ids"][0] if "member_ids" in d["items"][0] else d["items"][0]["members"][0]["id"]')
pp_token=$(curl -sf -b "$COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -X PUT -d '{"enabled":true}' \
  "$URL/api/v1/members/$pp_member/badge" | py 'd["url"].rsplit("/", 1)[1]') || { echo "sqlmap.sh: switching a badge on failed" >&2; exit 1; }
SE="$(api "service-events?org=$pp_org&limit=1")" || { echo "sqlmap.sh: GET service-events failed" >&2; exit 1; }
se_id=$(printf '%s' "$SE" | py 'd["items"][0]["id"]')
se_day=$(printf '%s' "$SE" | py 'd["items"][0]["held_on"]')
se_year=${se_day:0:4}
se_photo() { printf '\x89PNG\r\n\x1a\nsqlmap' | curl -sf -b "$COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/octet-stream' \
  --data-binary @- "$URL/api/v1/service-events/$se_id/photos?name=sqlmap.png" | py 'd["id"]'; }
se_ph=$(se_photo) || { echo "sqlmap.sh: uploading a photo failed" >&2; exit 1; }
se_ph_other=$(se_photo) || { echo "sqlmap.sh: uploading a photo failed" >&2; exit 1; }
run_target posts-list --covers "GET /api/v1/pioneer-posts" "${AUTH[@]}" \
  -u "$A/pioneer-posts?org=$pp_org&institution=$pp_inst&member=$pp_member&q=%E5%85%88%E9%94%8B&limit=20&offset=0"
run_target posts-export --covers "GET /api/v1/pioneer-posts/export" "${AUTH[@]}" \
  -u "$A/pioneer-posts/export?org=$pp_org&institution=$pp_inst&member=$pp_member&q=%E5%85%88%E9%94%8B&format=csv"
run_target post-item --covers "GET /api/v1/pioneer-posts/{id}" "${AUTH[@]}" -u "$A/pioneer-posts/$pp_id*"
run_target post-create --covers "POST /api/v1/pioneer-posts" "${AUTH[@]}" -u "$A/pioneer-posts" --code=201 \
  --data="{\"name\":\"注入测试岗\",\"institution_id\":$pp_inst,\"department\":\"内科\",\"place\":\"门诊\",\"member_ids\":[$pp_member],\"started_on\":\"2025-01-02\",\"note\":\"x\"}"
run_target post-update --covers "PATCH /api/v1/pioneer-posts/{id}" "${AUTH[@]}" -u "$A/pioneer-posts/$pp_id*" --method=PATCH \
  --data="{\"version\":$STALE,\"name\":\"注入测试岗\",\"institution_id\":$pp_inst,\"department\":\"内科\",\"place\":\"门诊\",\"member_ids\":[$pp_member],\"started_on\":\"2025-01-02\",\"note\":\"x\"}"
run_target post-delete --covers "DELETE /api/v1/pioneer-posts/{id}" "${AUTH[@]}" --method=DELETE -u "$A/pioneer-posts/$pp_id*?version=$STALE*"
run_target post-delete-body --covers "DELETE /api/v1/pioneer-posts/{id}" "${AUTH[@]}" --method=DELETE \
  -u "$A/pioneer-posts/$pp_id" --data="{\"version\":$STALE}"
run_target badge-get --covers "GET /api/v1/members/{id}/badge" "${AUTH[@]}" -u "$A/members/$pp_member*/badge"
run_target badge-put --covers "PUT /api/v1/members/{id}/badge" "${AUTH[@]}" -u "$A/members/$pp_member*/badge" --method=PUT \
  --data='{"enabled":true}'
run_target badge-qr --covers "GET /api/v1/members/{id}/badge/qr" "${AUTH[@]}" -u "$A/members/$pp_member*/badge/qr"
run_target badge-photo --covers "PUT /api/v1/members/{id}/badge/photo" "${AUTH_BIN[@]}" --method=PUT --ignore-code=415 \
  -u "$A/members/$pp_member*/badge/photo" --data='GIF89a sqlmap'
run_target badge-photo-body --covers "PUT /api/v1/members/{id}/badge/photo" "${AUTH_BIN[@]}" --method=PUT --ignore-code=415 \
  -u "$A/members/$pp_member/badge/photo" --data='GIF89a sqlmap*'
run_target badge-photo-delete --covers "DELETE /api/v1/members/{id}/badge/photo" "${AUTH[@]}" --method=DELETE \
  -u "$A/members/$pp_member*/badge/photo"
# The public badge: no cookie at all (what anyone on the internet sends).
run_target public-badge --covers "GET /api/v1/public/badges/{token}" --ignore-code=404 -u "$A/public/badges/$pp_token*"
run_target public-badge-photo --covers "GET /api/v1/public/badges/{token}/photo" --ignore-code=404 \
  -u "$A/public/badges/$pp_token*/photo"
run_target service-list --covers "GET /api/v1/service-events" "${AUTH[@]}" \
  -u "$A/service-events?org=$pp_org&year=$se_year&kind=free_clinic&member=$pp_member&q=%E4%B9%89%E8%AF%8A&limit=20&offset=0"
run_target service-export --covers "GET /api/v1/service-events/export" "${AUTH[@]}" \
  -u "$A/service-events/export?org=$pp_org&year=$se_year&kind=free_clinic&member=$pp_member&q=%E4%B9%89%E8%AF%8A&format=csv"
run_target service-totals --covers "GET /api/v1/service-events/totals" "${AUTH[@]}" -u "$A/service-events/totals?org=$pp_org&year=$se_year"
run_target service-item --covers "GET /api/v1/service-events/{id}" "${AUTH[@]}" -u "$A/service-events/$se_id*"
se_body="\"held_on\":\"$se_day\",\"title\":\"注入测试义诊\",\"kind\":\"free_clinic\",\"place\":\"社区\",\"org_ids\":[$pp_org],\"institution_ids\":[$pp_inst],\"members\":[{\"member_id\":$pp_member,\"hours\":2}],\"people_served\":10,\"medicine_fen\":100,\"note\":\"x\""
run_target service-create --covers "POST /api/v1/service-events" "${AUTH[@]}" -u "$A/service-events" --code=201 --data="{$se_body}"
run_target service-update --covers "PATCH /api/v1/service-events/{id}" "${AUTH[@]}" -u "$A/service-events/$se_id*" --method=PATCH \
  --data="{\"version\":$STALE,$se_body}"
run_target service-delete --covers "DELETE /api/v1/service-events/{id}" "${AUTH[@]}" --method=DELETE -u "$A/service-events/$se_id*?version=$STALE*"
run_target service-delete-body --covers "DELETE /api/v1/service-events/{id}" "${AUTH[@]}" --method=DELETE \
  -u "$A/service-events/$se_id" --data="{\"version\":$STALE}"
run_target service-photos --covers "GET /api/v1/service-events/{id}/photos" "${AUTH[@]}" -u "$A/service-events/$se_id*/photos"
run_target service-photo --covers "GET /api/v1/service-events/{id}/photos/{pid}" "${AUTH[@]}" -u "$A/service-events/$se_id*/photos/$se_ph*"
run_target service-photo-delete --covers "DELETE /api/v1/service-events/{id}/photos/{pid}" "${AUTH[@]}" --method=DELETE --ignore-code=404 \
  -u "$A/service-events/$se_id*/photos/$se_ph_other*"
run_target service-photo-upload --covers "POST /api/v1/service-events/{id}/photos" "${AUTH_BIN[@]}" --ignore-code=415 \
  -u "$A/service-events/$se_id*/photos?name=sqlmap.png*" --data='GIF89a sqlmap'
run_target service-photo-upload-body --covers "POST /api/v1/service-events/{id}/photos" "${AUTH_BIN[@]}" --ignore-code=415 \
  -u "$A/service-events/$se_id/photos?name=sqlmap.png" --data='GIF89a sqlmap*'
run_target member-service-hours --covers "GET /api/v1/members/{id}/service-hours" "${AUTH[@]}" \
  -u "$A/members/$pp_member*/service-hours?year=$se_year*"
# 三重一大 and key tasks: the demo's first item and task (their organisation and year); a create
# really creates (201); a stale version for the update and the deletes (409 after every check);
# the report of an item already reported (409 after its read); the settings as they are (200).
DC="$(api 'decisions/1')" || { echo "sqlmap.sh: GET decisions/1 failed" >&2; exit 1; }
dc_org=$(printf '%s' "$DC" | py 'd["org_id"]')
dc_year=$(printf '%s' "$DC" | py 'd["decided_on"][:4]')
dc_day=$(printf '%s' "$DC" | py 'd["decided_on"]')
TK="$(api 'tasks/1')" || { echo "sqlmap.sh: GET tasks/1 failed" >&2; exit 1; }
tk_org=$(printf '%s' "$TK" | py 'd["org_id"]')
tk_year=$(printf '%s' "$TK" | py 'd["year"]')
tk_owner=$(printf '%s' "$TK" | py 'd["owner_member_id"]')
tk_deadline=$(printf '%s' "$TK" | py 'd["deadline"]')
run_target decisions-list --covers "GET /api/v1/decisions" "${AUTH[@]}" \
  -u "$A/decisions?org=$dc_org&category=decision&year=$dc_year&unreported=0&overdue=0&limit=20&offset=0"
run_target decisions-export --covers "GET /api/v1/decisions/export" "${AUTH[@]}" \
  -u "$A/decisions/export?format=csv&org=$dc_org&category=decision&year=$dc_year&unreported=0&overdue=0"
run_target decision-item --covers "GET /api/v1/decisions/{id}" "${AUTH[@]}" -u "$A/decisions/1*"
dc_body="\"org_id\":$dc_org,\"category\":\"funds\",\"title\":\"注入测试\",\"decided_on\":\"$dc_day\",\"votes_for\":5,\"votes_against\":1,\"votes_abstain\":0,\"amount_fen\":100,\"reported_on\":\"$dc_day\",\"note\":\"x\""
run_target decision-create --covers "POST /api/v1/decisions" "${AUTH[@]}" -u "$A/decisions" --code=201 --data="{$dc_body}"
run_target decision-update --covers "PATCH /api/v1/decisions/{id}" "${AUTH[@]}" -u "$A/decisions/1*" --method=PATCH \
  --data="{\"version\":$STALE,$dc_body}"
run_target decision-report --covers "POST /api/v1/decisions/{id}/report" "${AUTH[@]}" -u "$A/decisions/1*/report" \
  --data="{\"version\":$STALE,\"reported_on\":\"$dc_day\"}"
run_target decision-delete --covers "DELETE /api/v1/decisions/{id}" "${AUTH[@]}" --method=DELETE -u "$A/decisions/1*?version=$STALE*"
run_target decision-delete-body --covers "DELETE /api/v1/decisions/{id}" "${AUTH[@]}" --method=DELETE \
  -u "$A/decisions/1" --data="{\"version\":$STALE}"
run_target settings-decisions --covers "PUT /api/v1/settings/decisions" "${AUTH[@]}" -u "$A/settings/decisions" \
  --method=PUT --data='{"report_days":15}'
run_target tasks-list --covers "GET /api/v1/tasks" "${AUTH[@]}" \
  -u "$A/tasks?org=$tk_org&year=$tk_year&status=done&overdue=0&limit=20&offset=0"
run_target tasks-ledger --covers "GET /api/v1/tasks/ledger" "${AUTH[@]}" \
  -u "$A/tasks/ledger?format=csv&org=$tk_org&year=$tk_year&status=done&overdue=0"
run_target task-item --covers "GET /api/v1/tasks/{id}" "${AUTH[@]}" -u "$A/tasks/1*"
# A task's evidence: a file of task 1 (read) and one of task 2 (a DELETE through task 1 finds
# nothing: 404 every time, after the reads); uploads store what they are sent (201 each time).
taskfile() { curl -sf -b "$COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/octet-stream' \
  --data-binary '%PDF-1.4 sqlmap' "$URL/api/v1/tasks/$1/attachments?name=sqlmap.pdf" | py 'd["id"]'; }
tk_file=$(taskfile 1) || { echo "sqlmap.sh: uploading a task's evidence failed" >&2; exit 1; }
tk_file_other=$(taskfile 2) || { echo "sqlmap.sh: uploading a task's evidence failed" >&2; exit 1; }
run_target task-files --covers "GET /api/v1/tasks/{id}/attachments" "${AUTH[@]}" -u "$A/tasks/1*/attachments"
run_target task-file --covers "GET /api/v1/tasks/{id}/attachments/{aid}" "${AUTH[@]}" -u "$A/tasks/1*/attachments/$tk_file*"
run_target task-file-delete --covers "DELETE /api/v1/tasks/{id}/attachments/{aid}" "${AUTH[@]}" --method=DELETE \
  --ignore-code=404 -u "$A/tasks/1*/attachments/$tk_file_other*"
run_target task-file-upload --covers "POST /api/v1/tasks/{id}/attachments" "${AUTH_BIN[@]}" --code=201 \
  -u "$A/tasks/1*/attachments?name=sqlmap.pdf*" --data='%PDF-1.4 sqlmap'
run_target task-file-upload-body --covers "POST /api/v1/tasks/{id}/attachments" "${AUTH_BIN[@]}" --code=201 \
  -u "$A/tasks/1/attachments?name=sqlmap.pdf" --data='%PDF-1.4 sqlmap*'
tk_body="\"org_id\":$tk_org,\"year\":$tk_year,\"title\":\"注入测试\",\"owner_member_id\":$tk_owner,\"deadline\":\"$tk_deadline\",\"status\":\"planned\",\"progress\":10,\"note\":\"x\",\"milestones\":[{\"title\":\"x\",\"due_on\":\"$tk_deadline\",\"evidence\":\"x\"}]"
run_target task-create --covers "POST /api/v1/tasks" "${AUTH[@]}" -u "$A/tasks" --code=201 --data="{$tk_body}"
run_target task-update --covers "PATCH /api/v1/tasks/{id}" "${AUTH[@]}" -u "$A/tasks/1*" --method=PATCH \
  --data="{\"version\":$STALE,$tk_body}"
run_target task-delete --covers "DELETE /api/v1/tasks/{id}" "${AUTH[@]}" --method=DELETE -u "$A/tasks/1*?version=$STALE*"
run_target task-delete-body --covers "DELETE /api/v1/tasks/{id}" "${AUTH[@]}" --method=DELETE \
  -u "$A/tasks/1" --data="{\"version\":$STALE}"

# The session cookie itself (every other target leaves it alone).
# A valid session answers 200, any other cookie 401: sqlmap judges by the status.
run_target session-cookie --covers "GET /api/v1/me" --cookie="$COOKIE" -p dj_session --code=200 --ignore-code=401 \
  --answers="URI injections=N" -u "$A/me"

# Login, last: its failures count towards the throttle and the lockout (no CSRF needed).
# Every answer carries a new CSRF token, so sqlmap judges it by the status (200 signed in); 401
# and 429 are expected answers, not errors. After 30 failures from one address in 15 minutes the
# server answers 429 before it looks the user up (the throttle query still gets the username).
run_target login --covers "POST /api/v1/session" -u "$A/session" --code=200 --ignore-code=401,429 \
  --data='{"username":"admin","password":"dangjian2026"}'

# The public's needs by QR code (issue 16). Settings first (a proof of work of difficulty 0, no
# throttle in the way); then the public routes (no session): a challenge per request, a filing
# whose challenge is used up (422 every time, after the token's and the challenge's lookups), a
# ticket's status, a photo to a ticket that has one (409 after the lookups). Then the staff's:
# an open need (a stale version: 409 after every check), its replies (really written, 201), the
# list, export and figures, the poster; the poster's new token last (it changes the token).
run_target settings-needs --covers "PUT /api/v1/settings/needs" "${AUTH[@]}" -u "$A/settings/needs" \
  --method=PUT --data='{"per_address_hour":1000,"per_institution_hour":100000,"difficulty":0,"immediate_days":3}'
# (The same settings again, for a run with ONLY= that skips the target above.)
curl -sf -b "$COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -X PUT \
  -d '{"per_address_hour":1000,"per_institution_hour":100000,"difficulty":0}' "$URL/api/v1/settings/needs" >/dev/null ||
  { echo "sqlmap.sh: PUT settings/needs failed" >&2; exit 1; }
ND="$(api 'needs?status=in_progress&limit=1' | py 'json.dumps(d["items"][0])')" || { echo "sqlmap.sh: GET needs failed" >&2; exit 1; }
n_id=$(printf '%s' "$ND" | py 'd["id"]')
n_inst=$(printf '%s' "$ND" | py 'd["institution_id"]')
n_ticket=$(printf '%s' "$ND" | py 'd["ticket"]')
n_grade=$(printf '%s' "$ND" | py 'd["grade"]')
n_cat=$(printf '%s' "$ND" | py 'd["category"]')
n_tok=$(api "institutions/$n_inst/needs-poster" | py 'd["token"]')
n_org=$(api "institutions/$n_inst" | py 'd["orgs"][0]["id"]')
n_ch=$(curl -sf "$URL/api/v1/public/needs/challenge?token=$n_tok" | py 'd["challenge"]')
curl -sf -H 'Content-Type: image/jpeg' --data-binary $'\xff\xd8\xff sqlmap' "$URL/api/v1/public/needs/$n_ticket/photo" >/dev/null ||
  { echo "sqlmap.sh: the need's photo upload failed" >&2; exit 1; }
run_target public-need-challenge --covers "GET /api/v1/public/needs/challenge" --code=200 -u "$A/public/needs/challenge?token=$n_tok*"
run_target public-need-create --covers "POST /api/v1/public/needs" -u "$A/public/needs" \
  --data="{\"token\":\"$n_tok\",\"category\":\"medical\",\"description\":\"注入测试\",\"contact\":\"13900001111\",\"challenge\":\"$n_ch\",\"nonce\":\"0\",\"website\":\"\"}"
# sqlmap takes a parameter called token for an anti-CSRF token and skips it: a marker makes it test it.
run_target public-need-create-token --covers "POST /api/v1/public/needs" -u "$A/public/needs" \
  --data="{\"token\":\"$n_tok*\",\"category\":\"medical\",\"description\":\"注入测试\",\"challenge\":\"$n_ch\",\"nonce\":\"0\"}"
run_target public-need-status --covers "GET /api/v1/public/needs/{ticket}" -u "$A/public/needs/$n_ticket*"
run_target public-need-photo --covers "POST /api/v1/public/needs/{ticket}/photo" --headers="Content-Type: image/jpeg" \
  --ignore-code=409 -u "$A/public/needs/$n_ticket*/photo" --data=$'\xff\xd8\xff sqlmap'
run_target public-need-photo-body --covers "POST /api/v1/public/needs/{ticket}/photo" --headers="Content-Type: image/jpeg" \
  --ignore-code=409 -u "$A/public/needs/$n_ticket/photo" --data=$'\xff\xd8\xff sqlmap*'
run_target needs-list --covers "GET /api/v1/needs" "${AUTH[@]}" \
  -u "$A/needs?status=in_progress&grade=$n_grade&category=$n_cat&institution=$n_inst&overdue=0&limit=20&offset=0"
run_target needs-export --covers "GET /api/v1/needs/export" "${AUTH[@]}" \
  -u "$A/needs/export?format=csv&status=in_progress&grade=$n_grade&category=$n_cat&institution=$n_inst&overdue=0"
run_target needs-stats --covers "GET /api/v1/needs/stats" "${AUTH[@]}" -u "$A/needs/stats?org=$n_org&institution=$n_inst"
run_target need-item --covers "GET /api/v1/needs/{id}" "${AUTH[@]}" -u "$A/needs/$n_id*"
run_target need-photo --covers "GET /api/v1/needs/{id}/photo" "${AUTH[@]}" -u "$A/needs/$n_id*/photo"
run_target need-update --covers "PATCH /api/v1/needs/{id}" "${AUTH[@]}" -u "$A/needs/$n_id*" --method=PATCH \
  --data="{\"version\":$STALE,\"grade\":\"urgent\",\"category\":\"fees\",\"mode\":\"scheduled\",\"deadline\":\"2099-01-01\",\"milestones\":[{\"title\":\"x\",\"days_before\":3}],\"assignee_user_id\":1}"
run_target need-reply --covers "POST /api/v1/needs/{id}/replies" "${AUTH[@]}" -u "$A/needs/$n_id*/replies" --code=201 \
  --data='{"body":"注入测试","public":false}'
run_target need-close --covers "POST /api/v1/needs/{id}/close" "${AUTH[@]}" -u "$A/needs/$n_id*/close" \
  --data="{\"version\":$STALE,\"solution\":\"注入测试\"}"
run_target needs-poster --covers "GET /api/v1/institutions/{id}/needs-poster" "${AUTH[@]}" -u "$A/institutions/$n_inst*/needs-poster?format=json*"
run_target needs-poster-new --covers "POST /api/v1/institutions/{id}/needs-poster" "${AUTH[@]}" --method=POST --code=200 \
  -u "$A/institutions/$n_inst*/needs-poster"

echo "sqlmap.sh: total $((SECONDS - start)) s"
if [ -n "$PG_LOG" ]; then
  # For the record: every error PostgreSQL logged during the scan, by SQLSTATE (the targets above
  # failed on the unexpected ones).
  echo "sqlmap.sh: PostgreSQL's log, errors by SQLSTATE: $(tail -n +"$pg_start_line" "$PG_LOG" |
    grep -oE ' [0-9A-Z]{5} +(ERROR|FATAL|PANIC):' | sort | uniq -c | awk '{printf "%s%s %s x%s", sep, $2, $3, $1; sep = ", "} END {if (!NR) printf "none"}')"
fi
if [ -n "$ONLY" ]; then
  echo "sqlmap.sh: coverage check skipped (ONLY=$ONLY)"
elif check_coverage; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  failures+=("coverage: operations or parameters not covered by a target that passed (see above)")
fi
for f in "${failures[@]}"; do echo "FAIL $f"; done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
