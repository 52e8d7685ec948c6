#!/usr/bin/python3
"""Self-test of the portal stand-in (ctest: standin.portal_selftest).

Starts portal.py on a loopback port chosen by the kernel, with a small receiver standing for
motcua's inbound URL, and exercises every endpoint and every fault mode. The stand-in is test
equipment: if it drifts from what README.md promises, the adapter's tests would prove nothing.
"""

import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
RECEIVED = []


class Receiver(BaseHTTPRequestHandler):
    """motcua's inbound endpoint, as far as the push needs: 0 new, 1 already received."""

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        seen = any(r["body"]["MaHoSo"] == body["MaHoSo"] for r in RECEIVED)
        RECEIVED.append({"body": body, "auth": self.headers.get("Authorization"),
                         "key": self.headers.get("Idempotency-Key")})
        data = json.dumps({"error_code": 1 if seen else 0}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Client:
    def __init__(self, port):
        self.base = "http://127.0.0.1:%d" % port

    def call(self, path, body=None, headers=None, method="POST"):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            raw = e.read()
            return e.code, (json.loads(raw) if raw.startswith(b"{") else raw)

    def ok(self, path, body=None, **kw):
        status, answer = self.call(path, body, **kw)
        assert status == 200, (path, status, answer)
        return answer

    def integration(self, session, service, headers=None, **fields):
        body = dict(session=session, madonvi="000.00.21.H26", service=service, **fields)
        return self.ok("/integration", body, headers=headers)

    def fault(self, **mode):
        return self.ok("/_control/fault", mode)

    def state(self):
        return self.ok("/_control/state", method="GET")


def dossier(code, **extra):
    d = {"MaHoSo": code, "MaTTHC": "1.001193", "TenTTHC": "Đăng ký khai sinh",
         "ChuHoSo": "Trần Thị Bình", "LoaiDoiTuong": "1", "TrangThaiHoSo": "2",
         "NgayTiepNhan": "20261208083000", "NgayHenTra": "20261209170000",
         "DanhSachHoSoBoSung": []}
    d.update(extra)
    return d


def step(code, moment, status="4"):
    return {"MaHoSo": code, "NguoiXuLy": "Lê Văn Cường", "ChucDanh": "Chuyên viên",
            "ThoiDiemXuLy": moment, "PhongBanXuLy": "Bộ phận một cửa",
            "NoiDungXuLy": "Chuyển xử lý", "TrangThai": status}


def check_auth(c):
    bad = c.ok("/auth", {"username": "motcua", "password": "sai"})
    assert bad["error_code"] == -1 and "session" not in bad, bad
    good = c.ok("/auth", {"username": "motcua", "password": "motcua-secret"})
    assert good["error_code"] == 0 and good["session"], good
    unknown = c.integration("not-a-session", "TraCuuHoSo", mahoso="X")
    assert unknown["error_code"] == "-2", unknown
    return good["session"]


def check_sync_and_lookup(c, s):
    a = c.integration(s, "DongBoHoSoMC", isUpdating="False", data=[dossier("H26.21-261208-0001")])
    assert a["error_code"] == "00", a
    missing = dict(dossier("H26.21-261208-0002"))
    del missing["ChuHoSo"]
    a = c.integration(s, "DongBoHoSoMC", isUpdating="False", data=[missing])
    assert a["error_code"] == "-1" and "ChuHoSo" in a["message"] and a["field"] == "ChuHoSo", a
    a = c.integration(s, "DongBoHoSoMC", isUpdating="False",
                      data=[dossier("H26.21-261208-0003", NgayHenTra="2026-12-09 17:00")])
    assert a["error_code"] == "-1" and a["field"] == "NgayHenTra", a
    a = c.integration(s, "DongBoHoSoMC", isUpdating="True", data=[dossier(
        "H26.21-261208-0001", TrangThaiHoSo="5", DanhSachHoSoBoSung=[
            {"HoSoBoSungId": "1", "NgayBoSung": "20261208100000", "NgayHenTraTruoc": "bad"}])])
    assert a["field"] == "NgayHenTraTruoc", a
    a = c.integration(s, "DongBoHoSoMC", isUpdating="Maybe", data=[dossier("x")])
    assert a["field"] == "isUpdating", a
    found = c.integration(s, "TraCuuHoSo", mahoso="H26.21-261208-0001")
    assert found["found"] and found["result"]["ChuHoSo"] == "Trần Thị Bình", found
    none = c.integration(s, "TraCuuHoSo", mahoso="H26.21-261208-0003")
    assert none["error_code"] == "00" and none["found"] is False, none
    st = c.state()
    assert list(st["dossiers"]) == ["H26.21-261208-0001"], st["dossiers"].keys()


def check_progress(c, s):
    a = c.integration(s, "CapNhatTienDoHoSoMC", data=[step("never-synced", "20261208090000")])
    assert a["error_code"] == "-1" and a["field"] == "MaHoSo", a
    code = "H26.21-261208-0001"
    a = c.integration(s, "CapNhatTienDoHoSoMC", data=[step(code, "20261208090000"),
                                                      step(code, "20261208100000", "9")])
    assert a["error_code"] == "00", a
    a = c.integration(s, "CapNhatTienDoHoSoMC", data=[step(code, "2026120811")])
    assert a["field"] == "ThoiDiemXuLy", a
    a = c.integration(s, "CapNhatTienDoHoSoMC", data=[step(code, "20261208080000")])
    st = c.state()
    assert [p["ThoiDiemXuLy"] for p in st["progress"][code]] == [
        "20261208090000", "20261208100000", "20261208080000"], st["progress"]
    assert len(st["order_violations"]) == 1, st["order_violations"]
    looked = c.integration(s, "TraCuuHoSo", mahoso=code)
    assert len(looked["result"]["TienDoXuLy"]) == 3, looked


def check_idempotency(c, s):
    key = {"Idempotency-Key": "evt-42"}
    d = dossier("H26.21-261208-0042")
    first = c.integration(s, "DongBoHoSoMC", headers=key, isUpdating="False", data=[d])
    again = c.integration(s, "DongBoHoSoMC", headers=key, isUpdating="False", data=[d])
    assert first == again, (first, again)
    st = c.state()
    assert len(st["versions"]["H26.21-261208-0042"]) == 1, st["versions"]
    assert [r["replayed"] for r in st["requests"] if r["idempotency_key"] == "evt-42"] == [
        False, True]


def check_catalogue(c, s):
    one = c.integration(s, "LayThuTuc", maTTHC="1.001193")
    assert one["result"][0]["TENTTHC"] == "Đăng ký khai sinh", one
    none = c.integration(s, "LayThuTuc", maTTHC="9.999999")
    assert none["error_code"] == "-1" and none["field"] == "maTTHC", none
    listed = c.integration(s, "LayDanhSachTTHC")
    assert [p["MATTHC"] for p in listed["result"]] == ["1.001193", "1.000894", "2.000815"], listed
    changed = dict(one["result"][0], TENTTHC="Đăng ký khai sinh (sửa)")
    c.ok("/_control/catalogue", {"procedure": changed})
    one = c.integration(s, "LayThuTuc", maTTHC="1.001193")
    assert one["result"][0]["TENTTHC"] == "Đăng ký khai sinh (sửa)", one


def check_plant(c, s):
    code = "H26.21-261208-0001"
    c.ok("/_control/plant", {"MaHoSo": code, "set": {"TrangThaiHoSo": "4",
                                                     "NgayHenTra": "20261231170000"}})
    got = c.integration(s, "TraCuuHoSo", mahoso=code)["result"]
    assert got["TrangThaiHoSo"] == "4" and got["NgayHenTra"] == "20261231170000", got
    status, _ = c.call("/_control/plant", {"MaHoSo": "nope", "set": {}})
    assert status == 404
    c.ok("/_control/plant", {"MaHoSo": code, "delete": True})
    assert c.integration(s, "TraCuuHoSo", mahoso=code)["found"] is False


def check_faults(c, s):
    c.fault(mode="down")
    status, _ = c.call("/integration", {"session": s, "madonvi": "x", "service": "TraCuuHoSo"})
    assert status == 503, status
    c.fault(mode="down", how="close")
    try:
        c.call("/integration", {"session": s, "madonvi": "x", "service": "TraCuuHoSo"})
        raise AssertionError("closed connection expected")
    except (urllib.error.URLError, ConnectionError, http_client_errors()):
        pass
    c.fault(mode="error500", count=1)
    status, _ = c.call("/integration", {"session": s, "madonvi": "x", "service": "TraCuuHoSo"})
    assert status == 500
    assert c.integration(s, "TraCuuHoSo", mahoso="x")["error_code"] == "00"  # count wore off
    c.fault(mode="slow", ms=300)
    t0 = time.monotonic()
    c.integration(s, "TraCuuHoSo", mahoso="x")
    assert time.monotonic() - t0 >= 0.3
    c.fault(mode="reject_field", field="GhiChu")
    a = c.integration(s, "DongBoHoSoMC", isUpdating="False",
                      data=[dossier("H26.21-261208-0050", GhiChu="x")])
    assert a["error_code"] == "-1" and a["field"] == "GhiChu" and "GhiChu" in a["message"], a
    a = c.integration(s, "DongBoHoSoMC", isUpdating="False", data=[dossier("H26.21-261208-0051")])
    assert a["error_code"] == "00", a
    status, _ = c.call("/_control/fault", {"mode": "bogus"})
    assert status == 400
    # refused: the listening socket closes for a while, then the port answers again
    c.fault(mode="down", how="refuse", ms=600)
    try:
        c.call("/_control/health", method="GET")
        raise AssertionError("refused connection expected")
    except urllib.error.URLError as e:
        assert isinstance(e.reason, ConnectionRefusedError), e
    for _ in range(50):
        time.sleep(0.1)
        try:
            c.call("/_control/health", method="GET")
            break
        except urllib.error.URLError:
            continue
    else:
        raise AssertionError("the stand-in did not come back")
    c.fault(mode="none")


def http_client_errors():
    import http.client
    return http.client.HTTPException


def check_submit_push(c, recv_port):
    c.fault(mode="none")
    a = c.ok("/_control/submit", {"madonvi": "000.00.21.H26", "ChuHoSo": "Phạm Minh Đức",
                                  "files": [{"name": "to-khai.pdf", "content": "%PDF-1.4"}]})
    assert a["answers"][0]["error_code"] == 0, a
    got = RECEIVED[-1]
    assert got["body"]["ChuHoSo"] == "Phạm Minh Đức" and got["auth"].startswith("Basic ")
    assert base64.b64decode(got["body"]["TepDinhKem"][0]["NoiDungBase64"]) == b"%PDF-1.4"
    assert got["key"] == "dvcqg-submit-" + a["MaHoSo"]
    c.fault(mode="duplicate")
    a = c.ok("/_control/submit", {"madonvi": "000.00.21.H26"})
    assert [x["error_code"] for x in a["answers"]] == [0, 1], a
    c.fault(mode="reorder")
    first = c.ok("/_control/submit", {"madonvi": "000.00.21.H26"})["MaHoSo"]
    second = c.ok("/_control/submit", {"madonvi": "000.00.21.H26"})["MaHoSo"]
    released = c.ok("/_control/release")
    assert released["order"] == [second, first], released
    assert [r["body"]["MaHoSo"] for r in RECEIVED[-2:]] == [second, first]
    c.fault(mode="none")


def check_submit_poll(c, s):
    c.fault(mode="none")
    code = c.ok("/_control/submit", {"madonvi": "000.00.21.H26"})["MaHoSo"]
    polled = c.integration(s, "LayDanhSachHoSoMoi")
    assert [d["MaHoSo"] for d in polled["result"]] == [code], polled
    c.fault(mode="duplicate")
    assert len(c.integration(s, "LayDanhSachHoSoMoi")["result"]) == 2
    c.fault(mode="none")
    c.integration(s, "XacNhanDaNhanHoSo", mahoso=[code])
    assert c.integration(s, "LayDanhSachHoSoMoi")["result"] == []


def start(args):
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "portal.py"), "--port", "0"]
                            + args, stdout=subprocess.PIPE, text=True)
    port = int(proc.stdout.readline())
    return proc, Client(port)


