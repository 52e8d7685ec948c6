"""A partner system for the exchange layer's tests (tests/unit/test_exchange.c): a receiver
that applies each message once by its Idempotency-Key, as docs/exchange.md asks of a partner.

Usage: peer.py PORT DIR (PORT 0: any; the port is written to DIR/port). Every POST is appended to DIR/log.jsonl as one JSON line
{"key", "object", "kind", "id", "dup", "auth"} ("dup": the key was applied before, so the
message is not applied again) before it is answered. DIR/mode, read at every request, says
how to answer:
  ok              200 (the default)
  500             500 without applying (a partner that is down behind its proxy)
  422             422 {"error": "trường X bị từ chối"} without applying (a refused field)
  hang:KEY:SECS   apply the message of that key, then wait SECS seconds before answering
                  (the sender is killed meanwhile in the crash test)
Threads answer concurrently, so a hanging request does not hold the next one."""
import http.server
import json
import os
import sys
import threading
import time

port, folder = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
applied = set()
log_path = os.path.join(folder, "log.jsonl")
# A restarted peer remembers what it applied, as a real partner's database would.
if os.path.exists(log_path):
    with open(log_path) as f:
        for line in f:
            entry = json.loads(line)
            if entry.get("applied"):
                applied.add(entry["key"])


def mode():
    try:
        with open(os.path.join(folder, "mode")) as f:
            return f.read().strip() or "ok"
    except FileNotFoundError:
        return "ok"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, status, body=b""):
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the sender was killed while we hung: what the crash test wants

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        msg = json.loads(body or b"{}")
        key = self.headers.get("Idempotency-Key", "")
        m = mode()
        apply = m == "ok" or m.startswith("hang:")
        with lock:
            dup = key in applied
            if apply and not dup:
                applied.add(key)
            entry = {"key": key, "object": msg.get("object"), "kind": msg.get("kind"),
                     "id": msg.get("id"), "dup": dup, "applied": apply and not dup,
                     "auth": self.headers.get("Authorization", ""), "mode": m}
            with open(log_path, "a") as f:
                f.write(json.dumps(entry) + "\n")
        if m == "500":
            return self.answer(500, b'{"error": "internal"}')
        if m == "422":
            return self.answer(422, json.dumps({"error": "trường X bị từ chối"}, ensure_ascii=False).encode())
        if m.startswith("hang:"):
            _, hang_key, secs = m.split(":")
            if hang_key == key:
                time.sleep(int(secs))
        self.answer(200, b'{"ok": true}')

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
# With port 0 the system chose one: the test reads it from DIR/port (and restarts on it).
with open(os.path.join(folder, "port.tmp"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(folder, "port.tmp"), os.path.join(folder, "port"))
server.serve_forever()
