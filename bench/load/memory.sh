#!/usr/bin/env bash
# Memory of `fulcrum run` under each runtime setting and each build, idle and under load, with throughput beside it
# (issue 13).
#
#   bash bench/load/memory.sh                    published from this tree; 3 rounds of every setting
#   BENCH_FULCRUM_DIR=DIR bash bench/load/memory.sh   a prebuilt `dotnet publish` output of Fulcrum instead
#   MEM_BUILDS="NAME=DIR ..."                    compare builds: every setting runs with each (`dotnet publish` outputs of
#                                                src/Fulcrum: framework-dependent, single-file or Native AOT); a NAME
#                                                starting with "yarp" is a publish of bench/PlainYarp (plain YARP, run
#                                                with the default setting only). The first build is the baseline of the
#                                                ratios and runs the backends.
#   MEM_ROUNDS=N MEM_DURATION=S MEM_WARMUP=S MEM_SETTINGS="name ..."   knobs (defaults 3, 8, 3, all)
#   MEM_CONNECTIONS="64 256"                     wrk's connections, one load after the other (default 64)
#
# Three `fulcrum backend`s are started once. Then, round by round, for each build and setting in turn: the proxy
# (`fulcrum run` round robin over the three, monitoring on, the load benchmark's config; or plain YARP) is started
# with that setting's environment, answers once, rests MEM_IDLE seconds (default 5): idle RSS (VmRSS); then for
# each of MEM_CONNECTIONS, wrk -t1 -cC for MEM_WARMUP then MEM_DURATION seconds: req/s, p99, CPU µs per request;
# then peak RSS (VmHWM, the same measure as bench/load/run.sh's) and RSS after the load. One line of JSON per
# measurement in bench/load/results/memory.jsonl, and a median table on stdout. They run one at a time (not side by
# side), so compare them within a round: the ratio to the baseline (first build, shipped setting) is per round.
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
read -r -a CONNECTIONS <<<"${MEM_CONNECTIONS:-64}"

# name=ENV=VALUE,ENV=VALUE ("default": the shipped runtimeconfig, nothing overridden). Numbers are hex WITHOUT "0x"
# and names keep the runtime's exact case: Native AOT's config reader (unlike the JIT runtime's) ignores a value with
# a "0x" prefix and matches names case-sensitively, so "DOTNET_GCgen0size=0x200000" silently changed nothing there.
declare -A SETTING=(
  [default]=""
  [workstation-concurrent]="DOTNET_gcServer=0,DOTNET_gcConcurrent=1"
  [server-datas]="DOTNET_gcServer=1"
  [server-nodatas]="DOTNET_gcServer=1,DOTNET_GCDynamicAdaptationMode=0"
  [conserve]="DOTNET_GCConserveMemory=5"
  [hardlimit-48m]="DOTNET_GCHeapHardLimit=3000000"
  [gen0-2m]="DOTNET_GCgen0size=200000"
  [gen0-64m]="DOTNET_GCgen0size=4000000"
  [gen0max-4m]="DOTNET_GCGen0MaxBudget=400000"
  [gen0max-6m]="DOTNET_GCGen0MaxBudget=600000"
  [gen0max-8m]="DOTNET_GCGen0MaxBudget=800000"
  [gen0max-12m]="DOTNET_GCGen0MaxBudget=C00000"
  [gen0max-32m]="DOTNET_GCGen0MaxBudget=2000000"
  [tc-off]="DOTNET_TieredCompilation=0"
  [pgo-off]="DOTNET_TieredPGO=0"
  [quickjitloops-off]="DOTNET_TC_QuickJitForLoops=0"
  [wx-off]="DOTNET_EnableWriteXorExecute=0"
)
ORDER=(default workstation-concurrent server-datas server-nodatas conserve hardlimit-48m gen0-2m gen0-64m gen0max-4m gen0max-6m gen0max-8m gen0max-12m gen0max-32m tc-off pgo-off quickjitloops-off wx-off)
read -r -a ORDER <<<"${MEM_SETTINGS:-${ORDER[*]}}"

WORK=$(mktemp -d /tmp/fulcrum-memory.XXXXXX)
LOGS="$WORK/logs"
BUILD="$WORK/build"
mkdir -p "$LOGS" "$BUILD" "$HERE/results"
OUT="$HERE/results/memory.jsonl"
trap 'stop_all; rm -rf "$BUILD"' EXIT
trap 'exit 130' INT TERM

