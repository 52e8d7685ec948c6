#!/usr/bin/python3
"""A stand-in for the National Public Service Portal (Cổng DVCQG), for tests only.

The real portal cannot be reached from a test machine and has no published specification.
This server implements the portal side of the API *shape* described in CONNECTED.md §1, which
is OpenCPS's (VietOpenCPS/opencps-v2, DVCQGIntegrationActionImpl.java): log-in, dossier sync,
progress update, lookup and the national catalogue. It keeps everything it receives, can be
told to fail in the ways a real partner fails, and can act as a citizen submitting a dossier
on the portal (pushed to motcua or queued for a poll). It is NOT the real portal: where the
published shape is silent, the choices made here are assumptions, listed in README.md.

Python 3 standard library only. Usage:
    portal.py --port 0 [--host 127.0.0.1] [--state FILE] [--catalogue FILE]
              [--push-url URL] [--push-user U --push-password P | --push-token T]
              [--user motcua --password motcua-secret]
The first line printed on stdout is the port chosen.
"""

import argparse
import base64
import copy
import datetime
import json
import os
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
DATE_RE = re.compile(r"^\d{14}$")
IDEM_HEADERS = ("Idempotency-Key", "X-Idempotency-Key")

# Required fields of a DongBoHoSoMC record, and the ones that must carry a portal date.
DOSSIER_REQUIRED = ("MaHoSo", "MaTTHC", "TenTTHC", "ChuHoSo", "LoaiDoiTuong", "TrangThaiHoSo")
DOSSIER_DATES = ("NgayTiepNhan", "NgayHenTra", "NgayTra", "NgayKetThucXuLy", "NgayNopHoSo",
                 "NgayTuChoi")
SUPPLEMENT_DATES = ("NgayBoSung", "NgayTiepNhanBoSung", "NgayHenTraTruoc", "NgayHenTraMoi")
PROGRESS_REQUIRED = ("MaHoSo", "ThoiDiemXuLy", "TrangThai")
PROGRESS_DATES = ("ThoiDiemXuLy", "NgayBatDau", "NgayKetThucTheoQuyDinh")
FAULT_MODES = ("none", "down", "slow", "error500", "duplicate", "reorder", "reject_field")


def valid_portal_date(text):
    """yyyyMMddHHmmss and a real calendar moment (20261331... is refused)."""
    if not isinstance(text, str) or not DATE_RE.match(text):
        return False
    try:
        datetime.datetime.strptime(text, "%Y%m%d%H%M%S")
    except ValueError:
        return False
    return True


def empty_state():
    return {
        "sessions": [],
        "dossiers": {},      # MaHoSo -> latest record as received (plus planted changes)
        "versions": {},      # MaHoSo -> every record received, in order
        "progress": {},      # MaHoSo -> progress entries, in arrival order
        "requests": [],      # every /auth and /integration call: service, key, outcome
        "idempotency": {},   # key -> the answer given the first time
        "submitted": [],     # dossiers submitted on the portal (control/submit)
        "queue": [],         # submitted and not yet acknowledged by a poll client
        "held": [],          # held back while the fault is 'reorder'
        "pushes": [],        # every push to motcua and its answer
        "order_violations": [],  # progress entries older than the one before them
        "catalogue_overrides": {},
        "sequence": 0,
    }


