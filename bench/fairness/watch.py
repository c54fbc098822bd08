"""Polls a Fulcrum admin API every 2 s for a bounded time: every alert seen (by id, last state) and every
cluster snapshot, for bench/fairness/run.sh. Usage: watch.py ADMIN_URL SECONDS OUT_PREFIX
Writes OUT_PREFIX-alerts.json (the alerts, last seen state of each) and OUT_PREFIX-clusters.jsonl (one line per poll)."""
import json
import sys
import time
import urllib.request

admin, seconds, out = sys.argv[1].rstrip("/"), float(sys.argv[2]), sys.argv[3]


def get(path):
    with urllib.request.urlopen(admin + path, timeout=5) as response:
        return json.load(response)


alerts = {}
deadline = time.monotonic() + seconds
with open(out + "-clusters.jsonl", "w") as clusters_file:
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            for alert in get("/api/alerts"):
                alerts[alert["id"]] = alert
            clusters = get("/api/clusters")
            clusters_file.write(json.dumps({"time": time.time(), "clusters": clusters}) + "\n")
            clusters_file.flush()
        except OSError as e:
            print(f"watch: {e}", file=sys.stderr)
        time.sleep(max(0.0, 2.0 - (time.monotonic() - started)))
with open(out + "-alerts.json", "w") as alerts_file:
    json.dump(list(alerts.values()), alerts_file, indent=1)
