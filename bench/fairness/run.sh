#!/usr/bin/env bash
# Real run of every balancing policy through ONE `fulcrum run` process, on 127.0.0.1 only (issue 12 acceptance).
#
#   bash bench/fairness/run.sh                 warm-up 70 s, phase 1 for 120 s, phase 2 for 90 s (about 7-9 minutes with the build)
#   FAIRNESS_RUN_SECONDS=N FAIRNESS_BIAS_SECONDS=N FAIRNESS_WARM_SECONDS=N FAIRNESS_RATE=R
#                                              override the phases' lengths, the full-rate warm-up, the rate per route
#   BENCH_FULCRUM_DIR=DIR, BENCH_LOADGEN_DIR=DIR  use a prebuilt build output of Fulcrum, of bench/LoadGen
#
# One cluster and one route (/POLICY/...) per policy, each over the same three healthy `fulcrum backend`s of unequal
# speed: f 20 ms, m 40 ms, s 80 ms of service time, 16 served at once each (800, 400 and 200 req/s), 503 beyond 64
# in the server (slow enough that load-aware policies hold a request or more in flight at a rate this shared
# 2-core machine can carry). bench/LoadGen sends a fixed rate (open loop) to every route in turn, with 1000 hash keys in ?user=.
#
# Phase 1 (fair): every policy over those backends, default fairness settings (window 30 s, for 30 s), nothing
#   overloaded (the slowest backend runs at about 60 % when every policy's share of it is added up). Goal: no
#   `imbalance` alert, pending or firing, for any policy.
# Phase 2 (biased): a config forced through the admin API that favors the slowest backend s in every cluster —
#   weight 3 (against 1, 1) for round-robin, random, power-of-two and maglev; weight 10 for least-requests and
#   peak-ewma (they hand out in-flight or cost and turn traffic away from a slow backend's growing queue, so a
#   weight of 3 does not make s carry more than it can; bench/RESULTS.md, branch bias3); s listed first for
#   first-available; one hot key that lands on s for plain consistent-hash (maglev's bounded load absorbed its hot
#   key with 0 % errors: nothing was harmed, so its bias is the weight) — so s is asked for more than it can serve.
#   Reported: when each cluster's `imbalance` fired after the push, against the deadline window + for (+ 1 s, the
#   alert engine runs once a second).
#
# Prints a table per phase and writes bench/fairness/results/ (the alerts and clusters seen, JSON). Every process it
# starts is stopped on exit (trap, by PID); every load is bounded (LoadGen --duration, `timeout` around it).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../load/lib.sh
source "$ROOT/bench/load/lib.sh"

