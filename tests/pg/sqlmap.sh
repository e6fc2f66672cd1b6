#!/usr/bin/env bash
# The sqlmap scan (tests/security/sqlmap.sh) against a server on PostgreSQL 15:
#   bash tests/pg/sqlmap.sh              (BIN defaults to build/dangjian, relative to the repo root)
#   BIN=/path/to/dangjian bash tests/pg/sqlmap.sh
#   ONLY=members-list bash tests/pg/sqlmap.sh      (and the other settings of tests/security/sqlmap.sh)
# Starts a private PostgreSQL (tests/pg/pg.sh), lets the application's role create databases (the
# scan loads the demo data into a database of its own and gives every server start a fresh copy
# of it), logs each error with its SQLSTATE (%e), runs tests/security/sqlmap.sh with DJ_DB_URL
# and DJ_PG_LOG (PostgreSQL's log, searched for SQL errors after each target too), and stops
# PostgreSQL by its PID.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
root="$(pwd)"
BIN="${BIN:-build/dangjian}"
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
[ -x "$BIN" ] || { echo "pg/sqlmap.sh: $BIN not found or not executable (build first, or set BIN)" >&2; exit 2; }

. tests/pg/pg.sh

trap pg_stop EXIT
trap 'exit 130' INT TERM

pg_start || exit 1
echo "pg/sqlmap.sh: PostgreSQL $PG_VERSION on 127.0.0.1:$PG_PORT (pid $PG_PID)"
# ALTER SYSTEM runs outside a transaction: one -c each.
pg_psql -c "ALTER ROLE dangjian CREATEDB" \
  -c "ALTER SYSTEM SET log_line_prefix = '%m [%p] %e '" \
  -c "SELECT pg_reload_conf()" >/dev/null || exit 1

DJ_DB_URL="$PG_URL" DJ_PG_LOG="$PG_DIR/data/server.log" BIN="$BIN" bash tests/security/sqlmap.sh
