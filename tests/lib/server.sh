# server.sh: start and stop a dangjian server on loopback for a test script (source it).
#   dj_start_server BIN DB LOG [ARGS...]   picks a free port of 127.0.0.1, starts `BIN serve --db DB`
#                                          with ARGS, output to LOG, waits for /healthz (bounded by
#                                          DJ_HEALTH_WAIT seconds, default 30); retries on another
#                                          port if the bind lost a race. Sets DJ_PORT, DJ_URL, DJ_PID.
#   dj_stop_server                         SIGTERM by PID, bounded wait, then SIGKILL; returns the
#                                          server's exit status (0 after a graceful stop).
DJ_PORT="" DJ_URL="" DJ_PID=""

_dj_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

_dj_healthy() {
  if command -v curl >/dev/null 2>&1; then
    curl -sf "http://127.0.0.1:$1/healthz" >/dev/null 2>&1
  else
    node -e "fetch('http://127.0.0.1:$1/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" 2>/dev/null
  fi
}

dj_start_server() {
  local bin="$1" db="$2" log="$3"
  shift 3
  local attempt p up deadline
  for attempt in 1 2 3 4 5; do
    DJ_PORT=""
    for _ in $(seq 1 100); do
      p=$((20000 + RANDOM % 20000))
      if _dj_port_free "$p"; then DJ_PORT=$p; break; fi
    done
    [ -n "$DJ_PORT" ] || { echo "server.sh: no free port" >&2; return 1; }
    "$bin" serve --db "$db" --listen "127.0.0.1:$DJ_PORT" "$@" >>"$log" 2>&1 &
    DJ_PID=$!
    up=0
    deadline=$((SECONDS + ${DJ_HEALTH_WAIT:-30}))
    while [ $SECONDS -lt $deadline ]; do
      if _dj_healthy "$DJ_PORT"; then up=1; break; fi
      kill -0 "$DJ_PID" 2>/dev/null || break
      sleep 0.2
    done
    if [ "$up" = 1 ]; then
      DJ_URL="http://127.0.0.1:$DJ_PORT"
      return 0
    fi
    if kill -0 "$DJ_PID" 2>/dev/null; then
      # Alive but silent: not a port race. Stop it and give up.
      kill -KILL "$DJ_PID" 2>/dev/null; wait "$DJ_PID" 2>/dev/null
      DJ_PID=""
      echo "server.sh: the server did not answer /healthz within ${DJ_HEALTH_WAIT:-30} s" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    wait "$DJ_PID" 2>/dev/null
    DJ_PID=""
  done
  echo "server.sh: the server would not start:" >&2
  tail -n 20 "$log" >&2
  return 1
}

dj_stop_server() {
  [ -n "$DJ_PID" ] || return 0
  local rc=0
  kill -TERM "$DJ_PID" 2>/dev/null
  for _ in $(seq 1 150); do
    kill -0 "$DJ_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$DJ_PID" 2>/dev/null; then
    kill -KILL "$DJ_PID" 2>/dev/null
    wait "$DJ_PID" 2>/dev/null
    rc=137
  else
    wait "$DJ_PID" 2>/dev/null
    rc=$?
  fi
  DJ_PID=""
  return $rc
}