RUN_SECONDS=${FAIRNESS_RUN_SECONDS:-120}
BIAS_SECONDS=${FAIRNESS_BIAS_SECONDS:-90}
RATE_PER_ROUTE=${FAIRNESS_RATE:-60}
WARM_SECONDS=${FAIRNESS_WARM_SECONDS:-60}
POLICIES=(round-robin random least-requests power-of-two peak-ewma consistent-hash maglev first-available)
RATE=$((RATE_PER_ROUTE * ${#POLICIES[@]}))

WORK=$(mktemp -d /tmp/fulcrum-fairness.XXXXXX)
LOGS="$WORK/logs"
BUILD="$WORK/build"
RESULTS="$HERE/results"
mkdir -p "$LOGS" "$BUILD" "$RESULTS"
trap 'stop_all; rm -rf "$BUILD"' EXIT
trap 'exit 130' INT TERM
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "work dir $WORK; load average at start $LOAD_START"

# ---- build once, in Release -------------------------------------------------------------------------------------
publish() { dotnet publish "$ROOT/$1" -c Release -o "$BUILD/$2" -nologo -v q >"$LOGS/publish-$2.log" 2>&1 \
  || { log "publish of $1 failed:"; tail -n 30 "$LOGS/publish-$2.log" >&2; exit 1; }; }
if [ -n "${BENCH_FULCRUM_DIR:-}" ]; then
  ln -sfn "$(cd "$BENCH_FULCRUM_DIR" && pwd)" "$BUILD/fulcrum"
else
  log "publishing Fulcrum (Release)"
  publish src/Fulcrum fulcrum
fi
if [ -n "${BENCH_LOADGEN_DIR:-}" ]; then
  ln -sfn "$(cd "$BENCH_LOADGEN_DIR" && pwd)" "$BUILD/loadgen"
else
  log "publishing LoadGen (Release)"
  publish bench/LoadGen loadgen
fi

# ---- backends and the proxy ---------------------------------------------------------------------------------------
read -r -a PORTS <<<"$(free_ports 5)"
declare -A BACKEND_PORT=([f]=${PORTS[0]} [m]=${PORTS[1]} [s]=${PORTS[2]})
PROXY_PORT=${PORTS[3]}
ADMIN_PORT=${PORTS[4]}
ADMIN="http://127.0.0.1:$ADMIN_PORT"
PROXY="http://127.0.0.1:$PROXY_PORT"
for spec in "f 20ms" "m 40ms" "s 80ms"; do
  read -r name latency <<<"$spec"
  start_bg "backend-$name" dotnet "$BUILD/fulcrum/fulcrum.dll" backend --port "${BACKEND_PORT[$name]}" --name "$name" \
    --latency "$latency" --concurrency 16 --capacity 64
  wait_http "http://127.0.0.1:${BACKEND_PORT[$name]}/health" "$LAST_PID" "backend-$name"
done

# config MODE: the config of every policy; MODE fair or biased (see the header).
config() {
  local mode=$1 policy order weights
  printf 'listen: [%s]\nadmin: { listen: %s }\nroutes:\n' "$PROXY" "$ADMIN"
  for policy in "${POLICIES[@]}"; do
    printf '  - { name: %s, match: { path: "/%s/{**rest}" }, cluster: %s }\n' "$policy" "$policy" "$policy"
  done
  printf 'clusters:\n'
  for policy in "${POLICIES[@]}"; do
    order="f m s"
    declare -A weights=([f]=1 [m]=1 [s]=1)
    if [ "$mode" = biased ]; then
      case $policy in
        first-available) order="s f m" ;;
        consistent-hash) ;;
        least-requests|peak-ewma) weights[s]=10 ;;
        *) weights[s]=3 ;;
      esac
    fi
    printf '  %s:\n    policy: %s\n' "$policy" "$policy"
    case $policy in
      consistent-hash) printf '    hash: { key: "query:user" }\n' ;;
      maglev) printf '    hash: { key: "query:user", balance-factor: 1.25 }\n' ;;
    esac
    printf '    destinations:\n'
    for name in $order; do
      printf '      %s: { address: "http://127.0.0.1:%s", weight: %s }\n' "$name" "${BACKEND_PORT[$name]}" "${weights[$name]}"
    done
    unset weights
  done
  printf 'journal: { path: "%s/journal.db" }\n' "$WORK"
}

config fair >"$WORK/fulcrum.yaml"
config biased >"$WORK/biased.yaml"
start_bg fulcrum dotnet "$BUILD/fulcrum/fulcrum.dll" run -c "$WORK/fulcrum.yaml"
FULCRUM_PID=$LAST_PID
wait_http "$ADMIN/api/clusters" "$FULCRUM_PID" fulcrum

# hot_key POLICY: a ?user= value that the policy's ring sends to s (asked before any load, so nothing spills yet).
hot_key() {
  local k
  for k in $(seq 0 63); do
    if [ "$(curl -s -m 2 -D - -o /dev/null "$PROXY/$1/?user=hot$k" | tr -d '\r' | sed -n 's/^[Xx]-[Bb]ackend: //p')" = s ]; then
      echo "hot$k"; return 0
    fi
  done
  log "no key among hot0..hot63 lands on s for $1"; return 1
}
HOT_CH=$(hot_key consistent-hash)
log "hot key on s: consistent-hash user=$HOT_CH"

