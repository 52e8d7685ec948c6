#!/usr/bin/env python3
"""tsa_server.py DIR — a local RFC 3161 timestamp authority for the anchor tests: each POST of
an application/timestamp-query is answered by `openssl ts -reply` with the authority that
tsa_setup.sh made in DIR. Listens on 127.0.0.1 on a free port, written to DIR/port."""
import http.server
import os
import subprocess
import sys
import tempfile

DIR = sys.argv[1]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with tempfile.TemporaryDirectory() as tmp:
            qpath, rpath = os.path.join(tmp, "q.tsq"), os.path.join(tmp, "r.tsr")
            with open(qpath, "wb") as f:
                f.write(query)
            done = subprocess.run(["openssl", "ts", "-reply", "-config",
                                   os.path.join(DIR, "tsa.cnf"), "-queryfile", qpath,
                                   "-out", rpath], capture_output=True)
            if done.returncode != 0:
                self.send_error(500, done.stderr.decode(errors="replace")[:200])
                return
            with open(rpath, "rb") as f:
                reply = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
server.serve_forever()