class Portal:
    """All state, behind one lock; saved to --state after every change when asked."""

    def __init__(self, args):
        self.args = args
        self.lock = threading.RLock()
        self.fault = {"mode": "none"}
        self.state = empty_state()
        if args.state and os.path.exists(args.state):
            with open(args.state, encoding="utf-8") as f:
                self.state.update(json.load(f))
        self.catalogue = {"units": {}, "procedures": []}
        if args.catalogue:
            with open(args.catalogue, encoding="utf-8") as f:
                self.catalogue = json.load(f)
        self.refuse = threading.Event()
        self.closed = threading.Event()
        self.refuse_ms = 0

    def save(self):
        if not self.args.state:
            return
        tmp = self.args.state + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self.state, f, ensure_ascii=False)
        os.replace(tmp, self.args.state)

    # ---- faults -------------------------------------------------------------------------

    def take_fault(self):
        """The fault that applies to this portal call; a counted fault wears off."""
        with self.lock:
            fault = dict(self.fault)
            if "count" in self.fault:
                self.fault["count"] -= 1
                if self.fault["count"] <= 0:
                    self.fault = {"mode": "none"}
            return fault

    # ---- procedures ---------------------------------------------------------------------

    def procedures(self):
        by_code = {p["MATTHC"]: p for p in self.catalogue.get("procedures", [])}
        by_code.update(self.state["catalogue_overrides"])
        return by_code

    def unit_codes(self, madonvi):
        units = self.catalogue.get("units", {})
        return units.get(madonvi) if madonvi in units else None


def fail(message, code="-1", field=None):
    answer = {"error_code": code, "message": message}
    if field:
        answer["field"] = field
    return answer


def ok(**extra):
    answer = {"error_code": "00", "message": "Thành công"}
    answer.update(extra)
    return answer


def check_dates(record, names, where=""):
    for name in names:
        value = record.get(name)
        if value in (None, ""):
            continue
        if not valid_portal_date(value):
            return fail("Trường %s%s sai định dạng ngày yyyyMMddHHmmss: %r" % (where, name, value),
                        field=name)
    return None


def check_status(value, name):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return fail("Trường %s phải là mã trạng thái 1–10" % name, field=name)
    if not 1 <= number <= 10:
        return fail("Trường %s phải là mã trạng thái 1–10" % name, field=name)
    return None


def check_rejected_field(record, fault):
    field = fault.get("field")
    if fault.get("mode") == "reject_field" and field and field in record:
        return fail("Cổng từ chối trường %s" % field, field=field)
    return None


def validate_dossier(record, fault):
    if not isinstance(record, dict):
        return fail("Mỗi phần tử của data phải là một hồ sơ", field="data")
    for name in DOSSIER_REQUIRED:
        if record.get(name) in (None, ""):
            return fail("Thiếu trường bắt buộc %s" % name, field=name)
    bad = check_status(record["TrangThaiHoSo"], "TrangThaiHoSo")
    if bad:
        return bad
    if str(record["LoaiDoiTuong"]) not in ("1", "2"):
        return fail("Trường LoaiDoiTuong phải là 1 (công dân) hoặc 2 (doanh nghiệp)",
                    field="LoaiDoiTuong")
    status = int(record["TrangThaiHoSo"])
    if status not in (1, 3) and record.get("NgayTiepNhan") in (None, ""):
        return fail("Thiếu trường bắt buộc NgayTiepNhan", field="NgayTiepNhan")
    if status == 10 and record.get("NgayTra") in (None, ""):
        return fail("Thiếu trường bắt buộc NgayTra", field="NgayTra")
    bad = check_dates(record, DOSSIER_DATES)
    if bad:
        return bad
    for cycle in record.get("DanhSachHoSoBoSung") or []:
        bad = check_dates(cycle, SUPPLEMENT_DATES, "DanhSachHoSoBoSung.")
        if bad:
            return bad
    return check_rejected_field(record, fault)


