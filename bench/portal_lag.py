#!/usr/bin/env python3
"""portal_lag.py — sync lag to the national portal (docs/national-portal.md): at a steady rate
of counter receptions, how long from a dossier change (the outbox row's created_at, in the
change's transaction) to the portal's acknowledgement (acked_at), p50 and p99, against the
portal stand-in (tests/standin/portal.py, not the real portal) on loopback, SQLite.

    bench/portal_lag.py BUILD_DIR [--seconds 20] [--rate 5] [--interval 1]

Both instants are whole seconds and the delivery job runs every --interval seconds
(MOTCUA_JOB_INTERVAL), so the figures are in seconds with that resolution: the floor here is
the job's round, not the durable commit (bench_commit_floor, milliseconds). `make bench` (bench/run.sh)
runs it once and reports it as row 2b, next to the durable-commit floor of row 2. Prints
key=value pairs, numbers only (the units are in the keys)."""
import argparse, json, os, sqlite3, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def start(cmd, env, out):
    return subprocess.Popen(cmd, env=env, stdout=open(out, "w"), stderr=subprocess.STDOUT)


def first_line(path, proc, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            sys.exit("did not start: " + open(path).read())
        text = open(path).read().strip()
        if text:
            return text.splitlines()[0]
        time.sleep(0.05)
    sys.exit("did not start in time")


def call(url, body=None, token=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None,
                                 method="POST" if body is not None else "GET")
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"{}")


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))] if v else float("nan")


def main():
    a = argparse.ArgumentParser()
    a.add_argument("build")
    a.add_argument("--seconds", type=int, default=20)
    a.add_argument("--rate", type=float, default=5)
    a.add_argument("--interval", type=int, default=1)
    args = a.parse_args()
    work = tempfile.mkdtemp(prefix="motcua-portal-lag-")
    procs = []
    try:
        portal = start([sys.executable, os.path.join(ROOT, "tests/standin/portal.py"), "--port", "0",
                        "--user", "motcua", "--password", "motcua-secret"], os.environ.copy(),
                       os.path.join(work, "portal.out"))
        procs.append(portal)
        pport = first_line(os.path.join(work, "portal.out"), portal)
        env = dict(os.environ, MOTCUA_PARTNERS="dvcqg", MOTCUA_PARTNER_DVCQG_ADAPTER="portal",
                   MOTCUA_PARTNER_DVCQG_URL="http://127.0.0.1:" + pport,
                   MOTCUA_PARTNER_DVCQG_USER="motcua", MOTCUA_PARTNER_DVCQG_PASSWORD="motcua-secret",
                   MOTCUA_JOB_INTERVAL=str(args.interval), MOTCUA_FILES_DIR=work + "/files",
                   MOTCUA_UPLOAD_DIR=work + "/uploads", MOTCUA_LOG="warn")
        db = os.path.join(work, "motcua.db")
        server = start([os.path.join(args.build, "motcua"), "serve", "--listen", "127.0.0.1:0",
                        "--port-file", work + "/port", "--db", db], env, work + "/server.out")
        procs.append(server)
        end = time.time() + 60
        while not (os.path.exists(work + "/port") and open(work + "/port").read().strip()):
            if time.time() > end or server.poll() is not None:
                sys.exit("motcua did not start: " + open(work + "/server.out").read())
            time.sleep(0.05)
        base = "http://127.0.0.1:" + open(work + "/port").read().strip()
        token = call(base + "/api/v1/auth/login", {"username": "tiepnhan.xa",
                                                   "password": "tiepnhan@2026"})["token"]
        body = {"procedure_code": "1.001193", "outcome": "accept", "channel": "counter",
                "return_method": "counter", "received": [1] * 8,
                "applicant": {"kind": "person", "name": "Nguyễn Văn Đo", "id_number": "079203001234",
                              "phone": "0912 345 678", "address": "Ấp 1"}}
        n, t0 = 0, time.time()
        while time.time() - t0 < args.seconds:
            call(base + "/api/v1/dossiers", body, token)
            n += 1
            time.sleep(max(0.0, t0 + n / args.rate - time.time()))
        end = time.time() + 60
        while time.time() < end:
            con = sqlite3.connect(db)
            left = con.execute("SELECT COUNT(*) FROM exchange_out WHERE state <> 'acked'").fetchone()[0]
            con.close()
            if left == 0:
                break
            time.sleep(0.5)
        con = sqlite3.connect(db)
        lags = [r[0] for r in con.execute(
            "SELECT acked_at - created_at FROM exchange_out WHERE state = 'acked'")]
        left = con.execute("SELECT COUNT(*) FROM exchange_out WHERE state <> 'acked'").fetchone()[0]
        con.close()
        within = sum(1 for v in lags if v <= 10) / len(lags) * 100 if lags else 0
        print("receptions=%d rate_per_s=%.1f messages=%d unacked=%d lag_p50_s=%s lag_p99_s=%s "
              "within_10s_pct=%.1f job_interval_s=%d" % (n, args.rate, len(lags), left,
                                                         pct(lags, 50), pct(lags, 99), within,
                                                         args.interval))
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait()
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
