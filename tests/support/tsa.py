#!/usr/bin/env python3
"""tsa.py DIR PORTFILE - a local RFC 3161 Time Stamping Authority for the signature tests.

Answers POST with Content-Type application/timestamp-query by handing the request to
`openssl ts -reply` with the TSA certificate and key that tests/support/sign-ca.sh made in
DIR (tsa.pem, tsa.key, under the test root ca.pem). Listens on 127.0.0.1, on a free port it
writes to PORTFILE; the test that starts it stops it by its pid."""
import http.server
import os
import subprocess
import sys
import tempfile

DIR, PORTFILE = sys.argv[1], sys.argv[2]
CONF = os.path.join(DIR, "tsa.cnf")
with open(CONF, "w") as f:
    f.write(f"""[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = {DIR}
serial = {DIR}/tsaserial
crypto_device = builtin
signer_cert = {DIR}/tsa.pem
certs = {DIR}/ca.pem
signer_key = {DIR}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
""")
with open(os.path.join(DIR, "tsaserial"), "w") as f:
    f.write("01\n")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        if self.headers.get("Content-Type") != "application/timestamp-query" or n > 65536:
            self.send_error(400)
            return
        body = self.rfile.read(n)
        with tempfile.TemporaryDirectory(dir=DIR) as t:
            q, r = os.path.join(t, "q.tsq"), os.path.join(t, "r.tsr")
            with open(q, "wb") as f:
                f.write(body)
            ok = subprocess.run(["openssl", "ts", "-reply", "-config", CONF, "-queryfile", q,
                                 "-out", r], capture_output=True).returncode == 0
            if not ok:
                self.send_error(500)
                return
            with open(r, "rb") as f:
                resp = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(resp)))
        self.end_headers()
        self.wfile.write(resp)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
