#!/usr/bin/env python3
"""Turns the raw results of bench/load/run.sh into CSV files and the load section of bench/RESULTS.md.

Reads RESULTS/throughput.jsonl, RESULTS/throughput-rss.jsonl and RESULTS/heterogeneous.jsonl; writes
RESULTS/throughput.csv, RESULTS/heterogeneous.csv (read by bench/Chart) and replaces what lies between
<!-- load:begin --> and <!-- load:end --> in the output file (appends the section if the markers are missing,
creates the file if it does not exist), so the sections other people write there are kept.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

BEGIN, END = "<!-- load:begin -->", "<!-- load:end -->"
TARGETS = ["direct", "fulcrum", "fulcrum-aot", "fulcrum-nomon", "embedded", "yarp-fulcrum", "yarp", "nginx", "haproxy"]
TARGET_NAMES = {
    "direct": "direct (no proxy)",
    "fulcrum": "Fulcrum, JIT (monitoring on)",
    "fulcrum-aot": "Fulcrum, Native AOT, the release build (monitoring on)",
    "fulcrum-nomon": "Fulcrum (--no-monitoring)",
    "embedded": "YARP app with AddFulcrum() (samples/embedded)",
    "yarp-fulcrum": "plain YARP + AddFulcrum()",
    "yarp": "plain YARP",
    "nginx": "NGINX",
    "haproxy": "HAProxy",
}


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def command_output(args):
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=20)
        return (done.stdout + done.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def versions(args):
    def first(pattern, text):
        m = re.search(pattern, text)
        return m.group(1) if m else "?"
    return {
        "dotnet": command_output(["dotnet", "--version"]) or "?",
        "nginx": first(r"nginx/(\S+)", command_output([args.nginx, "-v"])),
        "haproxy": first(r"version (\S+)", command_output([args.haproxy, "-v"])),
        "wrk": first(r"wrk (?:debian/)?(\S+)", command_output(["wrk", "-v"])),
        "fulcrum": command_output(["git", "-C", os.path.dirname(os.path.abspath(args.out)), "rev-parse", "--short", "HEAD"]) or "?",
        "yarp": package_version(os.path.join(os.path.dirname(os.path.abspath(args.out)), "..", "Directory.Packages.props"), "Yarp.ReverseProxy"),
    }


def package_version(props, package):
    try:
        text = open(props, encoding="utf-8").read()
    except OSError:
        return "?"
    m = re.search(r'Include="' + re.escape(package) + r'"\s+Version="([^"]+)"', text)
    return m.group(1) if m else "?"


def machine():
    cpu = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kb / 1024 / 1024, 1),
            "kernel": platform.release()}


def fmt(value, digits=1):
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    return f"{value:,.{digits}f}"


def ratio(value, base):
    return f"{value / base:.2f}×" if value and base else "—"


def throughput(results, rows, rss):
    """Aggregates the rounds: median req/s and median p50/p99 per (connections, target)."""
    peak = {r["target"]: r["peak_rss_kb"] for r in rss}
    table = {}
    for row in rows:
        w = row["wrk"]
        seconds = w["duration_us"] / 1e6
        errors = w["connect_errors"] + w["read_errors"] + w["write_errors"] + w["status_errors"] + w["timeouts"]
        cpu_us = row["cpu_ticks"] / row["clk_tck"] * 1e6
        entry = table.setdefault((row["connections"], row["target"]), {"rps": [], "p50": [], "p99": [], "errors": 0, "cpu_us_per_req": []})
        entry["rps"].append(w["requests"] / seconds)
        entry["p50"].append(w["p50_us"] / 1000)
        entry["p99"].append(w["p99_us"] / 1000)
        entry["errors"] += errors
        if w["requests"]:
            entry["cpu_us_per_req"].append(cpu_us / w["requests"])
    out = []
    for (connections, target), e in sorted(table.items(), key=lambda kv: (kv[0][0], TARGETS.index(kv[0][1]))):
        out.append({
            "connections": connections, "target": target, "rounds": len(e["rps"]),
            "rps_median": statistics.median(e["rps"]), "rps_min": min(e["rps"]), "rps_max": max(e["rps"]),
            "p50_ms": statistics.median(e["p50"]), "p99_ms": statistics.median(e["p99"]), "errors": e["errors"],
            "cpu_us_per_req": statistics.median(e["cpu_us_per_req"]) if e["cpu_us_per_req"] else None,
            "peak_rss_mb": peak[target] / 1024 if target in peak else None,
        })
    with open(os.path.join(results, "throughput.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(out[0].keys()) if out else ["connections"])
        writer.writeheader()
        writer.writerows(out)
    return out


def describe_alerts(alerts, proxy):
    """Fulcrum's alerts at the end of the run, as 'name destination (state)'; the others have none to give."""
    if proxy != "fulcrum":
        return "—"
    if alerts is None:
        return "n/a (no alerts API)"
    if not alerts:
        return "none"
    return "; ".join(f"{a.get('name', '?')} {a.get('destination') or a.get('cluster') or ''} ({a.get('state', '?')})".replace("  ", " ")
                     for a in alerts)


