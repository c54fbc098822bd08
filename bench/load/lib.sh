# Process, port and /proc helpers of bench/load/run.sh (sourced). Every process started here is recorded in
# STARTED_PIDS and stopped by stop_all (run.sh traps EXIT), by its own PID only.

STARTED_PIDS=()
LAST_PID=""

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# start_bg NAME CMD...: runs CMD in the background, output to $LOGS/NAME.log; its PID in LAST_PID. START_ENV (an
# array of VAR=VALUE, empty by default) is added to CMD's environment (`env` takes names with dots and colons, which
# ASP.NET's configuration keys need).
START_ENV=()
start_bg() {
  local name=$1; shift
  if [ ${#START_ENV[@]} -gt 0 ]; then set -- env "${START_ENV[@]}" "$@"; fi
  "$@" >"$LOGS/$name.log" 2>&1 &
  LAST_PID=$!
  STARTED_PIDS+=("$LAST_PID")
}

# stop_pid PID...: SIGTERM, STOP_GRACE seconds (default 3) to exit, then SIGKILL; reaps them and forgets them.
# The grace is short because nothing is in flight when we stop, and because `fulcrum backend` (as of this
# writing) keeps running after SIGTERM: its Kestrel host takes the signal, stops, and the command waits on.
stop_pid() {
  local pid deadline=$((SECONDS + ${STOP_GRACE:-3})) alive
  # stderr off for the whole block: bash reports each killed job ("Killed ...") when it reaps it.
  {
    for pid in "$@"; do kill -TERM "$pid" || true; done
    while :; do
      alive=0
      for pid in "$@"; do kill -0 "$pid" && alive=1; done
      [ "$alive" = 0 ] || [ "$SECONDS" -ge "$deadline" ] && break
      sleep 0.1
    done
    for pid in "$@"; do
      kill -KILL "$pid" || true
      wait "$pid" || true
    done
  } 2>/dev/null
  local keep=() p
  for p in "${STARTED_PIDS[@]}"; do
    case " $* " in *" $p "*) ;; *) keep+=("$p") ;; esac
  done
  STARTED_PIDS=("${keep[@]}")
}

stop_all() {
  if [ ${#STARTED_PIDS[@]} -gt 0 ]; then
    stop_pid "${STARTED_PIDS[@]}"
  fi
}

# free_ports N: N distinct ports the OS reports free right now (held together while asking, so no duplicates).
free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
}

# wait_http URL PID NAME: waits (WAIT_HTTP_SECONDS, default 30 s, at most) until URL answers 200 while PID lives; shows the log if not.
wait_http() {
  local url=$1 pid=$2 name=$3 deadline=$((SECONDS + ${WAIT_HTTP_SECONDS:-30})) code
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited before it served; its log:"; tail -n 20 "$LOGS/$name.log" >&2
      return 1
    fi
    code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" || true)
    [ "$code" = 200 ] && return 0
    sleep 0.2
  done
  log "$name did not answer 200 on $url within 30 s; its log:"; tail -n 20 "$LOGS/$name.log" >&2
  return 1
}

# with_children PID...: the PIDs and their direct children (NGINX workers).
with_children() {
  local pid
  for pid in "$@"; do
    echo "$pid"
    pgrep -P "$pid" 2>/dev/null || true
  done
}

# peak_rss_kb PID...: sum of VmHWM (peak resident set) over the PIDs and their children.
peak_rss_kb() {
  local total=0 pid kb
  for pid in $(with_children "$@"); do
    kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}

# cpu_ticks PID...: user+system CPU time (clock ticks) used so far by the PIDs and their children.
cpu_ticks() {
  local total=0 pid t
  for pid in $(with_children "$@"); do
    # Fields 14 and 15 of /proc/PID/stat, counted after the ")" that closes the command name.
    t=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}' || true)
    total=$((total + ${t:-0}))
  done
  echo "$total"
}
