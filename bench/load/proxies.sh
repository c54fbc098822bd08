# Starting the proxies under test (sourced by bench/load/run.sh; needs lib.sh, HERE, WORK, LOGS, BUILD).
# start_proxy NAME KIND POLICY PORT BACKEND_PORT...: renders the config, starts the proxy in the foreground
# mode of each product, waits until it answers 200 through to a backend. Sets LAST_PID (and for Fulcrum
# LAST_ADMIN_PORT); returns 1 if it did not. FAIRNESS_WINDOW and FAIRNESS_FOR (default 30s) go to Fulcrum;
# FULCRUM_PROXY_DIR (default BUILD/fulcrum, where the backends come from too) is the build the fulcrum kinds run.
#   KIND: fulcrum | fulcrum-aot (BUILD/fulcrum-aot/fulcrum, a Native AOT publish) | fulcrum-nomon | embedded | yarp | yarp-fulcrum | nginx | haproxy
#   POLICY: the product's own name (round-robin, PowerOfTwoChoices, least_conn, leastconn, ...); for embedded, the
#   YARP policy name Fulcrum registers (Fulcrum.RoundRobin, ...); for yarp-fulcrum too. For fulcrum, settings of the policy may follow
#   after '+' as KEY=VALUE (peak-ewma+choices=3+parallelism=16 renders `peak-ewma: { choices: 3, parallelism: 16 }`).

# fulcrum_policy POLICY[+KEY=VALUE...]: the YAML of `policy:` and its settings section, indented for the template.
fulcrum_policy() {
  local name=${1%%+*} settings="" pair
  [ "$name" = "$1" ] && { printf '%s' "$name"; return; }
  IFS='+' read -r -a pairs <<<"${1#*+}"
  for pair in "${pairs[@]}"; do settings+="${settings:+, }${pair%%=*}: ${pair#*=}"; done
  printf '%s\n    %s: { %s }' "$name" "$name" "$settings"
}

# fulcrum_cmd [DIR]: the fulcrum command of DIR (default BUILD/fulcrum): `dotnet fulcrum.dll` for a framework-dependent
# publish, else the executable itself (a single-file or Native AOT publish has no fulcrum.dll; bench/aot/run.sh).
fulcrum_cmd() {
  local dir=${1:-$BUILD/fulcrum}
  if [ -f "$dir/fulcrum.dll" ]; then echo dotnet "$dir/fulcrum.dll"; else echo "$dir/fulcrum"; fi
}

start_proxy() {
  local name=$1 kind=$2 policy=$3 port=$4; shift 4
  local dir="$WORK/$name"
  mkdir -p "$dir"
  case "$kind" in
    fulcrum|fulcrum-aot|fulcrum-nomon)
      LAST_ADMIN_PORT=$(free_ports 1)
      python3 "$HERE/render.py" "$HERE/fulcrum.yaml.tmpl" "$dir/fulcrum.yaml" \
        PORT="$port" ADMIN_PORT="$LAST_ADMIN_PORT" POLICY="$(fulcrum_policy "$policy")" JOURNAL="$dir/journal.db" \
        FAIRNESS_WINDOW="${FAIRNESS_WINDOW:-30s}" FAIRNESS_FOR="${FAIRNESS_FOR:-30s}" \
        DESTINATIONS="$(backend_lines '      %s: { address: "http://127.0.0.1:%d", weight: 1 }' "$@")"
      local flags=()
      [ "$kind" = fulcrum-nomon ] && flags+=(--no-monitoring)
      local cmd
      cmd=$(fulcrum_cmd "${FULCRUM_PROXY_DIR:-$BUILD/fulcrum}")
      [ "$kind" = fulcrum-aot ] && cmd=$(fulcrum_cmd "$BUILD/fulcrum-aot")
      # shellcheck disable=SC2086
      start_bg "$name" $cmd run -c "$dir/fulcrum.yaml" "${flags[@]}"
      ;;
    embedded)
      # samples/embedded: a plain YARP app with AddFulcrum() and UseFulcrum(), its settings (the same cluster, fairness
      # and journal as fulcrum.yaml.tmpl) in an appsettings.json of its own; --contentRoot makes the app read it.
      embedded_settings "$dir" "$policy" "$@"
      start_bg "$name" dotnet "$BUILD/embedded/Embedded.dll" --contentRoot "$dir" --urls "http://127.0.0.1:$port"
      ;;
    yarp|yarp-fulcrum)
      # yarp-fulcrum: bench/PlainYarp (same host, logging, GC, in-memory route and cluster) plus exactly AddFulcrum(),
      # UseFulcrum() and MapFulcrumAdmin(), reading the Fulcrum section of the same settings as samples/embedded.
      local args=()
      for backend in "$@"; do args+=(--destination "http://127.0.0.1:$backend"); done
      if [ "$kind" = yarp-fulcrum ]; then
        embedded_settings "$dir" "$policy" "$@"
        args+=(--fulcrum "$dir/appsettings.json")
      fi
      start_bg "$name" dotnet "$BUILD/yarp/PlainYarp.dll" --listen "http://127.0.0.1:$port" --policy "$policy" "${args[@]}"
      ;;
    nginx)
      local balance=""
      [ "$policy" = round_robin ] || balance="$policy;"
      python3 "$HERE/render.py" "$HERE/nginx.conf.tmpl" "$dir/nginx.conf" \
        WORKERS="$(nproc)" DIR="$dir" BALANCE="$balance" PORT="$port" \
        SERVERS="$(backend_lines '        server 127.0.0.1:%.0s%d;' "$@")"
      start_bg "$name" "$NGINX" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
      ;;
    haproxy)
      python3 "$HERE/render.py" "$HERE/haproxy.cfg.tmpl" "$dir/haproxy.cfg" \
        BALANCE="$policy" PORT="$port" SERVERS="$(backend_lines '    server %s 127.0.0.1:%d' "$@")"
      start_bg "$name" "$HAPROXY" -f "$dir/haproxy.cfg" -db
      ;;
    *)
      log "start_proxy: unknown kind '$kind'"; return 1 ;;
  esac
  wait_http "http://127.0.0.1:$port/" "$LAST_PID" "$name"
}