def heterogeneous(results, rows):
    out = []
    for row in rows:
        g = row["loadgen"]
        ok = g.get("okLatencyMs") or {}
        every = g.get("latencyMs") or {}
        by_backend = {k: v for k, v in (g.get("byHeader") or {}).items() if k != "(none)"}
        served = sum(by_backend.values())
        out.append({
            "proxy": row["proxy"], "policy": row["policy"], "rate": g["rate"], "scheduled": g["scheduled"],
            "ok": g["ok"], "error_rate": g["errorRate"],
            "p50_ms": ok.get("p50"), "p99_ms": ok.get("p99"), "p99_all_ms": every.get("p99"),
            "slow_share": by_backend.get(row["slow_backend"], 0) / served if served else None,
            "errors": ";".join(f"{k}={v}" for k, v in g["outcomes"].items() if not k.startswith("2")),
            "peak_rss_mb": row["peak_rss_kb"] / 1024, "max_send_lag_ms": g["maxSendLagMs"],
            "alerts": describe_alerts(row.get("alerts"), row["proxy"]),
        })
    # With more than one offered rate, the chart's label of a configuration names its rate.
    several = len({r["rate"] for r in out}) > 1
    with open(os.path.join(results, "heterogeneous.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(out[0].keys()) if out else ["proxy", "policy", "error_rate", "p50_ms", "p99_ms"])
        writer.writeheader()
        writer.writerows({**r, "policy": f"{r['policy']} @{r['rate']:g}"} if several else r for r in out)
    return out


def offered(args):
    """'1400 req/s (70 %, 83 % of the measured 1690) and ...' from --het-rate, --het-loads and --het-measured."""
    rates, loads, measured = args.het_rate.split(), args.het_loads.split(), float(args.het_measured)
    return ", ".join(f"{rate} req/s ({float(load) * 100:.0f} %; {100 * float(rate) / measured:.0f} % of the measured {measured:,.0f})"
                     for rate, load in zip(rates, loads))


def section(args, tp, het):
    v, m = versions(args), machine()
    today = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [BEGIN, "## Load: Fulcrum beside plain YARP, NGINX and HAProxy", ""]
    if args.mode != "full":
        lines += ["> **Quick validation run** (`FULCRUM_BENCH_QUICK=1`): one short round per target on a shared, busy",
                  "> machine. These numbers only show that the harness works; run `bash bench/load/run.sh` on a quiet",
                  "> machine for numbers worth reading.", ""]
    lines += [
        f"- **When**: {today}; mode `{args.mode}`; took {args.elapsed} s (estimate {args.estimate} s; {args.phases}).",
        f"- **Machine**: {m['cores']} cores, {m['cpu']}, {m['memory_gib']} GiB, Linux {m['kernel']}; "
        f"load average at start {args.load_start}. Load generator, proxy and backends share these cores.",
        f"- **Versions**: .NET SDK {v['dotnet']}, Fulcrum {v['fulcrum']} ({args.fulcrum_build}), YARP {v['yarp']}, NGINX {v['nginx']}, "
        f"HAProxy {v['haproxy']}, wrk {v['wrk']}.",
        "- **Reproduce**: `bash bench/load/run.sh` (raw results in `bench/load/results/`).",
        "",
        "### Throughput and latency",
        "",
        f"wrk -t{args.wrk_threads} (closed loop) against three `fulcrum backend`s (no service time): hit directly, and through",
        "each proxy round-robin over the three with keep-alive upstreams (NGINX `keepalive 512`, HAProxy",
        "`http-reuse always`, nbthread 2). Targets interleaved round by round "
        f"({args.rounds} round(s) of {args.wrk_duration} s after a {args.wrk_warmup} s warm-up per target);",
        "median req/s, median p50/p99. CPU is what the proxy process(es) used per request; peak RSS is VmHWM",
        "(NGINX: master + workers) after all rounds. \"YARP app with AddFulcrum()\" is samples/embedded (a plain YARP app",
        "plus `AddFulcrum()` and `UseFulcrum()`, monitoring on, the same cluster, fairness and journal as the `fulcrum`",
        "executable's config, ASP.NET's and YARP's defaults otherwise). \"plain YARP + AddFulcrum()\" is bench/PlainYarp",
        "itself (slim host, no loggers, workstation GC) plus exactly `AddFulcrum()`, `UseFulcrum()` and `MapFulcrumAdmin()`",
        "(`--fulcrum FILE.json`, the same Fulcrum settings): the like-for-like measure of what the library adds.",
        "",
    ]
    for connections in sorted({r["connections"] for r in tp}):
        rows = [r for r in tp if r["connections"] == connections]
        base = {r["target"]: r["rps_median"] for r in rows}
        lines += [f"**{connections} connections**", "",
                  "| target | req/s (median) | min–max | p50 ms | p99 ms | vs direct | vs plain YARP | errors | CPU µs/req | peak RSS MB |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in rows:
            proxy = r["target"] != "direct"
            lines.append(
                f"| {TARGET_NAMES[r['target']]} | {fmt(r['rps_median'], 0)} | {fmt(r['rps_min'], 0)}–{fmt(r['rps_max'], 0)} "
                f"| {fmt(r['p50_ms'], 2)} | {fmt(r['p99_ms'], 2)} | {ratio(r['rps_median'], base.get('direct'))} "
                f"| {ratio(r['rps_median'], base.get('yarp')) if proxy else '—'} | {r['errors']} "
                f"| {fmt(r['cpu_us_per_req'], 1) if proxy else '—'} | {fmt(r['peak_rss_mb'], 0) if proxy else '—'} |")
        lines.append("")
    # Native AOT is measured only when run.sh is given a publish of it (BENCH_FULCRUM_AOT_DIR): absent is not missing.
    missing = [t for t in TARGETS if t not in {r["target"] for r in tp} and t != "fulcrum-aot"]
    if missing:
        lines += [f"Not measured (left out by BENCH_TARGETS, or did not start: see the run's log): {', '.join(TARGET_NAMES[t] for t in missing)}.", ""]

    lines += [
        "### Heterogeneous backends",
        "",
        f"Three `fulcrum backend`s with `--concurrency {args.het_concurrency} --capacity {args.het_queue}` and service times "
        f"{args.het_backends.replace(' ', ', ')} ms:",
        f"total capacity {float(args.het_capacity):,.0f} req/s, the slow one (b3) taking half as much as each fast one.",
        f"An open-loop generator (`bench/LoadGen`) offers {offered(args)} for {args.het_duration} s after a "
        f"{args.het_warmup} s warm-up at a fifth of that, each configuration at each rate;",
        "latency counts from the scheduled send time (no coordinated omission). Backends are restarted for each",
        "configuration so queues start empty. An equal split sends the slow backend more than it can serve, so it queues",
        "up to its capacity and answers 503; a load-aware policy shifts traffic to the fast ones. Error rate is",
        "(scheduled − 2xx) / scheduled; \"b3 share\" is b3's share of the answers the backends served. Fulcrum runs with",
        "`fairness: { window: 10s, for: 5s }` here so that its imbalance alert can fire within a run; its alerts are read",
        "from `GET /api/alerts` at the end of the run.",
        "",
        "| offered req/s | proxy | policy | error rate | p50 ms (2xx) | p99 ms (2xx) | p99 ms (all) | b3 share | errors | peak RSS MB | Fulcrum's alerts |",
        "|---:|---|---|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for r in het:
        lines.append(
            f"| {r['rate']:g} | {r['proxy']} | {r['policy']} | {r['error_rate'] * 100:.2f} % | {fmt(r['p50_ms'], 1)} | {fmt(r['p99_ms'], 1)} "
            f"| {fmt(r['p99_all_ms'], 1)} | {fmt(r['slow_share'] * 100 if r['slow_share'] is not None else None, 1)} % "
            f"| {r['errors'] or '—'} | {fmt(r['peak_rss_mb'], 0)} | {r['alerts']} |")
    if het:
        worst = max(het, key=lambda r: r["max_send_lag_ms"])
        lines += ["", f"The generator's worst lag behind its schedule was {worst['max_send_lag_ms']:.1f} ms "
                  f"({worst['proxy']} {worst['policy']}); latencies include such lag, so it only ever makes a proxy look worse."]
    lines += [
        "",
        "![p99 latency and error rate per configuration of the heterogeneous scenario](load/heterogeneous.png)",
        "",
        "Notes:",
        "- `consistent-hash` and `maglev` are left out: without a hash key they are not meaningful here, and their",
        "  spread over distinct keys is the pickers' benchmark's business. `first-available` sends everything to b1.",
        "- The test backends' service time is a `Task.Delay`, which on Linux lands about 1 ms late: real capacity is",
        "  a little below the nominal one, so 70 % nominal is nearer 80 % real.",
        "- No proxy is told the backends' capacities (Fulcrum's `capacity:` is left out too): every policy has to find",
        "  the slow backend from what it sees.",
        END,
    ]
    return "\n".join(lines) + "\n"


def splice(path, text):
    if not os.path.exists(path):
        content = "# Fulcrum benchmark results\n\n" + text
    else:
        content = open(path, encoding="utf-8").read()
        start, end = content.find(BEGIN), content.find(END)
        if start >= 0 and end > start:
            content = content[:start] + text.rstrip("\n") + content[end + len(END):]
        else:
            content = content.rstrip("\n") + "\n\n" + text
    with open(path, "w", encoding="utf-8") as f:
        f.write(content)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    for name in ["results", "out", "mode", "rounds", "wrk-duration", "wrk-warmup", "wrk-threads", "het-duration",
                 "het-warmup", "het-rate", "het-loads", "het-capacity", "het-measured", "het-backends", "het-concurrency", "het-queue", "estimate",
                 "elapsed", "phases", "nginx", "haproxy", "load-start", "fulcrum-build"]:
        p.add_argument("--" + name, required=True)
    args = p.parse_args()
    tp = throughput(args.results, read_jsonl(os.path.join(args.results, "throughput.jsonl")),
                    read_jsonl(os.path.join(args.results, "throughput-rss.jsonl")))
    het = heterogeneous(args.results, read_jsonl(os.path.join(args.results, "heterogeneous.jsonl")))
    splice(args.out, section(args, tp, het))
    print(f"report.py: {len(tp)} throughput rows, {len(het)} heterogeneous rows -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
