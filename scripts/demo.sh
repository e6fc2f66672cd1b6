#!/usr/bin/env bash
# Quick start (1): installs what is missing, builds, creates the demo database and serves it on
# http://127.0.0.1:8080. Ctrl-C stops it. DJ_DEMO_DB and DJ_LISTEN override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
db="${DJ_DEMO_DB:-demo.db}"
if [ ! -f "$db" ]; then
  build/dangjian init --demo --db "$db"
else
  echo "using the existing $db (delete it for fresh demo data); demo logins: admin, jianghai, zxyjh, yizhibu, liyong, luolan, jinzhou, baiyun, reviewer, member1 — password dangjian2026"
fi
exec build/dangjian serve --db "$db" --listen "${DJ_LISTEN:-127.0.0.1:8080}"
