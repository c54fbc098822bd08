#!/usr/bin/env python3
"""Start time of `fulcrum run`: process start to the first proxied 200 and to /healthz "ok" (see run.sh)."""
import http.client, http.server, os, shutil, socket, statistics, subprocess, sys, tempfile, threading, time

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

class Backend(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a probe that gave up (fulcrum stopped mid-request) is not an error of the measurement

def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read()
    except OSError:
        return None, b""
    finally:
        conn.close()

def cpu_ms(pid):
    # utime + stime of the process (all its threads), in ms: far less sensitive to a loaded machine than wall time.
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

def write_config(folder, backend_port):
    port, admin = free_port(), free_port()
    config = os.path.join(folder, "fulcrum.yaml")
    with open(config, "w") as f:
        f.write(f"""listen: [http://127.0.0.1:{port}]
admin:
  listen: http://127.0.0.1:{admin}
routes:
  - name: web
    match: {{ path: "/{{**rest}}" }}
    cluster: web
clusters:
  web:
    policy: round-robin
    destinations:
      a: {{ address: http://127.0.0.1:{backend_port} }}
journal: {{ path: {os.path.join(folder, "journal.db")} }}
""")
    return config, port, admin

def demo_start(folder):
    # `fulcrum demo` on free ports, no generated traffic (the probe is the first proxied request); its journal lives
    # in the temp folder (TMPDIR), removed before each start so every demo start is a fresh one.
    for leftover in ("fulcrum-demo-journal.db", "fulcrum-demo-journal.db-wal", "fulcrum-demo-journal.db-shm"):
        try:
            os.remove(os.path.join(folder, leftover))
        except FileNotFoundError:
            pass
    port, admin = free_port(), free_port()
    args = ["demo", "--listen", f"http://127.0.0.1:{port}", "--admin", f"http://127.0.0.1:{admin}", "--rate", "0"]
    return args, port, admin, {"TMPDIR": folder}

def one_start(fulcrum, backend_port, folder, deadline_s, restart=None, env=None, demo=False, proxy_first=False):
    # restart: (config, port, admin) of an earlier start to start again over the same file and journal (the same
    # text, so a build that reuses its journaled audit does); otherwise a fresh config and a fresh journal.
    # env: extra environment variables for the process; demo: start `fulcrum demo` instead of `fulcrum run`.
    # proxy_first: probe /healthz only after the first proxied 200, so the admin API's first request (and whatever
    # it builds) is not counted in the cost of the first proxied one.
    env = dict(env or {})
    if demo:
        args, port, admin, demo_env = demo_start(folder)
        env.update(demo_env)
    elif restart is None:
        for leftover in ("journal.db", "journal.db-wal", "journal.db-shm"):
            try:
                os.remove(os.path.join(folder, leftover))
            except FileNotFoundError:
                pass
        config, port, admin = write_config(folder, backend_port)
    else:
        config, port, admin = restart
    if not demo:
        args = ["run", "-c", config]
    log = open(os.path.join(folder, "fulcrum.log"), "w")
    start = time.monotonic()
    proc = subprocess.Popen([*fulcrum, *args], stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env})
    first = health = cpu = None
    try:
        while time.monotonic() - start < deadline_s and (first is None or health is None):
            if proc.poll() is not None:
                raise RuntimeError(f"fulcrum exited with {proc.returncode}; see {log.name}")
            if first is None and get(port, "/")[0] == 200:
                first = time.monotonic() - start
                cpu = cpu_ms(proc.pid)
            if health is None and (first is not None or not proxy_first):
                status, body = get(admin, "/healthz")
                if status == 200 and body.strip() == b"ok":
                    health = time.monotonic() - start
            time.sleep(0.002)
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    if first is None or health is None:
        raise RuntimeError(f"no answer within {deadline_s}s; see {log.name}")
    with open(log.name) as f:
        reused = "audit reused from journal config" in f.read()
    return first * 1000, health * 1000, cpu, reused

def main():
    # startup.py [--restart | --demo] RUNS LABEL=FULCRUM [LABEL=FULCRUM ...]: the builds take turns, start by start.
    # --restart: each build keeps one config file and journal (written and started once, not counted, before the
    # turns), so every counted start is a restart of the same config, as after a deploy or a crash.
    # --demo: each start is `fulcrum demo --rate 0` on free ports with a fresh journal.
    # --proxy-first (after the mode): no /healthz probe before the first proxied 200 (see one_start).
    args = sys.argv[1:]
    restart = args[:1] == ["--restart"]
    demo = args[:1] == ["--demo"]
    if restart or demo:
        args = args[1:]
    proxy_first = args[:1] == ["--proxy-first"]
    if proxy_first:
        args = args[1:]
    runs = int(args[0])
    targets = [arg.split("=", 1) for arg in args[1:]]
    server = QuietServer(("127.0.0.1", 0), Backend)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    folder = tempfile.mkdtemp(prefix="fulcrum-startup-")
    try:
        results = {label: ([], [], [], []) for label, _ in targets}
        kept = {}
        if restart:
            for label, fulcrum in targets:
                own = os.path.join(folder, label)
                os.makedirs(own)
                kept[label] = write_config(own, server.server_address[1])
                one_start([fulcrum], server.server_address[1], own, deadline_s=60, restart=kept[label])
        for _ in range(runs):
            for label, fulcrum in targets:
                try:
                    own = os.path.join(folder, label) if restart else folder
                    f, h, c, r = one_start([fulcrum], server.server_address[1], own, deadline_s=60, restart=kept.get(label), demo=demo,
                                             proxy_first=proxy_first)
                except RuntimeError as e:
                    # A start that does not answer in time is reported, not averaged in.
                    print(f"{label}: {e}", file=sys.stderr)
                    continue
                results[label][0].append(f)
                results[label][1].append(h)
                results[label][2].append(c)
                results[label][3].append(r)
        def fmt(xs):
            return f"median {statistics.median(xs):.0f} ms (min {min(xs):.0f}, max {max(xs):.0f})"
        for label, (firsts, healths, cpus, reuses) in results.items():
            if not firsts:
                print(f"{label}: no start answered")
                continue
            print(f"{label}: first proxied 200 {fmt(firsts)}; /healthz ok {fmt(healths)}; {runs} starts")
            print(f"  CPU time (user+sys, all threads) at the first 200: {fmt(cpus)}")
            print(f"  raw first-200 ms: {' '.join(f'{x:.0f}' for x in firsts)}")
            print(f"  raw CPU ms: {' '.join(f'{x:.0f}' for x in cpus)}")
            print(f"  starts that reused a journaled audit (log line): {sum(reuses)} of {len(reuses)}")
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)

if __name__ == "__main__":
    main()
