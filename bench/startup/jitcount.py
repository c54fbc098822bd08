#!/usr/bin/env python3
"""First-call JIT work of a start: methods and IL bytes jitted before YARP's first HttpForwarder.SendAsync.

    python3 bench/startup/jitcount.py [--mode fresh|restart|demo ...] [--runs N] [--diff] LABEL=FULCRUM [LABEL=FULCRUM ...]

Deterministic where CPU time is not: the JIT compiles the same methods whatever the machine's load, so this is the
primary measure of start cost (startup.py's CPU time is the secondary one). Each start runs with
DOTNET_JitStdOutFile + DOTNET_JitDisasmSummary=1 (one line per method compiled, with its IL size), the same start as
startup.py (one route, one destination, a real backend; `restart` starts the same config and journal a second time;
`demo` is `fulcrum demo --rate 0`; /healthz is probed only after the first proxied 200). Counted: every method compiled before the first line naming
`HttpForwarder:SendAsync`, i.e. what the process had to compile to serve its first proxied request. Threads race,
so some methods move across that line from run to run (on a loaded machine the 250 ms sampling and 1 s alert ticks
run before the first request; on a quiet one they may not): --runs N (default 3) prints the median and the minimum.
--diff: also print, per namespace, the methods/IL the other builds jit before the first request that the first
build does not (where the difference comes from).
"""
import argparse, collections, os, re, shutil, statistics, sys, tempfile, threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import startup  # noqa: E402  (same folder: the start, the backend and the probes)

LINE = re.compile(r"JIT compiled (?P<name>.+?) \[(?P<tier>[^,\]]*)(?:, [^\]]*)?IL size=(?P<il>\d+)")
FIRST_REQUEST = "HttpForwarder:SendAsync"
# A ReadyToRun build has SendAsync precompiled, so it never appears; the first thing the JIT still compiles on that
# call is the async builder's Start instantiated over SendAsync's state machine (a generic over a type of another
# assembly, which crossgen2 leaves to the JIT). In a JIT build SendAsync itself comes first, so the marker is the same.
FIRST_REQUEST_R2R = "HttpForwarder+<SendAsync>"

def parse(path):
    # -> [(method, tier, il_bytes)] up to (not including) the first proxied request's SendAsync; None if never seen.
    methods = []
    with open(path, errors="replace") as f:
        for line in f:
            m = LINE.search(line)
            if not m:
                continue
            if FIRST_REQUEST in m.group("name") or FIRST_REQUEST_R2R in m.group("name"):
                return methods
            methods.append((m.group("name"), m.group("tier"), int(m.group("il"))))
    return None

def namespace(method):
    # "Fulcrum.Core.Config.Reader:Read(...)" -> "Fulcrum.Core.Config"; generic/nested noise cut at the first '[' or '`'.
    owner = re.split(r"[:\[`]", method, 1)[0]
    return owner.rsplit(".", 1)[0] if "." in owner else owner

def one(fulcrum, mode, backend_port, folder, kept, keep=None):
    out = os.path.join(folder, "jit.txt")
    if os.path.exists(out):
        os.remove(out)
    env = {"DOTNET_JitStdOutFile": out, "DOTNET_JitDisasmSummary": "1"}
    startup.one_start([fulcrum], backend_port, folder, deadline_s=90, restart=kept, env=env, demo=mode == "demo", proxy_first=True)
    methods = parse(out)
    if keep:
        os.makedirs(os.path.dirname(keep), exist_ok=True)
        shutil.copyfile(out, keep)
    if methods is None:
        raise RuntimeError(f"{fulcrum}: no {FIRST_REQUEST} in {out}")
    return methods

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mode", action="append", choices=["fresh", "restart", "demo"])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--diff", action="store_true")
    p.add_argument("--keep", metavar="DIR", help="copy each start's JIT list to DIR/MODE-LABEL-RUN.txt")
    p.add_argument("targets", nargs="+", metavar="LABEL=FULCRUM")
    a = p.parse_args()
    modes = a.mode or ["fresh", "restart", "demo"]
    targets = [t.split("=", 1) for t in a.targets]
    server = startup.QuietServer(("127.0.0.1", 0), startup.Backend)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    backend = server.server_address[1]
    root = tempfile.mkdtemp(prefix="fulcrum-jitcount-")
    print(f"load average: {open('/proc/loadavg').read().split()[:3]} (not used by this measure)")
    try:
        for mode in modes:
            results = {}
            for label, fulcrum in targets:
                folder = os.path.join(root, mode, label)
                os.makedirs(folder)
                kept = None
                if mode == "restart":
                    # The first start writes the config and the journal (and the audit kept with it); counted starts
                    # are the ones after it.
                    kept = startup.write_config(folder, backend)
                    startup.one_start([fulcrum], backend, folder, deadline_s=90, restart=kept)
                results[label] = [one(fulcrum, mode, backend, folder, kept, a.keep and os.path.join(a.keep, f"{mode}-{label}-{i}.txt"))
                                  for i in range(a.runs)]
            base_label = targets[0][0]
            base_il = statistics.median(sum(il for _, _, il in r) for r in results[base_label])
            print(f"\n{mode} start, before the first proxied request (median of {a.runs}):")
            print(f"| build | methods | IL bytes | IL vs {base_label} | IL bytes, min | Fulcrum.* methods | Tier0 / instrumented / optimized |")
            print("|---|---:|---:|---:|---:|---:|---|")
            for label, runs in results.items():
                counts = [len(r) for r in runs]
                ils = [sum(il for _, _, il in r) for r in runs]
                own = [sum(1 for n, _, _ in r if n.startswith("Fulcrum")) for r in runs]
                mid = sorted(runs, key=len)[len(runs) // 2]
                tiers = collections.Counter(t for _, t, _ in mid)
                tier_text = " / ".join(str(sum(v for k, v in tiers.items() if key(k))) for key in (
                    lambda k: k == "Tier0", lambda k: "instrumented" in k.lower(), lambda k: k not in ("Tier0",) and "instrumented" not in k.lower()))
                print(f"| {label} | {statistics.median(counts):,.0f} | {statistics.median(ils):,.0f} | "
                      f"{statistics.median(ils) / base_il - 1:+.1%} | {min(ils):,} | {statistics.median(own):,.0f} | {tier_text} |")
            if a.diff:
                base = {n for r in results[base_label] for n, _, _ in r}
                for label, runs in results.items():
                    if label == base_label:
                        continue
                    extra = collections.defaultdict(lambda: [0, 0])
                    seen = set()
                    for n, _, il in sorted(runs, key=len)[len(runs) // 2]:
                        if n not in base and n not in seen:
                            seen.add(n)
                            extra[namespace(n)][0] += 1
                            extra[namespace(n)][1] += il
                    print(f"\n  {label}: jitted before the first request, never by {base_label} before it (top 25 namespaces)")
                    for ns, (count, il) in sorted(extra.items(), key=lambda kv: -kv[1][1])[:25]:
                        print(f"    {il:7,} IL  {count:5} methods  {ns}")
    finally:
        server.shutdown()
        shutil.rmtree(root, ignore_errors=True)

if __name__ == "__main__":
    main()
