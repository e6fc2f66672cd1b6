# pg.sh: a private PostgreSQL 15 for tests, on 127.0.0.1 and a Unix socket in a temp dir.
# Source it, then:
#   pg_start            initdb into a new temp dir, start the server, create role and database;
#                       sets PG_DIR, PG_PORT, PG_PID, PG_URL (postgresql://dangjian@127.0.0.1:PORT/dangjian)
#   pg_createdb NAME    another empty database owned by the same role; prints its URL
#   pg_psql ARGS...     psql as the superuser on that server
#   pg_stop             stops the server by its PID (fast shutdown) and removes PG_DIR
# Run as root, the server runs as the user `postgres` (PostgreSQL refuses to run as root).
# Nothing here touches a system cluster: no systemd, no /var/lib/postgresql.

PG_VERSION="${PG_VERSION:-15}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/$PG_VERSION/bin}"
PG_DIR="" PG_PORT="" PG_PID="" PG_URL=""

# Installs the server from Debian's packages when it is missing.
pg_ensure_installed() {
  [ -x "$PG_BIN/initdb" ] && return 0
  echo "pg.sh: installing PostgreSQL $PG_VERSION" >&2
  if [ "$(id -u)" != 0 ]; then
    echo "pg.sh: $PG_BIN/initdb missing and not root: apt-get install postgresql-$PG_VERSION" >&2
    return 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "postgresql-$PG_VERSION" >&2 ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 || return 1
  [ -x "$PG_BIN/initdb" ]
}

# Runs a command as the user that owns the cluster.
_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_pg_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_psql() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"
}

pg_start() {
  pg_ensure_installed || return 1
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres || return 1
  fi
  PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/dj-pg.XXXXXX")" || return 1
  chmod 755 "$PG_DIR"
  mkdir -p "$PG_DIR/data" "$PG_DIR/sock"
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR/data" "$PG_DIR/sock"
  chmod 700 "$PG_DIR/data"
  if ! _pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 \
       --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1; then
    echo "pg.sh: initdb failed:" >&2
    cat "$PG_DIR/initdb.log" >&2
    return 1
  fi
  PG_PORT=""
  for _ in $(seq 1 100); do
    local p=$((30000 + RANDOM % 10000))
    if _pg_port_free "$p"; then PG_PORT=$p; break; fi
  done
  [ -n "$PG_PORT" ] || { echo "pg.sh: no free port in 30000-39999" >&2; return 1; }
  # pg_ctl -w returns once the server accepts connections; the postmaster's PID is then the
  # first line of postmaster.pid.
  if ! _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/data/server.log" -w -t 60 \
       -o "-k $PG_DIR/sock -c listen_addresses=127.0.0.1 -p $PG_PORT -c max_connections=200 -c fsync=off" \
       start >"$PG_DIR/pg_ctl.log" 2>&1; then
    echo "pg.sh: the server did not start:" >&2
    cat "$PG_DIR/pg_ctl.log" "$PG_DIR/data/server.log" >&2 2>/dev/null
    return 1
  fi
  PG_PID="$(head -n 1 "$PG_DIR/data/postmaster.pid")"
  echo "$PG_PID" >"$PG_DIR/pg.pid"
  # The application's role owns its database but is no superuser: pg_trgm is a trusted
  # extension, so the migration may create it.
  pg_psql -c "CREATE ROLE dangjian LOGIN" -c "CREATE DATABASE dangjian OWNER dangjian" || return 1
  PG_URL="postgresql://dangjian@127.0.0.1:$PG_PORT/dangjian"
  export PG_DIR PG_PORT PG_PID PG_URL
}

pg_createdb() {
  pg_psql -c "CREATE DATABASE \"$1\" OWNER dangjian" || return 1
  echo "postgresql://dangjian@127.0.0.1:$PG_PORT/$1"
}

# Stops the server by PID: SIGINT is PostgreSQL's fast shutdown (rolls back open transactions).
pg_stop() {
  if [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null; then
    kill -INT "$PG_PID"
    for _ in $(seq 1 100); do
      kill -0 "$PG_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$PG_PID" 2>/dev/null; then
      echo "pg.sh: PostgreSQL (pid $PG_PID) did not stop; sending SIGQUIT" >&2
      kill -QUIT "$PG_PID" 2>/dev/null
      sleep 1
    fi
  fi
  [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ] && rm -rf "$PG_DIR"
  PG_PID="" PG_DIR=""
}
