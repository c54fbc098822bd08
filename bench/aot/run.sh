#!/usr/bin/env bash
# Native AOT `fulcrum` beside the JIT single-file (issue 13, goals 3 and 6): does it work, how fast does it start,
# how much memory does it hold, how much does it serve.
#
#   bash bench/aot/run.sh [RUNS]          publishes both profiles from this tree (AOT: 10-40 min on 2 cores), RUNS starts each (default 10)
#   AOT_DIR=DIR JIT_DIR=DIR bash bench/aot/run.sh   prebuilt outputs of -p:PublishProfile=linux-x64-aot and =linux-x64
#   AOT_SMOKE_ONLY=1                      only the smoke run of the AOT build (no start time, memory or wrk)
#
# 1. Smoke, AOT build only: `fulcrum rules`, `audit` and `validate` of samples/fulcrum.yaml; `fulcrum demo` on free
#    127.0.0.1 ports: a proxied 200, every admin GET (/api/clusters, /api/alerts, /api/events, /api/config/serving,
#    /api/audit/live, /metrics) answers 200 with JSON (or Prometheus text), a bad ?since= answers 400 JSON; then
#    `fulcrum run` of a one-backend config: a proxied 200, POST /api/audit, and after it stops `fulcrum timeline` and
#    `postmortem` of its journal. Any failure stops the script (exit 1).
# 2. Start time: bench/startup/startup.py RUNS jit=... aot=... (process start to the first proxied 200; the two
#    take turns).
# 3. Memory and throughput: bench/load/memory.sh, shipped setting only, the two builds taking turns for AOT_ROUNDS
#    rounds (default 3): idle RSS 5 s after the first answer, then wrk -t1 at 64 and at 256 connections
#    (AOT_WRK_SECONDS each, default 8): req/s, p99, CPU per request, then peak RSS.
# The host tests that start the `fulcrum` process can run against the AOT build too (FULCRUM_EXE; docs/operations.md):
#   FULCRUM_EXE=DIR/fulcrum dotnet test tests/Fulcrum.Tests -c Release --filter "FullyQualifiedName~Fulcrum.Tests.Cli|..."
# Every process it starts is stopped on exit; the demo and every wait are bounded by timeouts.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUNS=${1:-10}
WORK=$(mktemp -d /tmp/fulcrum-aot.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "[aot $(date -u +%H:%M:%S)] $*"; }
fail() { echo "[aot] FAILED: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

publish() { # publish PROFILE DIR
  say "publishing $1 (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  local started=$SECONDS
  dotnet publish "$ROOT/src/Fulcrum" -p:PublishProfile="$1" -o "$2" -nologo -v q >"$WORK/publish-$1.log" 2>&1 \
    || { tail -n 30 "$WORK/publish-$1.log" >&2; fail "publish $1"; }
  say "published $1 in $((SECONDS - started)) s: $(du -sh "$2" | cut -f1)"
}
# One after the other: both write the same obj/Release/linux-x64 folders.
[ -n "${AOT_DIR:-}" ] || { AOT_DIR="$WORK/aot"; publish linux-x64-aot "$AOT_DIR"; }
[ -n "${JIT_DIR:-}" ] || [ -n "${AOT_SMOKE_ONLY:-}" ] || { JIT_DIR="$WORK/jit"; publish linux-x64 "$JIT_DIR"; }
AOT=$(cd "$AOT_DIR" && pwd)/fulcrum
[ -x "$AOT" ] || fail "$AOT is not an executable"

# --- 1. smoke ---------------------------------------------------------------------------------------------------
expect() { # expect STATUS URL [grep-pattern]: GET, check the status and (optionally) the body
  local status body
  body=$(curl -s -m 10 -o - -w '\n%{http_code}' "$2") || fail "GET $2"
  status=${body##*$'\n'}
  body=${body%$'\n'*}
  [ "$status" = "$1" ] || fail "GET $2 answered $status, expected $1: ${body:0:300}"
  if [ -n "${3:-}" ] && ! grep -qE -- "$3" <<<"$body"; then fail "GET $2: body does not match '$3': ${body:0:300}"; fi
  say "GET $2 -> $status"
}
cd "$WORK"
"$AOT" rules >/dev/null || fail "fulcrum rules"
"$AOT" validate -c "$ROOT/samples/fulcrum.yaml" >/dev/null || fail "fulcrum validate samples/fulcrum.yaml"
code=0; "$AOT" audit -c "$ROOT/samples/fulcrum.yaml" -f json >"$WORK/audit.json" || code=$?
[ "$code" -le 1 ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/audit.json" || fail "fulcrum audit -f json (exit $code)"
say "fulcrum rules, validate, audit -f json (exit $code): ok"

proxy=$(free_port); admin=$(free_port)
timeout -k 5 120 "$AOT" demo --listen "http://127.0.0.1:$proxy" --admin "http://127.0.0.1:$admin" --rate 40 >"$WORK/demo.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do
  [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$proxy/" || true)" = 200 ] && break
  sleep 0.1
done
expect 200 "http://127.0.0.1:$proxy/"
sleep 3 # the demo's own traffic fills the monitor's window
expect 200 "http://127.0.0.1:$admin/api/clusters" '"destinations":\[\{"name":'
expect 200 "http://127.0.0.1:$admin/api/alerts" '^\['
expect 200 "http://127.0.0.1:$admin/api/events" '"kind":"process.started"'
expect 200 "http://127.0.0.1:$admin/api/config/serving" '"sha256":"[0-9a-f]{64}"'
expect 200 "http://127.0.0.1:$admin/api/audit/live" '"findings"'
expect 400 "http://127.0.0.1:$admin/api/events?since=yesterday" '^\{"error":'
expect 200 "http://127.0.0.1:$admin/metrics" 'fulcrum_'
expect 200 "http://127.0.0.1:$admin/" '<html'
kill "${PIDS[-1]}" 2>/dev/null; wait "${PIDS[-1]}" 2>/dev/null || true
if grep -qiE 'crit:|unhandled exception|Reflection-based serialization' "$WORK/demo.log"; then
  fail "the demo logged a failure: $(grep -iE 'crit:|unhandled|Reflection' "$WORK/demo.log" | head -3)"
fi
say "fulcrum demo and its admin API: ok"

# `fulcrum run` of a config of our own (journal in WORK), a proxied request, a posted audit, then the journal's views.
backend=$(free_port); proxy=$(free_port); admin=$(free_port)
timeout -k 5 120 "$AOT" backend --port "$backend" >"$WORK/backend.log" 2>&1 &
PIDS+=($!)
cat >"$WORK/fulcrum.yaml" <<YAML
listen: [http://127.0.0.1:$proxy]
admin:
  listen: http://127.0.0.1:$admin
routes:
  - name: web
    match: { path: "/{**rest}" }
    cluster: web
clusters:
  web:
    policy: round-robin
    destinations:
      a: { address: http://127.0.0.1:$backend }
journal: { path: $WORK/journal.db }
YAML
timeout -k 5 120 "$AOT" run -c "$WORK/fulcrum.yaml" >"$WORK/run.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do
  [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$proxy/" || true)" = 200 ] && break
  sleep 0.1
done
expect 200 "http://127.0.0.1:$proxy/"
audit=$(curl -s -m 30 -H 'Content-Type: application/yaml' --data-binary @"$WORK/fulcrum.yaml" "http://127.0.0.1:$admin/api/audit")
grep -q '"applied":false,"forced":false' <<<"$audit" || fail "POST /api/audit: ${audit:0:300}"
say "POST /api/audit -> ${audit:0:80}..."
kill -TERM "${PIDS[-1]}" 2>/dev/null; wait "${PIDS[-1]}" 2>/dev/null || true
if grep -qiE 'crit:|unhandled exception|Reflection-based serialization' "$WORK/run.log"; then
  fail "fulcrum run logged a failure: $(grep -iE 'crit:|unhandled|Reflection' "$WORK/run.log" | head -3)"
fi
"$AOT" timeline -c "$WORK/fulcrum.yaml" --since -1h >"$WORK/timeline.txt" || fail "fulcrum timeline"
grep -q "fulcrum started" "$WORK/timeline.txt" || fail "timeline lacks the start: $(head -5 "$WORK/timeline.txt")"
"$AOT" postmortem -c "$WORK/fulcrum.yaml" --since -1h >"$WORK/postmortem.md" || fail "fulcrum postmortem"
say "fulcrum run, a proxied request, POST /api/audit, timeline, postmortem: ok"
[ -z "${AOT_SMOKE_ONLY:-}" ] || exit 0

# --- 2. start time ----------------------------------------------------------------------------------------------
JIT=$(cd "$JIT_DIR" && pwd)/fulcrum
say "start time, $RUNS starts each; load average $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
timeout $((RUNS * 2 * 70 + 30)) python3 "$ROOT/bench/startup/startup.py" "$RUNS" "jit=$JIT" "aot=$AOT"

# --- 3. idle RSS, peak RSS, req/s -------------------------------------------------------------------------------
say "memory and throughput: jit and aot taking turns, ${AOT_ROUNDS:-3} round(s)"
MEM_BUILDS="jit=$JIT_DIR aot=$AOT_DIR" MEM_SETTINGS=default MEM_ROUNDS="${AOT_ROUNDS:-3}" MEM_DURATION="${AOT_WRK_SECONDS:-8}" \
  MEM_WARMUP=3 MEM_CONNECTIONS="64 256" bash "$ROOT/bench/load/memory.sh"
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