def main():
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    recv_port = receiver.server_address[1]
    tmp = tempfile.mkdtemp(prefix="portal-selftest-")
    state_file = os.path.join(tmp, "state.json")
    proc, c = start(["--state", state_file, "--push-url",
                     "http://127.0.0.1:%d/inbound" % recv_port,
                     "--push-user", "dvcqg", "--push-password", "push-secret"])
    try:
        s = check_auth(c)
        check_sync_and_lookup(c, s)
        check_progress(c, s)
        check_idempotency(c, s)
        check_catalogue(c, s)
        check_faults(c, s)
        check_submit_push(c, recv_port)
        check_plant(c, s)
    finally:
        proc.terminate()
        proc.wait()
    # the state file carries everything over a restart
    proc, c = start(["--state", state_file])
    try:
        assert "H26.21-261208-0042" in c.state()["dossiers"]
        s = c.ok("/auth", {"username": "motcua", "password": "motcua-secret"})["session"]
        check_submit_poll(c, s)
        c.ok("/_control/expire")
        assert c.integration(s, "TraCuuHoSo", mahoso="x")["error_code"] == "-2"
        c.ok("/_control/reset")
        assert c.state()["dossiers"] == {}
    finally:
        proc.terminate()
        proc.wait()
        receiver.shutdown()
    print("portal stand-in self-test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
