#!/usr/bin/env bash
# Interleaved A/B of throughput targets of bench/load/run.sh (any KIND of proxies.sh), each from a build directory of
# its own, over the same three `fulcrum backend`s: CPU µs per request (process user+system time from /proc over a
# fixed wrk run: less sensitive to the machine's load than req/s), req/s and p99. Issue 13: what AddFulcrum() costs over plain YARP, and before/after of a library change.
#
#   bash bench/load/targets.sh "NAME|KIND|POLICY|BUILD[|ENV]" "NAME|KIND|POLICY|BUILD[|ENV]" ...
#     KIND: yarp | yarp-fulcrum | embedded | fulcrum | fulcrum-nomon (proxies.sh); POLICY as there (RoundRobin for
#     yarp, Fulcrum.RoundRobin for yarp-fulcrum and embedded, round-robin for fulcrum); BUILD: a directory holding
#     `dotnet publish` outputs named as run.sh names them: fulcrum/ (src/Fulcrum), embedded/ (samples/embedded),
#     yarp/ (bench/PlainYarp). ENV: VAR=VALUE,VAR=VALUE for that proxy only (DOTNET_gcServer=0,
#     Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics=None). The first variant is the baseline; the
#     backends come from its BUILD/fulcrum.
#   T_ROUNDS=N T_DURATION=S T_WARMUP=S T_CONNECTIONS=C   (defaults 5, 8, 3, 64)
#   Bytes allocated per request: not here (dotnet-counters' rate over wrk's average rate scattered by 2x at load
#   50); BenchmarkDotNet's Allocated column is exact (RequestPathBenchmarks, MetricsRecordBenchmarks).
# Raw lines in bench/load/results/targets.jsonl. Every process it starts is stopped on exit; every load is bounded.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"
# shellcheck source=proxies.sh
source "$HERE/proxies.sh"

ROUNDS=${T_ROUNDS:-5}
DURATION=${T_DURATION:-8}
WARMUP=${T_WARMUP:-3}
CONNECTIONS=${T_CONNECTIONS:-64}
[ $# -ge 2 ] || { echo "usage: targets.sh \"NAME|KIND|POLICY|BUILD\" \"NAME|KIND|POLICY|BUILD\" ..." >&2; exit 2; }

WORK=$(mktemp -d /tmp/fulcrum-targets.XXXXXX)
LOGS="$WORK/logs"
mkdir -p "$LOGS" "$HERE/results"
OUT="$HERE/results/targets.jsonl"
trap 'stop_all' EXIT
trap 'exit 130' INT TERM
ulimit -n 65536 2>/dev/null || true

IFS='|' read -r _ _ _ first_build <<<"$1"
BUILD=$(cd "$first_build" && pwd)
start_backends tg "- - -" "- - -" "- - -"

names=(); ports=(); pids=()
for spec in "$@"; do
  IFS='|' read -r name kind policy build envs <<<"$spec"
  BUILD=$(cd "$build" && pwd)
  port=$(free_ports 1)
  START_ENV=()
  [ -z "$envs" ] || IFS=',' read -r -a START_ENV <<<"$envs"
  start_proxy "tg-$name" "$kind" "$policy" "$port" "${BACKEND_PORTS[@]}" || exit 1
  START_ENV=()
  names+=("$name"); ports+=("$port"); pids+=("$LAST_PID")
done

wrk_json() {
  timeout -k 5 $(($2 + 30)) wrk -t1 -c"$CONNECTIONS" -d"$2s" --latency -s "$HERE/wrk-report.lua" \
    "http://127.0.0.1:$1/" 2>/dev/null | sed -n 's/^WRKJSON //p' || true
}

log "load average $(cut -d' ' -f1-3 /proc/loadavg); variants ${names[*]}; $ROUNDS rounds of ${DURATION}s at -c$CONNECTIONS"
for i in "${!names[@]}"; do wrk_json "${ports[$i]}" "$WARMUP" >/dev/null; done
: >"$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!names[@]}"; do
    before=$(cpu_ticks "${pids[$i]}")
    result=$(wrk_json "${ports[$i]}" "$DURATION")
    after=$(cpu_ticks "${pids[$i]}")
    printf '{"round":%d,"variant":"%s","cpu_ticks":%d,"clk_tck":%d,"loadavg":"%s","wrk":%s}\n' \
      "$round" "${names[$i]}" $((after - before)) "$(getconf CLK_TCK)" "$(cut -d' ' -f1-3 /proc/loadavg)" "${result:-null}" >>"$OUT"
  done
  log "round $round done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
done

log "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$OUT" "${names[@]}" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
names = sys.argv[2:]
rps = lambda r: r["wrk"]["requests"] / (r["wrk"]["duration_us"] / 1e6)
cpu = lambda r: r["cpu_ticks"] / r["clk_tck"] * 1e6 / r["wrk"]["requests"]
timed = [r for r in rows if r["wrk"] and r["wrk"]["requests"]]
base = {r["round"]: r for r in timed if r["variant"] == names[0]}
print(f"| variant | CPU µs/req median (min–max) | CPU vs {names[0]} (median of per-round ratios, min–max) | req/s median (min–max) | req/s vs {names[0]} | p99 ms |")
print("|---|---|---|---|---|---:|")
for name in names:
    rs = [r for r in timed if r["variant"] == name]
    if not rs:
        print(f"| {name} | no result | | | | |"); continue
    c, v = [cpu(r) for r in rs], [rps(r) for r in rs]
    cr = [cpu(r) / cpu(base[r["round"]]) for r in rs if r["round"] in base]
    vr = [rps(r) / rps(base[r["round"]]) for r in rs if r["round"] in base]
    print(f"| {name} | {statistics.median(c):.1f} ({min(c):.1f}–{max(c):.1f}) | {statistics.median(cr):.3f}× ({min(cr):.2f}–{max(cr):.2f}) "
          f"| {statistics.median(v):,.0f} ({min(v):,.0f}–{max(v):,.0f}) | {statistics.median(vr):.3f}× ({min(vr):.2f}–{max(vr):.2f}) "
          f"| {statistics.median(r['wrk']['p99_us'] / 1000 for r in rs):.2f} |")
PY
