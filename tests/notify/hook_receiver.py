"""A stand-in SMS gateway for tests/notify: stores the body of every POST as DIR/N.json and
answers 200. Usage: hook_receiver.py PORT DIR"""
import http.server
import os
import sys

port, folder = int(sys.argv[1]), sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
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
