#!/usr/bin/python3
"""A stand-in for the national population database (CSDL quốc gia về dân cư), tests only.

The real database is reached through NDXP/LGSP with an interface we have not seen; nothing of
this server's shape is taken from a published specification (README.md, every part ❓). It
answers one question — who holds this CCCD — and only when the caller states a purpose, keeps
every question it was asked, and can be told to fail: down, slow, not found.

Python 3 standard library only. Usage:
    population.py --port 0 [--host 127.0.0.1] [--people FILE] [--user U --password P]
The first line printed on stdout is the port chosen.
"""

import argparse
import base64
import copy
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
CCCD_RE = re.compile(r"^\d{12}$")
FAULT_MODES = ("none", "down", "slow", "not_found")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "PopulationStandin/1"

    def log_message(self, fmt, *args):
        if self.server.args.verbose:
            sys.stderr.write("population: " + fmt % args + "\n")

    def answer(self, body, status=200):
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_json(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        return json.loads(raw.decode("utf-8"))

    def authorised(self):
        args = self.server.args
        pair = ("%s:%s" % (args.user, args.password)).encode("utf-8")
        return self.headers.get("Authorization") == "Basic " + base64.b64encode(pair).decode()

    def do_GET(self):
        if self.path == "/_control/state":
            with self.server.lock:
                return self.answer({"lookups": copy.deepcopy(self.server.lookups),
                                    "fault": dict(self.server.fault)})
        return self.answer({"error_code": "-1", "message": "Không có đường dẫn này"}, 404)

    def do_POST(self):
        try:
            body = self.read_json()
        except (ValueError, UnicodeDecodeError):
            return self.answer({"error_code": "-1", "message": "Nội dung không phải JSON"}, 400)
        if self.path == "/_control/fault":
            mode = body.get("mode", "none")
            if mode not in FAULT_MODES:
                return self.answer({"error_code": "-1", "message": "Chế độ lỗi không có"}, 400)
            with self.server.lock:
                self.server.fault = dict(body, mode=mode)
            return self.answer({"ok": True})
        if self.path == "/_control/reset":
            with self.server.lock:
                self.server.lookups = []
                self.server.fault = {"mode": "none"}
            return self.answer({"ok": True})
        if self.path != "/tra-cuu-cong-dan":
            return self.answer({"error_code": "-1", "message": "Không có đường dẫn này"}, 404)
        return self.lookup(body)

    def lookup(self, body):
        with self.server.lock:
            fault = dict(self.server.fault)
        if fault["mode"] == "down":
            return self.answer({"error": "Service Unavailable"}, 503)
        if fault["mode"] == "slow":
            time.sleep(int(fault.get("ms", 1000)) / 1000.0)
        if not self.authorised():
            return self.answer({"error_code": "-1", "message": "Sai thông tin xác thực"}, 401)
        number, purpose = body.get("soDinhDanh"), body.get("mucDich")
        if not purpose:
            return self.answer({"error_code": "-1", "field": "mucDich",
                                "message": "Phải nêu mục đích tra cứu"}, 400)
        if not isinstance(number, str) or not CCCD_RE.match(number):
            return self.answer({"error_code": "-1", "field": "soDinhDanh",
                                "message": "Số định danh phải có 12 chữ số"}, 400)
        person = None if fault["mode"] == "not_found" else self.server.people.get(number)
        with self.server.lock:
            self.server.lookups.append({"soDinhDanh": number, "mucDich": purpose,
                                        "nguoiTraCuu": body.get("nguoiTraCuu"),
                                        "maDonVi": body.get("maDonVi"),
                                        "found": person is not None})
        if person is None:
            return self.answer({"error_code": "01", "message": "Không tìm thấy công dân"})
        return self.answer({"error_code": "00", "data": person})


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--people", default=os.path.join(HERE, "population.json"))
    p.add_argument("--user", default="motcua")
    p.add_argument("--password", default="population-secret")
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args(argv)
    with open(args.people, encoding="utf-8") as f:
        people = {x["soDinhDanh"]: x for x in json.load(f)["people"]}
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.args, server.people = args, people
    server.lock, server.lookups, server.fault = threading.Lock(), [], {"mode": "none"}
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever(0.05)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