# embedded_settings DIR POLICY BACKEND_PORT...: DIR/appsettings.json from embedded.json.tmpl (the cluster, fairness and
# journal of fulcrum.yaml.tmpl in the ReverseProxy and Fulcrum sections an AddFulcrum() app reads).
embedded_settings() {
  local dir=$1 policy=$2 destinations="" i=0 backend
  shift 2
  for backend in "$@"; do
    i=$((i + 1))
    [ "$i" = 1 ] || destinations+=", "
    destinations+="\"b$i\": { \"Address\": \"http://127.0.0.1:$backend\" }"
  done
  python3 "$HERE/render.py" "$HERE/embedded.json.tmpl" "$dir/appsettings.json" \
    POLICY="$policy" JOURNAL="$dir/journal.db" DESTINATIONS="$destinations" \
    FAIRNESS_WINDOW="${FAIRNESS_WINDOW:-30s}" FAIRNESS_FOR="${FAIRNESS_FOR:-30s}"
}

# backend_lines FORMAT PORT...: one line per backend port, printf FORMAT given its name (b1, b2, ...) and port.
backend_lines() {
  local format=$1 i=0 port
  shift
  for port in "$@"; do
    i=$((i + 1))
    [ "$i" = 1 ] || printf '\n'
    # shellcheck disable=SC2059 # the format is the caller's template line
    printf "$format" "b$i" "$port"
  done
}

# start_backends NAME_PREFIX SPEC...: one `fulcrum backend` per SPEC ("LATENCY CONCURRENCY CAPACITY", "-" for
# the default), on fresh free ports; waits for each. Sets BACKEND_PORTS and BACKEND_PIDS.
start_backends() {
  local prefix=$1; shift
  local ports spec i=0 latency concurrency capacity args
  read -r -a ports <<<"$(free_ports $#)"
  BACKEND_PORTS=("${ports[@]}")
  BACKEND_PIDS=()
  for spec in "$@"; do
    read -r latency concurrency capacity <<<"$spec"
    args=(--port "${ports[$i]}" --name "b$((i + 1))")
    [ "$latency" = - ] || args+=(--latency "$latency")
    [ "$concurrency" = - ] || args+=(--concurrency "$concurrency")
    [ "$capacity" = - ] || args+=(--capacity "$capacity")
    # shellcheck disable=SC2046
    start_bg "$prefix-b$((i + 1))" $(fulcrum_cmd) backend "${args[@]}"
    BACKEND_PIDS+=("$LAST_PID")
    i=$((i + 1))
  done
  for i in "${!BACKEND_PORTS[@]}"; do
    wait_http "http://127.0.0.1:${BACKEND_PORTS[$i]}/health" "${BACKEND_PIDS[$i]}" "$prefix-b$((i + 1))" || return 1
  done
}
