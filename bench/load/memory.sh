#!/usr/bin/env bash
# Memory of `fulcrum run` under each runtime setting, idle and under load, with throughput beside it (issue 13).
#
#   bash bench/load/memory.sh                    published from this tree; 3 rounds of every setting
#   BENCH_FULCRUM_DIR=DIR bash bench/load/memory.sh   a prebuilt `dotnet publish` output of Fulcrum instead
#   MEM_ROUNDS=N MEM_DURATION=S MEM_WARMUP=S MEM_CONNECTIONS=C MEM_SETTINGS="name ..."   knobs (defaults 3, 8, 3, 64, all)
#
# Three `fulcrum backend`s are started once. Then, round by round, for each setting in turn: `fulcrum run` (round
# robin over the three, monitoring on, the load benchmark's config) is started with that setting's environment,
# answers once, rests MEM_IDLE seconds (default 5): idle RSS (VmRSS); wrk -t1 -cC for MEM_WARMUP then MEM_DURATION
# seconds: req/s, CPU µs per request; then peak RSS (VmHWM) and RSS after the load. One line of JSON per
# measurement in bench/load/results/memory.jsonl, and a median table on stdout. Settings run one at a time (not side
# by side), so compare them within a round: the ratio to the shipped default is computed per round.
# Every process it starts is stopped on exit; every load is bounded by wrk -d and a timeout.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"
# shellcheck source=proxies.sh
source "$HERE/proxies.sh"

ROUNDS=${MEM_ROUNDS:-3}
DURATION=${MEM_DURATION:-8}
WARMUP=${MEM_WARMUP:-3}
IDLE=${MEM_IDLE:-5}
CONNECTIONS=${MEM_CONNECTIONS:-64}

# name=ENV=VALUE,ENV=VALUE ("default": the shipped runtimeconfig, nothing overridden).
declare -A SETTING=(
  [default]=""
  [workstation-concurrent]="DOTNET_gcServer=0,DOTNET_gcConcurrent=1"
  [server-datas]="DOTNET_gcServer=1"
  [server-nodatas]="DOTNET_gcServer=1,DOTNET_GCDynamicAdaptationMode=0"
  [conserve]="DOTNET_GCConserveMemory=5"
  [hardlimit-48m]="DOTNET_GCHeapHardLimit=0x3000000"
  [gen0-2m]="DOTNET_GCgen0size=0x200000"
  [tc-off]="DOTNET_TieredCompilation=0"
  [pgo-off]="DOTNET_TieredPGO=0"
  [quickjitloops-off]="DOTNET_TC_QuickJitForLoops=0"
  [wx-off]="DOTNET_EnableWriteXorExecute=0"
)
ORDER=(default workstation-concurrent server-datas server-nodatas conserve hardlimit-48m gen0-2m tc-off pgo-off quickjitloops-off wx-off)
read -r -a ORDER <<<"${MEM_SETTINGS:-${ORDER[*]}}"

WORK=$(mktemp -d /tmp/fulcrum-memory.XXXXXX)
LOGS="$WORK/logs"
BUILD="$WORK/build"
mkdir -p "$LOGS" "$BUILD" "$HERE/results"
OUT="$HERE/results/memory.jsonl"
trap 'stop_all; rm -rf "$BUILD"' EXIT
trap 'exit 130' INT TERM

if [ -n "${BENCH_FULCRUM_DIR:-}" ]; then
  ln -sfn "$(cd "$BENCH_FULCRUM_DIR" && pwd)" "$BUILD/fulcrum"
else
  log "publishing Fulcrum (Release)"
  dotnet publish "$ROOT/src/Fulcrum" -c Release -o "$BUILD/fulcrum" -nologo -v q >"$LOGS/publish.log" 2>&1 \
    || { tail -n 30 "$LOGS/publish.log" >&2; exit 1; }
fi

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

log "load average $(cut -d' ' -f1-3 /proc/loadavg); settings: ${ORDER[*]}; $ROUNDS round(s)"
start_backends mem "- - -" "- - -" "- - -"
: >"$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for name in "${ORDER[@]}"; do
    vars=()
    IFS=',' read -r -a vars <<<"${SETTING[$name]}"
    for pair in "${vars[@]}"; do export "${pair?}"; done
    port=$(free_ports 1)
    started=0
    start_proxy "mem-$name-$round" fulcrum round-robin "$port" "${BACKEND_PORTS[@]}" && started=1
    pid=$LAST_PID
    for pair in "${vars[@]}"; do unset "${pair%%=*}"; done
    if [ "$started" = 0 ]; then
      log "$name did not start; skipped"
      stop_pid "$pid"
      continue
    fi
    sleep "$IDLE"
    idle=$(rss_kb "$pid")
    timeout -k 5 $((WARMUP + 30)) wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$port/" >/dev/null 2>&1 || true
    cpu_before=$(cpu_ticks "$pid")
    result=$(timeout -k 5 $((DURATION + 30)) wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$HERE/wrk-report.lua" \
      "http://127.0.0.1:$port/" 2>/dev/null | sed -n 's/^WRKJSON //p' || true)
    cpu_after=$(cpu_ticks "$pid")
    peak=$(peak_rss_kb "$pid")
    after=$(rss_kb "$pid")
    printf '{"round":%d,"setting":"%s","env":"%s","idle_rss_kb":%d,"peak_rss_kb":%d,"after_rss_kb":%d,"cpu_ticks":%d,"clk_tck":%d,"loadavg":"%s","wrk":%s}\n' \
      "$round" "$name" "${SETTING[$name]}" "$idle" "$peak" "$after" $((cpu_after - cpu_before)) "$(getconf CLK_TCK)" \
      "$(cut -d' ' -f1-3 /proc/loadavg)" "${result:-null}" >>"$OUT"
    log "round $round $name: idle $((idle / 1024)) MB, peak $((peak / 1024)) MB, $(sed -E 's/.*"requests":([0-9]+),"duration_us":([0-9]+).*/\1 requests in \2 us/' <<<"${result:-none}")"
    stop_pid "$pid"
  done
done

python3 - "$OUT" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def rps(r):
    w = r["wrk"]
    return w["requests"] / (w["duration_us"] / 1e6) if w else None
default = {r["round"]: rps(r) for r in rows if r["setting"] == "default"}
by = {}
for r in rows:
    by.setdefault(r["setting"], []).append(r)
print("| setting | env | idle RSS MB | peak RSS MB | RSS after load MB | req/s | vs default (per round) | CPU µs/req |")
print("|---|---|---:|---:|---:|---:|---|---:|")
for name, rs in by.items():
    med = lambda xs: statistics.median(xs) if xs else float("nan")
    ratios = [rps(r) / default[r["round"]] for r in rs if rps(r) and default.get(r["round"])]
    cpu = [r["cpu_ticks"] / r["clk_tck"] * 1e6 / r["wrk"]["requests"] for r in rs if r["wrk"] and r["wrk"]["requests"]]
    print(f"| {name} | `{rs[0]['env'] or 'shipped'}` | {med([r['idle_rss_kb'] for r in rs]) / 1024:.0f} "
          f"| {med([r['peak_rss_kb'] for r in rs]) / 1024:.0f} | {med([r['after_rss_kb'] for r in rs]) / 1024:.0f} "
          f"| {med([x for x in map(rps, rs) if x]):,.0f} | {med(ratios):.2f}× ({', '.join(f'{x:.2f}' for x in ratios)}) "
          f"| {med(cpu):.1f} |")
PY
