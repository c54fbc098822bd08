#!/usr/bin/env python3
"""report.py STORM_JSONL APPLY_JSONL LOAD_START LOAD_END: the Markdown summary of bench/reload/run.sh."""
import json
import statistics
import sys

storm = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
apply = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8") if line.strip()]
load_start, load_end = sys.argv[3], sys.argv[4]


def rps(row):
    return row["wrk"]["requests"] / (row["wrk"]["duration_us"] / 1e6)


def errors(row):
    w = row["wrk"]
    return w["connect_errors"] + w["read_errors"] + w["write_errors"] + w["status_errors"] + w["timeouts"]


print(f"Load average at start {load_start}, at end {load_end}.\n")
print("| round | quiet req/s | storm req/s | ratio | quiet p99 | storm p99 | reloads applied | errors |")
print("|---|---|---|---|---|---|---|---|")
ratios, quiet_p99, storm_p99 = [], [], []
for r in sorted({row["round"] for row in storm}):
    q = next((x for x in storm if x["round"] == r and x["mode"] == "quiet"), None)
    s = next((x for x in storm if x["round"] == r and x["mode"] == "storm"), None)
    if not q or not s:
        continue
    ratio = rps(s) / rps(q)
    ratios.append(ratio)
    quiet_p99.append(q["wrk"]["p99_us"] / 1000)
    storm_p99.append(s["wrk"]["p99_us"] / 1000)
    print(f"| {r} | {rps(q):,.0f} | {rps(s):,.0f} | {ratio:.3f} | {quiet_p99[-1]:.1f} ms | {storm_p99[-1]:.1f} ms "
          f"| {s['reloads']} (of 50 writes) | {errors(q)} / {errors(s)} |")
if ratios:
    print(f"\nMedian throughput ratio storm/quiet: **{statistics.median(ratios):.3f}** "
          f"(min–max {min(ratios):.3f}–{max(ratios):.3f}); median p99 {statistics.median(quiet_p99):.1f} ms quiet, "
          f"{statistics.median(storm_p99):.1f} ms storm.\n")

for row in apply:
    ms = [m for m in row["ms"] if m is not None]
    missing = len(row["ms"]) - len(ms)
    what = ("POST /api/config, answer after YARP applied" if row["kind"] == "api"
            else "file write → \"config applied\" log line (includes the 250 ms coalescing quiet)")
    extra = f", statuses {sorted(set(row['statuses']))}" if "statuses" in row else ""
    extra += f", {missing} not applied within 30 s" if missing else ""
    if ms:
        print(f"- {row['destinations']:,} destinations, {what}: median **{statistics.median(ms):.0f} ms**, "
              f"min–max {min(ms):.0f}–{max(ms):.0f} ms over {len(ms)} runs{extra}.")