# BUILD/NAME: each build; BUILD/fulcrum: the first fulcrum build (the backends' and the proxy's default).
BUILDS=()
if [ -n "${MEM_BUILDS:-}" ]; then
  for spec in $MEM_BUILDS; do
    name=${spec%%=*}
    ln -sfn "$(cd "${spec#*=}" && pwd)" "$BUILD/$name"
    BUILDS+=("$name")
    [ -e "$BUILD/fulcrum" ] || [[ $name == yarp* ]] || ln -sfn "$(cd "${spec#*=}" && pwd)" "$BUILD/fulcrum"
  done
  [ -e "$BUILD/fulcrum" ] || { log "MEM_BUILDS names no build of fulcrum (the backends run it)"; exit 1; }
elif [ -n "${BENCH_FULCRUM_DIR:-}" ]; then
  ln -sfn "$(cd "$BENCH_FULCRUM_DIR" && pwd)" "$BUILD/fulcrum"
  BUILDS=(fulcrum)
else
  log "publishing Fulcrum (Release)"
  dotnet publish "$ROOT/src/Fulcrum" -c Release -o "$BUILD/fulcrum" -nologo -v q >"$LOGS/publish.log" 2>&1 \
    || { tail -n 30 "$LOGS/publish.log" >&2; exit 1; }
  BUILDS=(fulcrum)
fi

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

log "load average $(cut -d' ' -f1-3 /proc/loadavg); builds: ${BUILDS[*]}; settings: ${ORDER[*]}; connections: ${CONNECTIONS[*]}; $ROUNDS round(s)"
start_backends mem "- - -" "- - -" "- - -"
: >"$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for build in "${BUILDS[@]}"; do
    for name in "${ORDER[@]}"; do
      kind=fulcrum
      if [[ $build == yarp* ]]; then
        [ "$name" = default ] || continue
        kind=yarp
        ln -sfn "$(readlink "$BUILD/$build")" "$BUILD/yarp"
      fi
      vars=()
      IFS=',' read -r -a vars <<<"${SETTING[$name]}"
      for pair in "${vars[@]}"; do export "${pair?}"; done
      port=$(free_ports 1)
      started=0
      policy=round-robin; [ "$kind" = yarp ] && policy=RoundRobin
      FULCRUM_PROXY_DIR="$BUILD/$build" start_proxy "mem-$build-$name-$round" "$kind" "$policy" "$port" "${BACKEND_PORTS[@]}" && started=1
      pid=$LAST_PID
      for pair in "${vars[@]}"; do unset "${pair%%=*}"; done
      if [ "$started" = 0 ]; then
        log "$build $name did not start; skipped"
        stop_pid "$pid"
        continue
      fi
      sleep "$IDLE"
      idle=$(rss_kb "$pid")
      loads=""
      for connections in "${CONNECTIONS[@]}"; do
        timeout -k 5 $((WARMUP + 30)) wrk -t1 -c"$connections" -d"${WARMUP}s" "http://127.0.0.1:$port/" >/dev/null 2>&1 || true
        cpu_before=$(cpu_ticks "$pid")
        result=$(timeout -k 5 $((DURATION + 30)) wrk -t1 -c"$connections" -d"${DURATION}s" --latency -s "$HERE/wrk-report.lua" \
          "http://127.0.0.1:$port/" 2>/dev/null | sed -n 's/^WRKJSON //p' || true)
        cpu_after=$(cpu_ticks "$pid")
        loads+="${loads:+,}{\"connections\":$connections,\"cpu_ticks\":$((cpu_after - cpu_before)),\"wrk\":${result:-null}}"
        log "round $round $build $name, $connections connections: $(sed -E 's/.*"requests":([0-9]+),"duration_us":([0-9]+).*/\1 requests in \2 us/' <<<"${result:-none}")"
      done
      peak=$(peak_rss_kb "$pid")
      after=$(rss_kb "$pid")
      printf '{"round":%d,"build":"%s","setting":"%s","env":"%s","idle_rss_kb":%d,"peak_rss_kb":%d,"after_rss_kb":%d,"clk_tck":%d,"loadavg":"%s","loads":[%s]}\n' \
        "$round" "$build" "$name" "${SETTING[$name]}" "$idle" "$peak" "$after" "$(getconf CLK_TCK)" \
        "$(cut -d' ' -f1-3 /proc/loadavg)" "$loads" >>"$OUT"
      log "round $round $build $name: idle $((idle / 1024)) MB, peak $((peak / 1024)) MB"
      stop_pid "$pid"
    done
  done
done

python3 - "$OUT" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def rps(load):
    w = load["wrk"]
    return w["requests"] / (w["duration_us"] / 1e6) if w and w["requests"] else None
def cpu(load, clk):
    w = load["wrk"]
    return load["cpu_ticks"] / clk * 1e6 / w["requests"] if w and w["requests"] else None
def p99(load):
    return load["wrk"]["p99_us"] / 1000 if load["wrk"] else None
med = lambda xs: statistics.median(xs) if xs else float("nan")
levels = sorted({l["connections"] for r in rows for l in r["loads"]})
first = rows[0]["build"] if rows else None
base = {(r["round"], l["connections"]): rps(l) for r in rows if r["build"] == first and r["setting"] == "default" for l in r["loads"]}
by = {}
for r in rows:
    by.setdefault((r["build"], r["setting"]), []).append(r)
head = "| build | setting | env | idle RSS MB | peak RSS MB | RSS after load MB |"
rule = "|---|---|---|---:|---:|---:|"
for c in levels:
    head += f" req/s c{c} | vs {first} default c{c} (per round) | p99 ms c{c} | CPU µs/req c{c} |"
    rule += "---:|---|---:|---:|"
print(head)
print(rule)
for (build, name), rs in by.items():
    line = (f"| {build} | {name} | `{rs[0]['env'] or 'shipped'}` | {med([r['idle_rss_kb'] for r in rs]) / 1024:.0f} "
            f"| {med([r['peak_rss_kb'] for r in rs]) / 1024:.0f} | {med([r['after_rss_kb'] for r in rs]) / 1024:.0f} |")
    for c in levels:
        loads = [(r, l) for r in rs for l in r["loads"] if l["connections"] == c]
        ratios = [rps(l) / base[(r["round"], c)] for r, l in loads if rps(l) and base.get((r["round"], c))]
        line += (f" {med([x for x in (rps(l) for _, l in loads) if x]):,.0f} | {med(ratios):.2f}× ({', '.join(f'{x:.2f}' for x in ratios)}) "
                 f"| {med([x for x in (p99(l) for _, l in loads) if x is not None]):.2f} "
                 f"| {med([x for x in (cpu(l, r['clk_tck']) for r, l in loads) if x]):.1f} |")
    print(line)
PY
