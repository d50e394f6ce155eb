"""Stand-in for the api, dashboard and worker images of the e2e tier (the real ones are not in Debian).

Serves what the stack expects of each (health endpoint, /metrics) and, like the real services, reads every secret
named by a *_FILE variable at start: a secret mounted with the wrong owner or mode makes it exit 1.
Usage: standin.py api|dashboard|worker
"""
import http.server
import os
import signal
import sys
import threading
import time

ROLE = sys.argv[1]
# PID 1 gets no default SIGTERM action: exit on it, so a stop does not wait for the grace period and SIGKILL.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
PORTS = {"api": 8000, "dashboard": 8501, "worker": 9100}
HEALTH = {"api": "/health", "dashboard": "/_stcore/health", "worker": "/health"}

for name, path in sorted(os.environ.items()):
    if name.endswith("_FILE") and name != "HEARTBEAT_FILE":
        try:
            with open(path, "rb") as f:
                if not f.read():
                    raise OSError("empty")
        except OSError as e:
            print(f"{ROLE}: cannot read {name}={path}: {e}", file=sys.stderr, flush=True)
            sys.exit(1)
print(f"{ROLE}: uid {os.getuid()}, every *_FILE secret readable", flush=True)

started = time.time()
requests = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        global requests
        requests += 1
        if self.path in (HEALTH[ROLE], "/health"):
            body, ctype = b'{"status":"ok"}', "application/json"
        elif self.path == "/metrics":
            body = (
                f"# TYPE standin_requests_total counter\nstandin_requests_total{{role=\"{ROLE}\"}} {requests}\n"
                f"# TYPE standin_uptime_seconds gauge\nstandin_uptime_seconds {time.time() - started:.0f}\n"
            ).encode()
            ctype = "text/plain; version=0.0.4"
        else:
            body, ctype = f"{ROLE} stand-in: {self.path}\n".encode(), "text/plain"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


def heartbeat():
    path = os.environ["HEARTBEAT_FILE"]
    while True:
        with open(path, "w") as f:
            f.write(str(int(time.time())))
        time.sleep(5)


if ROLE == "worker":
    threading.Thread(target=heartbeat, daemon=True).start()
http.server.ThreadingHTTPServer(("0.0.0.0", PORTS[ROLE]), Handler).serve_forever()