# load SECONDS LABEL URL...: LoadGen at RATE req/s in all, over the URLs in turn; its JSON report to $WORK/LABEL.json.
load() {
  local seconds=$1 label=$2; shift 2
  local args=() url
  for url in "$@"; do args+=(--url "$url"); done
  timeout -k 5 $((seconds + 30)) dotnet "$BUILD/loadgen/LoadGen.dll" "${args[@]}" --rate "${LOAD_RATE:-$RATE}" --duration "$seconds" \
    --timeout 5 --key-query user --keys 1000 --label "$label" >"$WORK/$label.json" 2>>"$LOGS/loadgen.err" || true
}

# watch SECONDS LABEL: polls /api/alerts and /api/clusters every 2 s for SECONDS into $RESULTS/LABEL-*.jsonl.
watch() {
  python3 "$HERE/watch.py" "$ADMIN" "$1" "$RESULTS/$2" 2>>"$LOGS/watch.err" &
  WATCH_PID=$!
}

# ---- phase 1: fair ---------------------------------------------------------------------------------------------------
fair_urls=()
for policy in "${POLICIES[@]}"; do fair_urls+=("$PROXY/$policy/"); done
# A warm-up first, ramped (a quarter of the rate, then all of it): on a shared 2-core machine four .NET processes
# that start cold under full load answer in seconds for a while (JIT, thread pool growth, new connections). Alerts
# raised during the warm-up are reported apart from the measured run's. The full-rate part lasts two fairness windows,
# so that the first measured window holds no cold-start requests (a first run, with 15 s, saw a peak-ewma cost skew
# pending from a window that still held the warm-up's multi-second stall).
log "phase 1: warm-up, $((RATE / 4)) req/s for 10 s then $RATE req/s for $WARM_SECONDS s"
WARM_START=$(date -u +%FT%T.%NZ)
watch $((RUN_SECONDS + WARM_SECONDS + 20)) fair
LOAD_RATE=$((RATE / 4)) load 10 warmup1 "${fair_urls[@]}"
load "$WARM_SECONDS" warmup2 "${fair_urls[@]}"
log "phase 1: $RATE req/s ($RATE_PER_ROUTE per route) for ${RUN_SECONDS}s over ${#POLICIES[@]} policies"
P1_LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
P1_START=$(date -u +%FT%T.%NZ)
load "$RUN_SECONDS" fair "${fair_urls[@]}"
wait "$WATCH_PID" || true
P1_LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- phase 2: biased ------------------------------------------------------------------------------------------------
biased_urls=()
for policy in "${POLICIES[@]}"; do
  case $policy in
    consistent-hash) biased_urls+=("$PROXY/$policy/?user=$HOT_CH") ;;
    *) biased_urls+=("$PROXY/$policy/") ;;
  esac
done
log "phase 2: forcing the biased config, then $RATE req/s for ${BIAS_SECONDS}s"
code=$(curl -s -o "$WORK/push.json" -w '%{http_code}' -X POST -H 'Content-Type: application/yaml' \
  --data-binary "@$WORK/biased.yaml" "$ADMIN/api/config?force=true")
[ "$code" = 200 ] || { log "forcing the biased config answered $code: $(cat "$WORK/push.json")"; exit 1; }
P2_PUSHED=$(date -u +%FT%T.%NZ)
P2_LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
watch $((BIAS_SECONDS + 5)) biased
load "$BIAS_SECONDS" biased "${biased_urls[@]}"
wait "$WATCH_PID" || true
P2_LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

python3 "$HERE/report.py" --policies "${POLICIES[*]}" --fair "$RESULTS/fair" --biased "$RESULTS/biased" \
  --fair-load "$WORK/fair.json" --biased-load "$WORK/biased.json" --pushed "$P2_PUSHED" --since "$P1_START" --warm "$WARM_START" \
  --loadavg "phase 1: $P1_LOAD_START → $P1_LOAD_END; phase 2: $P2_LOAD_START → $P2_LOAD_END" | tee "$RESULTS/report.md"
log "logs and configs kept in $WORK"
