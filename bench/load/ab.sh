#!/usr/bin/env bash
# Interleaved A/B of `fulcrum run` variants, side by side over the same three backends (issue 13: every changed
# default gets a before/after line). Each variant is a published Fulcrum directory, extra `run` flags and
# environment; all are started together, rest AB_IDLE seconds (idle RSS), get a wrk warm-up each, then AB_ROUNDS
# rounds of wrk -t1 -cC for AB_DURATION seconds, variants alternating within each round (so the machine's swings
# hit all of them alike). Prints median req/s (min–max), the ratio to the first variant (median of per-round
# ratios), p99, CPU µs per request, idle and peak RSS.
#
#   bash bench/load/ab.sh "NAME|DIR|FLAGS|ENV" "NAME|DIR|FLAGS|ENV" ...
#     DIR: a `dotnet publish` output of src/Fulcrum; FLAGS: extra `fulcrum run` flags (space separated);
#     ENV: VAR=VALUE,VAR=VALUE for that process only. The first variant is the baseline.
#   AB_ROUNDS=N AB_DURATION=S AB_WARMUP=S AB_IDLE=S AB_CONNECTIONS=C   (defaults 5, 8, 3, 5, 64)
#   AB_COUNTERS=1: also bytes allocated per request, from dotnet-counters (`dotnet tool install -g dotnet-counters`;
#   DOTNET_COUNTERS=PATH if not on PATH) over the middle of each round: the runtime's dotnet.gc.heap.total_allocated
#   divided by Fulcrum's own fulcrum_requests_total (its `Fulcrum` meter), both per 1 s interval of one session.
# Raw lines in bench/load/results/ab.jsonl. Every process it starts is stopped on exit; every load is bounded.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"
# shellcheck source=proxies.sh
source "$HERE/proxies.sh"