def validate_progress(entry, state, fault):
    if not isinstance(entry, dict):
        return fail("Mỗi phần tử của data phải là một bước xử lý", field="data")
    for name in PROGRESS_REQUIRED:
        if entry.get(name) in (None, ""):
            return fail("Thiếu trường bắt buộc %s" % name, field=name)
    if entry["MaHoSo"] not in state["dossiers"]:
        return fail("Hồ sơ %s chưa được đồng bộ (DongBoHoSoMC) nên chưa cập nhật được tiến độ"
                    % entry["MaHoSo"], field="MaHoSo")
    bad = check_status(entry["TrangThai"], "TrangThai") or check_dates(entry, PROGRESS_DATES)
    return bad or check_rejected_field(entry, fault)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "PortalStandin/1"

    def log_message(self, fmt, *args):  # quiet unless asked
        if self.server.portal.args.verbose:
            sys.stderr.write("portal: " + fmt % args + "\n")

    @property
    def portal(self):
        return self.server.portal

    # ---- plumbing -----------------------------------------------------------------------

    def read_json(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return {}
        return json.loads(raw.decode("utf-8"))

    def answer(self, body, status=200):
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def idempotency_key(self):
        for name in IDEM_HEADERS:
            if self.headers.get(name):
                return self.headers.get(name)
        return None

    def do_GET(self):
        if self.path.split("?")[0] == "/_control/state":
            with self.portal.lock:
                body = copy.deepcopy(self.portal.state)
                body["fault"] = dict(self.portal.fault)
            return self.answer(body)
        if self.path.split("?")[0] == "/_control/health":
            return self.answer({"ok": True})
        return self.answer(fail("Không có đường dẫn này"), 404)

    def do_POST(self):
        path = self.path.split("?")[0]
        try:
            body = self.read_json()
        except (ValueError, UnicodeDecodeError):
            return self.answer(fail("Nội dung không phải JSON"), 400)
        if path.startswith("/_control/"):
            return self.control(path[len("/_control/"):], body)
        if path not in ("/auth", "/integration"):
            return self.answer(fail("Không có đường dẫn này"), 404)
        fault = self.portal.take_fault()
        if not self.apply_transport_fault(fault):
            return None
        key = self.idempotency_key()
        with self.portal.lock:
            if key and key in self.portal.state["idempotency"]:
                replay = self.portal.state["idempotency"][key]
                self.record(path, body, key, replay, replayed=True)
                self.portal.save()
                return self.answer(replay)
            result = self.auth(body) if path == "/auth" else self.integration(body, fault)
            if key and path == "/integration":
                self.portal.state["idempotency"][key] = result
            self.record(path, body, key, result, replayed=False)
            self.portal.save()
        return self.answer(result)

    def apply_transport_fault(self, fault):
        """Faults that stop or slow the call before it reaches the portal's logic."""
        mode = fault.get("mode")
        if mode == "slow":
            time.sleep(int(fault.get("ms", 1000)) / 1000.0)
        elif mode == "error500":
            self.answer({"error": "Internal Server Error"}, 500)
            return False
        elif mode == "down":
            if fault.get("how") == "close":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return False
            self.answer({"error": "Service Unavailable"}, 503)
            return False
        return True

    def record(self, path, body, key, result, replayed):
        self.portal.state["requests"].append({
            "path": path,
            "service": body.get("service") if path == "/integration" else "auth",
            "madonvi": body.get("madonvi"),
            "idempotency_key": key,
            "error_code": result.get("error_code"),
            "message": result.get("message"),
            "replayed": replayed,
        })

    # ---- the portal ---------------------------------------------------------------------

    def auth(self, body):
        args = self.portal.args
        if body.get("username") != args.user or body.get("password") != args.password:
            return {"error_code": -1, "message": "Sai tên đăng nhập hoặc mật khẩu"}
        state = self.portal.state
        state["sequence"] += 1
        session = "ss-%d-%s" % (state["sequence"], base64.urlsafe_b64encode(os.urandom(9)).decode())
        state["sessions"].append(session)
        return {"session": session, "error_code": 0}

    def integration(self, body, fault):
        if body.get("session") not in self.portal.state["sessions"]:
            return fail("Phiên làm việc không hợp lệ hoặc đã hết hạn", code="-2", field="session")
        if not body.get("madonvi"):
            return fail("Thiếu trường bắt buộc madonvi", field="madonvi")
        services = {
            "DongBoHoSoMC": self.sync_dossiers,
            "CapNhatTienDoHoSoMC": self.update_progress,
            "TraCuuHoSo": self.lookup,
            "LayThuTuc": self.procedure,
            "LayDanhSachTTHC": self.procedure_list,
            "LayDanhSachHoSoMoi": self.poll_new,
            "XacNhanDaNhanHoSo": self.acknowledge,
        }
        service = services.get(body.get("service"))
        if not service:
            return fail("Dịch vụ %r không được hỗ trợ" % body.get("service"), field="service")
        return service(body, fault)

    def sync_dossiers(self, body, fault):
        if body.get("isUpdating") not in ("True", "False"):
            return fail("Trường isUpdating phải là \"True\" hoặc \"False\"", field="isUpdating")
        data = body.get("data")
        if not isinstance(data, list) or not data:
            return fail("Trường data phải là danh sách hồ sơ", field="data")
        for record in data:  # all or nothing, so a rejected batch leaves no trace
            bad = validate_dossier(record, fault)
            if bad:
                return bad
        state = self.portal.state
        for record in data:
            code = record["MaHoSo"]
            state["dossiers"][code] = copy.deepcopy(record)
            state["versions"].setdefault(code, []).append(
                {"isUpdating": body["isUpdating"], "record": copy.deepcopy(record)})
        return ok(count=len(data))

    def update_progress(self, body, fault):
        data = body.get("data")
        if not isinstance(data, list) or not data:
            return fail("Trường data phải là danh sách bước xử lý", field="data")
        state = self.portal.state
        for entry in data:
            bad = validate_progress(entry, state, fault)
            if bad:
                return bad
        for entry in data:
            steps = state["progress"].setdefault(entry["MaHoSo"], [])
            if steps and steps[-1]["ThoiDiemXuLy"] > entry["ThoiDiemXuLy"]:
                state["order_violations"].append(
                    {"MaHoSo": entry["MaHoSo"], "after": steps[-1]["ThoiDiemXuLy"],
                     "got": entry["ThoiDiemXuLy"]})
            steps.append(copy.deepcopy(entry))
        return ok(count=len(data))

    def lookup(self, body, fault):
        code = body.get("mahoso")
        if not code:
            return fail("Thiếu trường bắt buộc mahoso", field="mahoso")
        state = self.portal.state
        record = state["dossiers"].get(code)
        if record is None:
            return ok(found=False, result=None)
        result = copy.deepcopy(record)
        result["TienDoXuLy"] = copy.deepcopy(state["progress"].get(code, []))
        return ok(found=True, result=result)

    def procedure(self, body, fault):
        code = body.get("maTTHC")
        if not code:
            return fail("Thiếu trường bắt buộc maTTHC", field="maTTHC")
        found = self.portal.procedures().get(code)
        if found is None:
            return fail("Không tìm thấy thủ tục %s" % code, field="maTTHC")
        return ok(result=[copy.deepcopy(found)])

    def procedure_list(self, body, fault):
        procedures = self.portal.procedures()
        codes = self.portal.unit_codes(body.get("madonvi"))
        if codes is None:
            codes = sorted(procedures)
        rows = []
        for code in codes:
            p = procedures.get(code)
            if p:
                rows.append({k: p.get(k) for k in
                             ("MATTHC", "TENTTHC", "LINHVUCTHUCHIEN", "CAPTHUCHIEN",
                              "NGAYCAPNHAT") if k in p})
        return ok(total=len(rows), result=rows)

    def poll_new(self, body, fault):
        queue = [d for d in self.portal.state["queue"]
                 if d.get("MaDonVi") in (None, body.get("madonvi"))]
        if fault.get("mode") == "duplicate":
            queue = [d for d in queue for _ in range(2)]
        if fault.get("mode") == "reorder":
            queue = list(reversed(queue))
        return ok(total=len(queue), result=copy.deepcopy(queue))

    def acknowledge(self, body, fault):
        codes = body.get("mahoso")
        if isinstance(codes, str):
            codes = [codes]
        if not isinstance(codes, list):
            return fail("Trường mahoso phải là mã hoặc danh sách mã hồ sơ", field="mahoso")
        state = self.portal.state
        state["queue"] = [d for d in state["queue"] if d["MaHoSo"] not in codes]
        return ok(count=len(codes))

    # ---- control ------------------------------------------------------------------------

    def control(self, name, body):
        actions = {
            "fault": self.control_fault,
            "reset": self.control_reset,
            "plant": self.control_plant,
            "submit": self.control_submit,
            "release": self.control_release,
            "expire": self.control_expire,
            "catalogue": self.control_catalogue,
        }
        action = actions.get(name)
        if not action:
            return self.answer(fail("Không có lệnh điều khiển %s" % name), 404)
        with self.portal.lock:
            status, result = action(body)
            self.portal.save()
        return self.answer(result, status)

    def control_fault(self, body):
        mode = body.get("mode", "none")
        if mode not in FAULT_MODES:
            return 400, fail("Chế độ lỗi không có: %s" % mode, field="mode")
        if mode == "reject_field" and not body.get("field"):
            return 400, fail("reject_field cần trường field", field="field")
        if mode == "down" and body.get("how") == "refuse":
            self.portal.refuse_ms = int(body.get("ms", 1000))
            self.portal.closed.clear()
            self.portal.refuse.set()
            self.portal.closed.wait(5)  # answer once connections are really refused
            return 200, {"ok": True, "fault": {"mode": "down", "how": "refuse",
                                               "ms": self.portal.refuse_ms}}
        self.portal.fault = dict(body, mode=mode)
        return 200, {"ok": True, "fault": self.portal.fault}

    def control_reset(self, body):
        self.portal.state = empty_state()
        self.portal.fault = {"mode": "none"}
        return 200, {"ok": True}

    def control_expire(self, body):
        self.portal.state["sessions"] = []
        return 200, {"ok": True}

    def control_plant(self, body):
        code = body.get("MaHoSo")
        state = self.portal.state
        if code not in state["dossiers"]:
            return 404, fail("Cổng không giữ hồ sơ %s" % code, field="MaHoSo")
        if body.get("delete"):
            del state["dossiers"][code]
            state["progress"].pop(code, None)
            return 200, {"ok": True, "deleted": code}
        changes = body.get("set") or {}
        state["dossiers"][code].update(changes)
        return 200, {"ok": True, "result": state["dossiers"][code]}

    def control_catalogue(self, body):
        procedure = body.get("procedure")
        if not isinstance(procedure, dict) or not procedure.get("MATTHC"):
            return 400, fail("Cần procedure với MATTHC", field="procedure")
        self.portal.state["catalogue_overrides"][procedure["MATTHC"]] = procedure
        return 200, {"ok": True}

    def control_submit(self, body):
        dossier = self.citizen_dossier(body)
        state = self.portal.state
        state["submitted"].append(dossier)
        mode = self.portal.fault.get("mode")
        if not self.portal.args.push_url:
            state["queue"].append(dossier)
            return 200, {"ok": True, "MaHoSo": dossier["MaHoSo"], "queued": True}
        if mode == "reorder":
            state["held"].append(dossier)
            return 200, {"ok": True, "MaHoSo": dossier["MaHoSo"], "held": True}
        answers = [self.push(dossier)]
        if mode == "duplicate":
            answers.append(self.push(dossier))
        return 200, {"ok": True, "MaHoSo": dossier["MaHoSo"], "answers": answers}

    def control_release(self, body):
        """Push what 'reorder' held back, newest first."""
        held = list(reversed(self.portal.state["held"]))
        self.portal.state["held"] = []
        answers = [self.push(d) for d in held]
        return 200, {"ok": True, "order": [d["MaHoSo"] for d in held], "answers": answers}

    def citizen_dossier(self, body):
        """The flat per-dossier shape of CONNECTED §1.4, with defaults for what a test omits."""
        state = self.portal.state
        state["sequence"] += 1
        now = body.get("NgayNopHoSo") or datetime.datetime.now().strftime("%Y%m%d%H%M%S")
        dossier = {
            "MaHoSo": "DVCQG-%s-%05d" % (now[:8], state["sequence"]),
            "MaDonVi": body.get("madonvi") or body.get("MaDonVi"),
            "MaTTHC": "1.001193",
            "TenTTHC": "Đăng ký khai sinh",
            "ChuHoSo": "Nguyễn Văn An",
            "LoaiDoiTuong": "1",
            "SoDinhDanh": "001090012345",
            "LoaiDinhDanh": "1",
            "TaiKhoanDuocXacThucVoiVNeID": "1",
            "SoDienThoai": "0912345678",
            "Email": "",
            "DiaChi": "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội",
            "TrichYeuHoSo": "Đăng ký khai sinh cho con",
            "NgayNopHoSo": now,
            "KenhThucHien": "2",
            "HinhThucTra": "0",
            "TrangThaiHoSo": "1",
            "TepDinhKem": [],
        }
        dossier.update({k: v for k, v in body.items() if k not in ("files", "madonvi")})
        for f in body.get("files") or []:
            content = f.get("content", "")
            if "base64" in f:
                content_b64 = f["base64"]
            else:
                content_b64 = base64.b64encode(content.encode("utf-8")).decode()
            dossier["TepDinhKem"].append({
                "TenTepDinhKem": f.get("name", "giay-to.pdf"),
                "MaThanhPhanHoSo": f.get("component", ""),
                "LoaiTep": f.get("type", "application/pdf"),
                "NoiDungBase64": content_b64,
            })
        return dossier

    def push(self, dossier):
        args = self.portal.args
        data = json.dumps(dossier, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(args.push_url, data=data, method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        request.add_header("Idempotency-Key", "dvcqg-submit-" + dossier["MaHoSo"])
        if args.push_token:
            request.add_header("Authorization", "Bearer " + args.push_token)
        elif args.push_user:
            pair = ("%s:%s" % (args.push_user, args.push_password or "")).encode("utf-8")
            request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode())
        outcome = {"MaHoSo": dossier["MaHoSo"]}
        try:
            with urllib.request.urlopen(request, timeout=args.push_timeout) as response:
                outcome["status"] = response.status
                outcome["body"] = response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            outcome["status"] = e.code
            outcome["body"] = e.read().decode("utf-8", "replace")
        except (urllib.error.URLError, OSError) as e:
            outcome["status"] = 0
            outcome["body"] = str(e)
        try:
            outcome["error_code"] = json.loads(outcome["body"]).get("error_code")
        except (ValueError, AttributeError):
            outcome["error_code"] = None
        self.portal.state["pushes"].append(outcome)
        return outcome


def serve(portal, host, port):
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    server.portal = portal
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return server


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--state")
    p.add_argument("--catalogue", default=os.path.join(HERE, "catalogue.json"))
    p.add_argument("--push-url")
    p.add_argument("--push-user")
    p.add_argument("--push-password")
    p.add_argument("--push-token")
    p.add_argument("--push-timeout", type=float, default=10.0)
    p.add_argument("--user", default="motcua")
    p.add_argument("--password", default="motcua-secret")
    p.add_argument("--verbose", action="store_true")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    portal = Portal(args)
    server = serve(portal, args.host, args.port)
    port = server.server_address[1]
    print(port, flush=True)
    try:
        while True:
            portal.refuse.wait()
            # 'down' with how=refuse: close the listening socket so connections are refused,
            # then listen again on the same port.
            server.shutdown()
            server.server_close()
            portal.closed.set()
            time.sleep(portal.refuse_ms / 1000.0)
            portal.refuse.clear()
            server = serve(portal, args.host, port)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
