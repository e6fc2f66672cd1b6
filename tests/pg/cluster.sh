#!/usr/bin/env bash
# Two `dangjian serve` processes on one PostgreSQL, behind nginx, as a province runs them:
#   bash tests/pg/cluster.sh             (BIN defaults to build/dangjian, relative to the repo root)
#   BIN=/path/to/dangjian bash tests/pg/cluster.sh
# Starts a private PostgreSQL (tests/pg/pg.sh) with the demo data, processes A and B on two
# loopback ports, and nginx (own config in a temp dir, daemon off, upstream with A and B) on a
# third, plain, and a fourth with TLS (a self-signed certificate made here); runs
# tests/pg/cluster.test.mjs (DJ_A, DJ_B, DJ_LB, DJ_TLS); stops everything by PID.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
root="$(pwd)"
BIN="${BIN:-build/dangjian}"
case "$BIN" in /*) ;; *) BIN="$root/$BIN" ;; esac
[ -x "$BIN" ] || { echo "cluster.sh: $BIN not found or not executable (build first, or set BIN)" >&2; exit 2; }
command -v node >/dev/null || { echo "cluster.sh: node not found" >&2; exit 2; }
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
if [ ! -x "$NGINX" ]; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >&2 || exit 2
    NGINX=/usr/sbin/nginx
  else
    echo "cluster.sh: nginx not found (apt-get install nginx-light)" >&2
    exit 2
  fi
fi

. tests/pg/pg.sh

tmp=""
PID_A="" PID_B="" PID_NGINX=""
stop_pid() { # stop_pid PID SIGNAL: signal, then wait up to 15 s
  local pid=$1 sig=$2
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "cluster.sh: pid $pid did not stop on SIG$sig; SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
}
cleanup() {
  stop_pid "$PID_NGINX" QUIT
  stop_pid "$PID_A" TERM
  stop_pid "$PID_B" TERM
  PID_NGINX="" PID_A="" PID_B=""
  pg_stop
  [ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  for _ in $(seq 1 100); do
    local p=$((20000 + RANDOM % 10000))
    if port_free "$p"; then echo "$p"; return 0; fi
  done
  return 1
}
wait_up() { # wait_up URL PID LOG
  for _ in $(seq 1 150); do
    if node -e "fetch('$1/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" 2>/dev/null; then
      return 0
    fi
    kill -0 "$2" 2>/dev/null || break
    sleep 0.2
  done
  echo "cluster.sh: $1 did not answer /healthz" >&2
  cat "$3" >&2
  return 1
}

pg_start || exit 1
echo "cluster.sh: PostgreSQL $PG_VERSION on 127.0.0.1:$PG_PORT (pid $PG_PID)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/dj-cluster.XXXXXX")"
chmod 755 "$tmp"
if ! "$BIN" init --demo --db "$PG_URL" >"$tmp/init.log" 2>&1; then
  echo "cluster.sh: init --demo failed:" >&2
  cat "$tmp/init.log" >&2
  exit 1
fi

PORT_A=$(free_port) && PORT_B=$(free_port) && PORT_LB=$(free_port) && PORT_TLS=$(free_port) ||
  { echo "cluster.sh: no free ports" >&2; exit 2; }
while [ "$PORT_B" = "$PORT_A" ]; do PORT_B=$(free_port); done
while [ "$PORT_LB" = "$PORT_A" ] || [ "$PORT_LB" = "$PORT_B" ]; do PORT_LB=$(free_port); done
while [ "$PORT_TLS" = "$PORT_A" ] || [ "$PORT_TLS" = "$PORT_B" ] || [ "$PORT_TLS" = "$PORT_LB" ]; do PORT_TLS=$(free_port); done

"$BIN" serve --db "$PG_URL" --listen "127.0.0.1:$PORT_A" --threads 4 --trusted-proxy 127.0.0.1 >"$tmp/a.log" 2>&1 &
PID_A=$!
"$BIN" serve --db "$PG_URL" --listen "127.0.0.1:$PORT_B" --threads 4 --trusted-proxy 127.0.0.1 >"$tmp/b.log" 2>&1 &
PID_B=$!
wait_up "http://127.0.0.1:$PORT_A" "$PID_A" "$tmp/a.log" || exit 1
wait_up "http://127.0.0.1:$PORT_B" "$PID_B" "$tmp/b.log" || exit 1
echo "cluster.sh: A on :$PORT_A (pid $PID_A), B on :$PORT_B (pid $PID_B)"

# nginx: everything under $tmp; as root its workers run as nobody, who must write the temp dirs.
mkdir -p "$tmp/nginx/client_body" "$tmp/nginx/proxy" "$tmp/nginx/fastcgi" "$tmp/nginx/uwsgi" "$tmp/nginx/scgi"
# A self-signed certificate for 127.0.0.1: the test trusts it by name (DJ_TLS_CA).
if ! openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$tmp/nginx/key.pem" -out "$tmp/nginx/cert.pem" >"$tmp/nginx/openssl.log" 2>&1; then
  echo "cluster.sh: openssl could not make a certificate:" >&2
  cat "$tmp/nginx/openssl.log" >&2
  exit 1
fi
user_line=""
if [ "$(id -u)" = 0 ]; then
  user_line="user nobody nogroup;"
  chown -R nobody:nogroup "$tmp/nginx"
fi
cat >"$tmp/nginx/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 512; }
http {
  access_log $tmp/nginx/access.log;
  client_body_temp_path $tmp/nginx/client_body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  upstream dangjian {
    server 127.0.0.1:$PORT_A;
    server 127.0.0.1:$PORT_B;
    keepalive 8;
  }
  # The plain port, and a TLS port (a certificate made here) as a deployment terminates TLS.
  server {
    listen 127.0.0.1:$PORT_LB;
    include $tmp/nginx/site.conf;
  }
  server {
    listen 127.0.0.1:$PORT_TLS ssl;
    ssl_certificate $tmp/nginx/cert.pem;
    ssl_certificate_key $tmp/nginx/key.pem;
    include $tmp/nginx/site.conf;
  }
}
EOF
cat >"$tmp/nginx/site.conf" <<EOF
client_max_body_size 16m;
# The security headers on every answer, nginx's own included (the file the README names).
include $root/docs/nginx/security-headers.conf;
# Which process answered, for the test's round-robin checks (beside the headers above: nginx
# inherits add_header only into a level that has none of its own).
add_header X-Upstream \$upstream_addr always;
location / {
  proxy_pass http://dangjian;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host \$host;
  proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto \$scheme;
}
EOF
"$NGINX" -e "$tmp/nginx/error.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" >"$tmp/nginx/stdout.log" 2>&1 &
PID_NGINX=$!
wait_up "http://127.0.0.1:$PORT_LB" "$PID_NGINX" "$tmp/nginx/error.log" || exit 1
echo "cluster.sh: nginx on :$PORT_LB (pid $PID_NGINX)"

status=0
DJ_A="http://127.0.0.1:$PORT_A" DJ_B="http://127.0.0.1:$PORT_B" DJ_LB="http://127.0.0.1:$PORT_LB" \
  DJ_TLS="https://127.0.0.1:$PORT_TLS" DJ_TLS_CA="$tmp/nginx/cert.pem" \
  node --test --test-concurrency=1 tests/pg/cluster.test.mjs || status=$?

# Both processes must stop cleanly on SIGTERM.
for which in A B; do
  pid_var="PID_$which"
  pid=${!pid_var}
  kill -TERM "$pid"
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "cluster.sh: FAIL: process $which did not exit within 15 s of SIGTERM" >&2
    status=1
  else
    wait "$pid"
    rc=$?
    [ "$rc" = 0 ] || { echo "cluster.sh: FAIL: process $which exited $rc after SIGTERM" >&2; status=1; }
  fi
  eval "$pid_var=''"
done
if [ "$status" != 0 ]; then
  for f in a b; do
    echo "--- process $f log (last 20 lines) ---" >&2
    tail -n 20 "$tmp/$f.log" >&2
  done
  echo "--- nginx error log ---" >&2
  tail -n 20 "$tmp/nginx/error.log" >&2
fi
exit "$status"
