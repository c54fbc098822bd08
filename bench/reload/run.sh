#!/usr/bin/env bash
# Reload cost of the `fulcrum` executable, on 127.0.0.1 only (issue 10 item 7, issue 13 item 6).
#
#   bash bench/reload/run.sh              about 4 minutes after the build (3 rounds)
#   BENCH_ROUNDS=N                        storm rounds (each: 20 s quiet + 20 s storm under wrk)
#   BENCH_FULCRUM_DIR=DIR                 a prebuilt `dotnet publish` output of src/Fulcrum instead of publishing
#
# (a) storm: wrk (64 connections, 1 thread) against Fulcrum in front of three `fulcrum backend`s for 20 s, in
#     rounds that alternate "quiet" (no reloads) and "storm" (the config file rewritten 50 times in those 20 s, each
#     rewrite a real change); throughput ratio storm/quiet and p99 of each, median over the rounds, and how many
#     reloads the coalescer turned the 50 writes into.
# (b) apply: a 1,000-destination config applied 10 times through POST /api/config (the answer comes once YARP has
#     reported the config applied: parse, validate, audit, publish, YARP's rebuild) and 10 times by writing the
#     file (timed from the write to the "config applied" log line: the watcher, the coalescer's 250 ms of quiet
#     and the same apply).
# Writes bench/reload/results/ (JSON lines) and prints a Markdown table for bench/RESULTS.md.
# Every process it starts is stopped on exit (trap; by PID); every load is bounded (wrk -d, timeout, counts).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../load/lib.sh
source "$ROOT/bench/load/lib.sh"

ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=64
STORM_SECONDS=20
STORM_WRITES=50
APPLY_RUNS=10
APPLY_DESTINATIONS=1000
WARMUP_SECONDS=15  # round 1 of both recorded runs still ran slower unwarmed with 5 s

WORK=$(mktemp -d /tmp/fulcrum-reload.XXXXXX)
LOGS="$WORK/logs"
BUILD="$WORK/build"
RESULTS="$HERE/results"
mkdir -p "$LOGS" "$BUILD" "$RESULTS"
trap 'stop_all; rm -rf "$BUILD"' EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null || { log "wrk is needed (apt-get install wrk)"; exit 1; }
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "work dir $WORK; load average $LOAD_START"

if [ -n "${BENCH_FULCRUM_DIR:-}" ]; then
  ln -sfn "$(cd "$BENCH_FULCRUM_DIR" && pwd)" "$BUILD/fulcrum"
else
  log "publishing src/Fulcrum (Release)"
  dotnet publish "$ROOT/src/Fulcrum" -c Release -o "$BUILD/fulcrum" -nologo -v q >"$LOGS/publish.log" 2>&1 \
    || { log "publish failed:"; tail -n 30 "$LOGS/publish.log" >&2; exit 1; }
fi

read -r -a ports <<<"$(free_ports 5)"
PROXY_PORT=${ports[0]}; ADMIN_PORT=${ports[1]}
BACKENDS="${ports[2]},${ports[3]},${ports[4]}"
for i in 2 3 4; do
  start_bg "backend-$i" dotnet "$BUILD/fulcrum/fulcrum.dll" backend --port "${ports[$i]}" --name "b$i"
  wait_http "http://127.0.0.1:${ports[$i]}/health" "$LAST_PID" "backend-$i"
done
CONFIG="$WORK/fulcrum.yaml"
config_args() { echo "$CONFIG $PROXY_PORT $ADMIN_PORT $WORK/journal.db $BACKENDS $1"; }
# shellcheck disable=SC2046
python3 "$HERE/reload.py" config $(config_args 3)
start_bg proxy dotnet "$BUILD/fulcrum/fulcrum.dll" run -c "$CONFIG"
PROXY_PID=$LAST_PID
wait_http "http://127.0.0.1:$PROXY_PORT/" "$PROXY_PID" proxy

run_wrk() {
  timeout -k 5 $(($1 + 30)) wrk -t1 -c"$CONNECTIONS" -d"$1s" --latency -s "$ROOT/bench/load/wrk-report.lua" \
    "http://127.0.0.1:$PROXY_PORT/" 2>>"$LOGS/wrk.err" | sed -n 's/^WRKJSON //p' || true
}

# ---- (a) storm under load -------------------------------------------------------------------------------------
STORM_JSONL="$RESULTS/storm.jsonl"
: >"$STORM_JSONL"
log "warm-up ${WARMUP_SECONDS}s"
run_wrk "$WARMUP_SECONDS" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  for mode in quiet storm; do
    applied_before=$(python3 "$HERE/reload.py" applied-count "$LOGS/proxy.log")
    cpu_before=$(cpu_ticks "$PROXY_PID")
    storm_pid=""
    if [ "$mode" = storm ]; then
      # shellcheck disable=SC2046
      timeout $((STORM_SECONDS + 10)) python3 "$HERE/reload.py" storm $(config_args 3) \
        --writes "$STORM_WRITES" --seconds "$STORM_SECONDS" >/dev/null &
      storm_pid=$!
    fi
    result=$(run_wrk "$STORM_SECONDS")
    [ -z "$storm_pid" ] || wait "$storm_pid" || true
    # The last reload of a storm may still be coalescing: let it finish before counting and the next round.
    sleep 2
    cpu_after=$(cpu_ticks "$PROXY_PID")
    applied_after=$(python3 "$HERE/reload.py" applied-count "$LOGS/proxy.log")
    if [ -z "$result" ]; then log "wrk gave no result (round $round, $mode)"; continue; fi
    printf '{"round":%d,"mode":"%s","reloads":%d,"cpu_ticks":%d,"clk_tck":%d,"loadavg":"%s","wrk":%s}\n' \
      "$round" "$mode" $((applied_after - applied_before)) $((cpu_after - cpu_before)) "$(getconf CLK_TCK)" \
      "$(cut -d' ' -f1-3 /proc/loadavg)" "$result" >>"$STORM_JSONL"
    log "storm: round $round $mode: $(sed -E 's/.*"requests":([0-9]+).*"p99_us":([0-9]+).*/\1 requests, p99 \2 us/' <<<"$result"), $((applied_after - applied_before)) reload(s) applied"
  done
done

# ---- (b) apply time of a 1,000-destination config -------------------------------------------------------------
APPLY_JSONL="$RESULTS/apply.jsonl"
: >"$APPLY_JSONL"
log "apply: $APPLY_DESTINATIONS destinations, $APPLY_RUNS posts to /api/config"
# shellcheck disable=SC2046
timeout 600 python3 "$HERE/reload.py" apply-api "$ADMIN_PORT" $(config_args "$APPLY_DESTINATIONS") --runs "$APPLY_RUNS" >>"$APPLY_JSONL"
log "apply: $APPLY_DESTINATIONS destinations, $APPLY_RUNS file writes"
# shellcheck disable=SC2046
timeout 600 python3 "$HERE/reload.py" apply-file "$LOGS/proxy.log" $(config_args "$APPLY_DESTINATIONS") --runs "$APPLY_RUNS" >>"$APPLY_JSONL"
code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$PROXY_PORT/" || true)
log "apply: the proxy answers $code with $APPLY_DESTINATIONS destinations"
grep -E "refused|Exception" "$LOGS/proxy.log" | head -n 5 >&2 || true

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
python3 "$HERE/report.py" "$STORM_JSONL" "$APPLY_JSONL" "$LOAD_START" "$LOAD_END" | tee "$RESULTS/summary.md"
