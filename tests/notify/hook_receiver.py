"""A stand-in SMS / Zalo gateway for tests/notify: checks the body's signature the way a real
gateway would (X-Motcua-Signature, HMAC-SHA256 under $MOTCUA_WEBHOOK_SECRET, when it is set;
401 when it does not match), stores the body of every accepted POST as DIR/N.json and
answers 200. Usage: hook_receiver.py PORT DIR"""
import hashlib
import hmac
import http.server
import os
import sys

port, folder = int(sys.argv[1]), sys.argv[2]
secret = os.environ.get("MOTCUA_WEBHOOK_SECRET", "")


def signed_by_motcua(body, given):
    want = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, given or "")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if secret and not signed_by_motcua(body, self.headers.get("X-Motcua-Signature")):
            self.send_response(401)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        n = len(os.listdir(folder))
        with open(os.path.join(folder, f"{n}.tmp"), "wb") as f:
            f.write(body)
        os.rename(os.path.join(folder, f"{n}.tmp"), os.path.join(folder, f"{n}.json"))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
