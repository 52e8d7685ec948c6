#!/usr/bin/python3
"""Self-test of the population-database stand-in (ctest: standin.population_selftest): the
lookup with and without credentials, purpose and a well-formed number, and each fault."""

import base64
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
AUTH = "Basic " + base64.b64encode(b"motcua:population-secret").decode()


def call(base, path, body=None, auth=AUTH, method="POST"):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    if auth:
        req.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, (json.loads(raw) if raw.startswith(b"{") else raw)


def main():
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "population.py"), "--port", "0"],
                            stdout=subprocess.PIPE, text=True)
    base = "http://127.0.0.1:%d" % int(proc.stdout.readline())
    try:
        ask = {"soDinhDanh": "001190012345", "mucDich": "Tiếp nhận hồ sơ", "nguoiTraCuu": "x"}
        status, a = call(base, "/tra-cuu-cong-dan", ask)
        assert status == 200 and a["error_code"] == "00", a
        assert a["data"]["hoVaTen"] == "Nguyễn Văn An" and a["data"]["ngaySinh"] == "19900315"
        status, a = call(base, "/tra-cuu-cong-dan", ask, auth="Basic eDp5")
        assert status == 401, status
        status, a = call(base, "/tra-cuu-cong-dan", dict(ask, mucDich=""))
        assert status == 400 and a["field"] == "mucDich", a
        status, a = call(base, "/tra-cuu-cong-dan", dict(ask, soDinhDanh="123"))
        assert status == 400 and a["field"] == "soDinhDanh", a
        status, a = call(base, "/tra-cuu-cong-dan", dict(ask, soDinhDanh="001190099999"))
        assert status == 200 and a["error_code"] == "01", a
        call(base, "/_control/fault", {"mode": "not_found"})
        assert call(base, "/tra-cuu-cong-dan", ask)[1]["error_code"] == "01"
        call(base, "/_control/fault", {"mode": "down"})
        assert call(base, "/tra-cuu-cong-dan", ask)[0] == 503
        call(base, "/_control/fault", {"mode": "slow", "ms": 300})
        t0 = time.monotonic()
        assert call(base, "/tra-cuu-cong-dan", ask)[1]["error_code"] == "00"
        assert time.monotonic() - t0 >= 0.3
        assert call(base, "/_control/fault", {"mode": "bogus"})[0] == 400
        status, st = call(base, "/_control/state", method="GET")
        assert [x["mucDich"] for x in st["lookups"]][0] == "Tiếp nhận hồ sơ", st
        call(base, "/_control/reset", {})
        assert call(base, "/_control/state", method="GET")[1]["lookups"] == []
    finally:
        proc.terminate()
        proc.wait()
    print("population stand-in self-test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
