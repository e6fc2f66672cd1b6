#!/usr/bin/env bash
# The HTTP suite (tests/http) on PostgreSQL 15:
#   bash tests/pg/run.sh                 (BIN defaults to build/dangjian, relative to the repo root)
#   BIN=/path/to/dangjian bash tests/pg/run.sh
# Starts a private PostgreSQL (tests/pg/pg.sh), loads the demo data with
# `dangjian init --demo --db postgresql://...`, runs tests/http/run.sh with DJ_DB_URL set (the
# server then uses that database instead of a SQLite file of its own), and stops PostgreSQL by
# its PID. Before the HTTP suite, tests/pg/schema.sh checks the migrations on the same server.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
root="$(pwd)"
BIN="${BIN:-build/dangjian}"
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
[ -x "$BIN" ] || { echo "pg/run.sh: $BIN not found or not executable (build first, or set BIN)" >&2; exit 2; }
command -v node >/dev/null || { echo "pg/run.sh: node not found" >&2; exit 2; }

. tests/pg/pg.sh

SPID=""
tmp=""
cleanup() {
  if [ -n "$SPID" ] && kill -0 "$SPID" 2>/dev/null; then
    kill "$SPID" 2>/dev/null
    wait "$SPID" 2>/dev/null
  fi
  pg_stop
  [ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start || exit 1
echo "pg/run.sh: PostgreSQL $PG_VERSION on 127.0.0.1:$PG_PORT (pid $PG_PID)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/dj-pgrun.XXXXXX")"

if ! "$BIN" init --demo --db "$PG_URL" >"$tmp/init.log" 2>&1; then
  echo "pg/run.sh: init --demo on PostgreSQL failed:" >&2
  cat "$tmp/init.log" >&2
  exit 1
fi
echo "pg/run.sh: $(head -n 1 "$tmp/init.log")"

# The modules' migrations and the registry on this server (tests/pg/schema.sh).
BIN="$BIN" bash tests/pg/schema.sh
schema_rc=$?

DJ_DB_URL="$PG_URL" BIN="$BIN" bash tests/http/run.sh
http_rc=$?
[ "$schema_rc" -eq 0 ] || exit 1
exit "$http_rc"
