#!/usr/bin/env python3
"""Helpers of bench/reload/run.sh (loopback only, every loop bounded in count and time).

  reload.py config OUT PORT ADMIN_PORT JOURNAL BACKENDS DESTINATIONS VARIANT
      writes a fulcrum.yaml: DESTINATIONS destinations spread over the comma-separated BACKENDS ports (each
      destination a distinct address: 127.0.0.1:PORT/dN), round-robin; VARIANT (an integer) changes the weight of
      the first destination, so every rewrite is a real change that is parsed, audited and applied.
  reload.py storm CONFIG_ARGS... --writes N --seconds S
      rewrites the config N times, evenly over S seconds (alternating variants); prints the number written.
  reload.py apply-api ADMIN_PORT CONFIG_ARGS... --runs N
      POSTs N configs (alternating variants) to /api/config; the answer comes once YARP reports the config
      applied. Prints one JSON object: the round-trip times in ms.
  reload.py apply-file LOG CONFIG_ARGS... --runs N
      writes the config file N times (alternating variants) and times each write to its "config applied" line
      in the proxy's log (polled every 2 ms, 30 s at most each). Prints one JSON object.
"""
import http.client
import json
import os
import sys
import time


def render(port, admin_port, journal, backends, destinations, variant):
    ports = [int(p) for p in backends.split(",")]
    lines = [
        f"listen: [http://127.0.0.1:{port}]",
        "admin:",
        f"  listen: http://127.0.0.1:{admin_port}",
        "routes:",
        "  - name: bench",
        '    match: { path: "/{**rest}" }',
        "    cluster: bench",
        "clusters:",
        "  bench:",
        "    policy: round-robin",
        "    destinations:",
    ]
    for i in range(destinations):
        weight = 1 + (variant % 2) if i == 0 else 1
        # Distinct addresses (a path per destination) on the few real backends, so a large cluster still serves.
        lines.append(f'      d{i}: {{ address: "http://127.0.0.1:{ports[i % len(ports)]}/d{i}", weight: {weight} }}')
    lines += [
        "fairness:",
        "  window: 30s",
        "  tolerance: 0.2",
        "  min-requests: 200",
        "  for: 30s",
        f"journal: {{ path: {journal} }}",
    ]
    return "\n".join(lines) + "\n"


def write(path, text):
    # Whole, by rename, as config-management tools do: the watcher never sees a half-written file (written in
    # place, a reload that reads between the truncation and the write is refused as an empty config).
    temporary = f"{path}.tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temporary, path)


def config_args(args):
    out, port, admin_port, journal, backends, destinations = args[:6]
    return out, (port, admin_port, journal, backends, int(destinations))


def option(args, name, default):
    return float(args[args.index(name) + 1]) if name in args else default


def storm(args):
    out, spec = config_args(args)
    writes, seconds = int(option(args, "--writes", 50)), option(args, "--seconds", 20)
    start = time.monotonic()
    for i in range(writes):
        due = start + i * seconds / writes
        time.sleep(max(0.0, due - time.monotonic()))
        write(out, render(*spec, variant=i + 1))
    print(writes)


def apply_api(args):
    admin_port, rest = int(args[0]), args[1:]
    out, spec = config_args(rest)
    runs = int(option(rest, "--runs", 10))
    times, statuses = [], []
    for i in range(runs):
        body = render(*spec, variant=i + 1).encode()
        conn = http.client.HTTPConnection("127.0.0.1", admin_port, timeout=30)
        start = time.perf_counter()
        conn.request("POST", "/api/config", body=body, headers={"Content-Type": "application/yaml"})
        response = conn.getresponse()
        response.read()
        times.append((time.perf_counter() - start) * 1000)
        statuses.append(response.status)
        conn.close()
    print(json.dumps({"kind": "api", "destinations": spec[4], "ms": [round(t, 1) for t in times], "statuses": statuses}))


class AppliedLines:
    """Counts "config applied" lines of the proxy's log, reading only what was added since the last look."""

    def __init__(self, log):
        self.log, self.offset, self.count = log, 0, 0

    def poll(self):
        try:
            with open(self.log, "rb") as f:
                f.seek(self.offset)
                added = f.read()
        except FileNotFoundError:
            return self.count
        complete = added.rfind(b"\n") + 1
        self.offset += complete
        self.count += added[:complete].count(b"config applied from")
        return self.count


def apply_file(args):
    log, rest = args[0], args[1:]
    out, spec = config_args(rest)
    runs = int(option(rest, "--runs", 10))
    applied = AppliedLines(log)
    times = []
    for i in range(runs):
        text = render(*spec, variant=i + 1001)
        before = applied.poll()
        start = time.perf_counter()
        write(out, text)
        deadline = start + 30
        while applied.poll() <= before and time.perf_counter() < deadline:
            time.sleep(0.002)
        elapsed = (time.perf_counter() - start) * 1000
        times.append(round(elapsed, 1) if applied.count > before else None)
        time.sleep(1.5)  # past the coalescer's 1 s longest delay, so each write is its own reload
    print(json.dumps({"kind": "file", "destinations": spec[4], "ms": times}))


def applied_count(args):
    print(AppliedLines(args[0]).poll())


if __name__ == "__main__":
    command, rest = sys.argv[1], sys.argv[2:]
    if command == "config":
        out, spec = config_args(rest)
        write(out, render(*spec, variant=int(rest[6]) if len(rest) > 6 else 0))
    elif command == "storm":
        storm(rest)
    elif command == "apply-api":
        apply_api(rest)
    elif command == "apply-file":
        apply_file(rest)
    elif command == "applied-count":
        applied_count(rest)
    else:
        sys.exit(f"reload.py: unknown command {command}")
