"""Summarises bench/fairness/run.sh's two phases as Markdown tables (stdout)."""
import argparse
import json
import re
from collections import Counter
from datetime import datetime

parser = argparse.ArgumentParser()
for name in ("policies", "fair", "biased", "fair-load", "biased-load", "pushed", "since", "warm", "loadavg"):
    parser.add_argument("--" + name, required=True)
args = parser.parse_args()
policies = args.policies.split()
DEADLINE = 30 + 30 + 1  # fairness.window + fairness.for (defaults) + one evaluation of the alert engine


def when(text):
    # The admin API writes 7 fractional digits, `date +%N` 9: Python reads at most 6.
    return datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", text.replace("Z", "+00:00"))) if text else None


def read(prefix):
    alerts = json.load(open(prefix + "-alerts.json"))
    polls = [json.loads(line) for line in open(prefix + "-clusters.jsonl")]
    return alerts, polls


def loadgen(path):
    try:
        report = json.load(open(path))
    except (OSError, ValueError):
        return "LoadGen gave no report"
    return (f"{report['sent']} requests sent at {report['achievedRate']} req/s, {report['ok']} ok, "
            f"error rate {report['errorRate']:.2%}, p50 {report['latencyMs']['p50']} ms, p99 {report['latencyMs']['p99']} ms")


def cluster(poll, name):
    return next((c for c in poll["clusters"] if c["name"] == name), None)


def shares(c):
    return ", ".join(f"{d['name']} {d['actualShare']:.0%} (exp. {d['expectedShare']:.0%})" for d in c["destinations"])


print(f"load average {args.loadavg}\n")
alerts, polls = read(args.fair)
since = when(args.since)
print(f"### Phase 1: every policy over f 20 ms, m 40 ms, s 80 ms, nothing overloaded\n")
print(loadgen(args.fair_load) + "\n")
print(f"Measured from {args.since}; the warm-up began at {args.warm}. Alerts are counted by when their condition began.\n")
print("| policy | imbalance alerts (pending only / fired) | imbalance in warm-up | other alerts | verdicts over the polls | last shares (expected) | Jain | promise |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for policy in policies:
    mine = [a for a in alerts if a["cluster"] == policy and when(a["since"]) >= since]
    warm = [a for a in alerts if a["cluster"] == policy and a["name"] == "imbalance" and when(a["since"]) < since]
    imbalance = [a for a in mine if a["name"] == "imbalance"]
    fired = [a for a in imbalance if a["firedAt"]]
    others = ", ".join(f"{a['name']} {a['state']}" for a in mine if a["name"] != "imbalance") or "none"
    verdicts = Counter(cluster(p, policy)["verdict"]["state"] for p in polls
                       if cluster(p, policy) and p["time"] >= since.timestamp())
    last = cluster(polls[-1], policy)
    jain = f"{last['fairnessIndex']:.3f}" if last and last["fairnessIndex"] is not None else "-"
    print(f"| {policy} | {len(imbalance) - len(fired)} / {len(fired)} | {len(warm)} | {others} | "
          f"{', '.join(f'{k} {v}' for k, v in sorted(verdicts.items()))} | {shares(last) if last else '-'} | {jain} | "
          f"{last['promise'] if last else '-'} |")
for a in alerts:
    if a["name"] == "imbalance":
        print(f"\n- {a['cluster']}: {a['state']} since {a['since']}"
              f"{' (warm-up)' if when(a['since']) < since else ''}: {a['summary']}")

alerts, polls = read(args.biased)
pushed = when(args.pushed)
print(f"\n### Phase 2: biased config forced at {args.pushed} (s favored in every cluster)\n")
print(loadgen(args.biased_load) + "\n")
print(f"| policy | imbalance fired after the push | destination | signal | within window + for ({DEADLINE} s) | summary |")
print("| --- | --- | --- | --- | --- | --- |")
for policy in policies:
    fired = sorted((a for a in alerts if a["cluster"] == policy and a["name"] == "imbalance" and a["firedAt"]
                    and when(a["firedAt"]) >= pushed), key=lambda a: a["firedAt"])
    signals = [cluster(p, policy)["verdict"].get("signal") for p in polls if cluster(p, policy)
               and cluster(p, policy)["verdict"]["state"] == "skewed"]
    signal = Counter(s for s in signals if s).most_common(1)[0][0] if any(signals) else "-"
    if not fired:
        last = cluster(polls[-1], policy) if polls else None
        s = next((d for d in last["destinations"] if d["name"] == "s"), None) if last else None
        why = (f"s has {s['actualShare']:.0%} of the requests against a fair share of {s['fairShare']:.0%} "
               f"(error rate {s['errorRate']:.0%}): " if s else "")
        print(f"| {policy} | not fired | - | {signal} | no | {why}last verdict: {last['verdict']['summary'] if last else '-'} |")
        continue
    a = fired[0]
    after = (when(a["firedAt"]) - pushed).total_seconds()
    print(f"| {policy} | {after:.1f} s | {a['destination']} | {signal} | {'yes' if after <= DEADLINE else 'NO'} | {a['summary']} |")
