#!/usr/bin/env bash
# Start time of `fulcrum run`: from process start to the first proxied 200 and to the admin /healthz "ok".
#
#   bash bench/startup/run.sh [RUNS]             builds src/Fulcrum (Release) and starts it RUNS times (default 10)
#   BENCH_FULCRUM=/path/to/fulcrum               a prebuilt fulcrum apphost instead of building
#   BENCH_COMPARE=/path/to/other/fulcrum         also measure another build (e.g. an older commit); the two take turns
#
# 127.0.0.1 only; free ports picked for every start; one real backend (a Python HTTP server inside the measuring
# process); a small fulcrum.yaml (one route, one cluster, one destination) and a fresh journal per start. Each start
# waits at most 60 s; fulcrum is stopped after each measurement (SIGTERM, SIGKILL after 5 s). Bounded: RUNS starts
# per build. Prints the median and min-max of both times, and the raw first-200 times.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUNS=${1:-10}

if [ -z "${BENCH_FULCRUM:-}" ]; then
  dotnet build "$ROOT/src/Fulcrum/Fulcrum.csproj" -c Release -nologo -v q >/dev/null
  BENCH_FULCRUM="$ROOT/src/Fulcrum/bin/Release/net10.0/fulcrum"
fi
TARGETS=("this=$BENCH_FULCRUM")
if [ -n "${BENCH_COMPARE:-}" ]; then
  TARGETS+=("compare=$BENCH_COMPARE")
fi
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
timeout $((RUNS * ${#TARGETS[@]} * 70 + 30)) python3 "$HERE/startup.py" "$RUNS" "${TARGETS[@]}"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