ROUNDS=${AB_ROUNDS:-5}
DURATION=${AB_DURATION:-8}
WARMUP=${AB_WARMUP:-3}
IDLE=${AB_IDLE:-5}
CONNECTIONS=${AB_CONNECTIONS:-64}
[ $# -ge 2 ] || { echo "usage: ab.sh \"NAME|DIR|FLAGS|ENV\" \"NAME|DIR|FLAGS|ENV\" ..." >&2; exit 2; }

WORK=$(mktemp -d /tmp/fulcrum-ab.XXXXXX)
LOGS="$WORK/logs"
BUILD="$WORK/build"
mkdir -p "$LOGS" "$BUILD" "$HERE/results"
OUT="$HERE/results/ab.jsonl"
trap 'stop_all' EXIT
trap 'exit 130' INT TERM

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# The backends come from the first variant's build.
IFS='|' read -r _ first_dir _ _ <<<"$1"
ln -sfn "$(cd "$first_dir" && pwd)" "$BUILD/fulcrum"
start_backends ab "- - -" "- - -" "- - -"

names=(); ports=(); pids=()
for spec in "$@"; do
  IFS='|' read -r name dir flags envs <<<"$spec"
  port=$(free_ports 1)
  admin=$(free_ports 1)
  mkdir -p "$WORK/$name"
  python3 "$HERE/render.py" "$HERE/fulcrum.yaml.tmpl" "$WORK/$name/fulcrum.yaml" \
    PORT="$port" ADMIN_PORT="$admin" POLICY=round-robin JOURNAL="$WORK/$name/journal.db" FAIRNESS_WINDOW=30s FAIRNESS_FOR=30s \
    DESTINATIONS="$(backend_lines '      %s: { address: "http://127.0.0.1:%d", weight: 1 }' "${BACKEND_PORTS[@]}")"
  vars=()
  [ -z "$envs" ] || IFS=',' read -r -a vars <<<"$envs"
  # shellcheck disable=SC2086 # flags are words on purpose
  start_bg "ab-$name" env "${vars[@]}" dotnet "$(cd "$dir" && pwd)/fulcrum.dll" run -c "$WORK/$name/fulcrum.yaml" $flags
  wait_http "http://127.0.0.1:$port/" "$LAST_PID" "ab-$name" || exit 1
  names+=("$name"); ports+=("$port"); pids+=("$LAST_PID")
done
sleep "$IDLE"
idle=()
for pid in "${pids[@]}"; do idle+=("$(rss_kb "$pid")"); done
log "load average $(cut -d' ' -f1-3 /proc/loadavg); variants ${names[*]}; $ROUNDS rounds of ${DURATION}s at -c$CONNECTIONS"
for i in "${!names[@]}"; do
  timeout -k 5 $((WARMUP + 30)) wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:${ports[$i]}/" >/dev/null 2>&1 || true
done
: >"$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!names[@]}"; do
    counters=""
    if [ "${AB_COUNTERS:-0}" = 1 ]; then
      counters="$WORK/counters-$round-$i.json"
      ( sleep 1; timeout -k 5 $((DURATION + 30)) "${DOTNET_COUNTERS:-dotnet-counters}" collect -p "${pids[$i]}" \
          --counters "System.Runtime[dotnet.gc.heap.total_allocated],Fulcrum[fulcrum_requests_total]" --refresh-interval 1 \
          --duration "00:00:$(printf '%02d' $((DURATION > 4 ? DURATION - 3 : 1)))" --format json -o "$counters" \
          >>"$LOGS/counters.log" 2>&1 || true ) &
      counters_pid=$!
    fi
    before=$(cpu_ticks "${pids[$i]}")
    result=$(timeout -k 5 $((DURATION + 30)) wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$HERE/wrk-report.lua" \
      "http://127.0.0.1:${ports[$i]}/" 2>/dev/null | sed -n 's/^WRKJSON //p' || true)
    after=$(cpu_ticks "${pids[$i]}")
    alloc=null
    if [ -n "$counters" ]; then
      wait "$counters_pid" || true
      alloc=$(python3 -c '
import json, sys
try:
    events = json.load(open(sys.argv[1]))["Events"]
except (OSError, ValueError, KeyError):
    print("null"); sys.exit()
total = lambda prefix: sum(e["value"] for e in events if e["name"].startswith(prefix))
requests = total("fulcrum_requests_total")
print(round(total("dotnet.gc.heap.total_allocated") / requests) if requests else "null")' "$counters")
    fi
    printf '{"round":%d,"variant":"%s","idle_rss_kb":%d,"peak_rss_kb":%d,"cpu_ticks":%d,"clk_tck":%d,"alloc_bytes_per_request":%s,"loadavg":"%s","wrk":%s}\n' \
      "$round" "${names[$i]}" "${idle[$i]}" "$(peak_rss_kb "${pids[$i]}")" $((after - before)) "$(getconf CLK_TCK)" "$alloc" \
      "$(cut -d' ' -f1-3 /proc/loadavg)" "${result:-null}" >>"$OUT"
  done
  log "round $round done"
done
log "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$OUT" "${names[@]}" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
names = sys.argv[2:]
rps = lambda r: r["wrk"]["requests"] / (r["wrk"]["duration_us"] / 1e6) if r["wrk"] else None
base = {r["round"]: rps(r) for r in rows if r["variant"] == names[0]}
print("| variant | req/s median (min–max) | vs " + names[0] + " (median of per-round ratios) | p99 ms | CPU µs/req | alloc B/req | idle RSS MB | peak RSS MB |")
print("|---|---|---|---:|---:|---:|---:|---:|")
for name in names:
    rs = [r for r in rows if r["variant"] == name and r["wrk"]]
    if not rs:
        print(f"| {name} | no result | | | | | |"); continue
    v = [rps(r) for r in rs]
    ratios = [rps(r) / base[r["round"]] for r in rs if base.get(r["round"])]
    cpu = [r["cpu_ticks"] / r["clk_tck"] * 1e6 / r["wrk"]["requests"] for r in rs if r["wrk"]["requests"]]
    alloc = [r["alloc_bytes_per_request"] for r in rs if r.get("alloc_bytes_per_request")]
    print(f"| {name} | {statistics.median(v):,.0f} ({min(v):,.0f}–{max(v):,.0f}) | {statistics.median(ratios):.3f}× "
          f"({min(ratios):.2f}–{max(ratios):.2f}) | {statistics.median(r['wrk']['p99_us'] / 1000 for r in rs):.2f} "
          f"| {statistics.median(cpu):.1f} | {f'{statistics.median(alloc):,.0f}' if alloc else '—'} "
          f"| {rs[0]['idle_rss_kb'] / 1024:.0f} | {max(r['peak_rss_kb'] for r in rs) / 1024:.0f} |")
PY
