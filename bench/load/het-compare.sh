#!/usr/bin/env bash
# The heterogeneous scenario for real and in `fulcrum simulate`, side by side: does the simulation predict what the
# live proxy does? Three `fulcrum backend`s (concurrency 8, capacity 64), one Fulcrum, bench/LoadGen at a fixed rate;
# then the same scenario in virtual time (service = the backend's latency + 1 ms, Task.Delay's lateness; fixed
# arrivals). Prints one line per run: policy, b3's share and p50/p90/p99, real then simulated. 127.0.0.1 only.
#
#   bash bench/load/het-compare.sh                       peak-ewma { choices: 3, parallelism: 16 } at 200/200/400 ms, 70 req/s
#   HET_LATENCIES_MS="10 10 20" HET_RATE=1400 bash bench/load/het-compare.sh     the load bench's own scale
#   HET_POLICY="least-requests" HET_SETTINGS="" ...       another policy (HET_SETTINGS: YAML lines under the cluster)
#   HET_DURATION=30 HET_WARMUP=3 HET_FULCRUM_DLL=PATH      measured seconds, LoadGen warm-up, a prebuilt fulcrum.dll
#
# Long service times keep the comparison meaningful on a busy machine: CPU contention adds milliseconds to every
# response, which at 10 ms service changes what the picker sees. Every process started here is stopped on exit.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"

read -r -a LATS <<<"${HET_LATENCIES_MS:-200 200 400}"
RATE=${HET_RATE:-70}
DURATION=${HET_DURATION:-30}
WARMUP=${HET_WARMUP:-3}
POLICY=${HET_POLICY:-peak-ewma}
SETTINGS=${HET_SETTINGS-"peak-ewma: { choices: 3, parallelism: 16 }"}
WORK=$(mktemp -d /tmp/fulcrum-het-compare.XXXXXX)
LOGS=$WORK
trap stop_all EXIT

DLL=${HET_FULCRUM_DLL:-}
if [ -z "$DLL" ]; then
  log "building Fulcrum and LoadGen (Release)"
  dotnet build "$ROOT/src/Fulcrum" -c Release -nologo -v q -o "$WORK/fulcrum" >"$WORK/build.log" 2>&1 || { tail -n 20 "$WORK/build.log"; exit 1; }
  DLL="$WORK/fulcrum/fulcrum.dll"
fi
dotnet build "$ROOT/bench/LoadGen" -c Release -nologo -v q -o "$WORK/loadgen" >"$WORK/build-loadgen.log" 2>&1 || { tail -n 20 "$WORK/build-loadgen.log"; exit 1; }

read -r -a ports <<<"$(free_ports 5)"
for i in 0 1 2; do
  start_bg "b$((i + 1))" dotnet "$DLL" backend --port "${ports[$i]}" --name "b$((i + 1))" --latency "${LATS[$i]}ms" --concurrency 8 --capacity 64
done
settings_block=""
[ -z "$SETTINGS" ] || settings_block="    $SETTINGS"
cat >"$WORK/fulcrum.yaml" <<YAML
listen: [http://127.0.0.1:${ports[3]}]
admin:
  listen: http://127.0.0.1:${ports[4]}
routes:
  - name: bench
    match: { path: "/{**rest}" }
    cluster: bench
clusters:
  bench:
    policy: $POLICY
$settings_block
    destinations:
      b1: { address: "http://127.0.0.1:${ports[0]}" }
      b2: { address: "http://127.0.0.1:${ports[1]}" }
      b3: { address: "http://127.0.0.1:${ports[2]}" }
journal: { path: $WORK/journal.db }
YAML
for i in 0 1 2; do WAIT_HTTP_SECONDS=120 wait_http "http://127.0.0.1:${ports[$i]}/health" "${STARTED_PIDS[$i]}" "b$((i + 1))"; done
start_bg proxy dotnet "$DLL" run -c "$WORK/fulcrum.yaml"
WAIT_HTTP_SECONDS=120 wait_http "http://127.0.0.1:${ports[3]}/" "$LAST_PID" proxy
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
timeout -k 5 $((WARMUP + DURATION + 40)) dotnet "$WORK/loadgen/LoadGen.dll" \
  --url "http://127.0.0.1:${ports[3]}/" --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" --warmup-rate $((RATE / 5 > 0 ? RATE / 5 : 1)) \
  --timeout 5 --count-header X-Backend --label real >"$WORK/real.json" 2>"$WORK/loadgen.err"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
stop_all

sigma_line() { printf '{ distribution: lognormal, mean: %sms, sigma: 0.05 }' "$(( $1 + 1 ))"; }
cat >"$WORK/scenario.yaml" <<YAML
seed: 1
requests: $((RATE * DURATION))
arrivals: { process: fixed, rate: $RATE }
cluster:
  name: bench
  policy: $POLICY
$(sed 's/^    /  /' <<<"$settings_block")
  destinations: { b1: {}, b2: {}, b3: {} }
defaults: { concurrency: 8, queue-limit: 56, service-time: $(sigma_line "${LATS[0]}") }
backends: { b2: { service-time: $(sigma_line "${LATS[1]}") }, b3: { service-time: $(sigma_line "${LATS[2]}") } }
YAML
dotnet "$DLL" simulate --scenario "$WORK/scenario.yaml" >"$WORK/simulated.txt"

python3 - "$WORK/real.json" "$WORK/simulated.txt" "$POLICY $SETTINGS" "$load_before" "$load_after" <<'PY'
import json, re, sys
real = json.load(open(sys.argv[1]))
counts = real["byHeader"]; served = sum(v for k, v in counts.items() if k.startswith("b"))
ok = real["okLatencyMs"]
print(f"{sys.argv[3]}: real b3 {100 * counts.get('b3', 0) / max(served, 1):.1f} %, p50/p90/p99 {ok['p50']:.1f}/{ok['p90']:.1f}/{ok['p99']:.1f} ms, "
      f"error rate {100 * real['errorRate']:.2f} %, generator lag {real['maxSendLagMs']:.0f} ms, load {sys.argv[4]} -> {sys.argv[5]}")
text = open(sys.argv[2]).read()
b3 = re.search(r"^b3\s+\S+\s+\S+\s+(\S+)", text, re.M).group(1)
lat = re.search(r"latency p50 ([^,\s]+), p99 ([^,\s]+)", text)
print(f"{sys.argv[3]}: simulated b3 {b3}, p50/p99 {lat.group(1)}/{lat.group(2)}")
PY
log "work dir $WORK (fulcrum.yaml, scenario.yaml, real.json, simulated.txt, logs)"
