#!/usr/bin/env python3
"""test_serve_notify.py MOTCUA — what the systemd unit relies on in `motcua serve`, without
root or systemd (make package-test does it on the installed package as root):
  * readiness: READY=1 on NOTIFY_SOCKET once the server answers, STOPPING=1 on SIGTERM, exit 0;
  * MOTCUA_DEMO=0 (the package's setting) starts a fresh database without any user, while
    the default still loads the demo data for `make run`."""
import os, signal, socket, subprocess, sys, tempfile, time, urllib.request

MOTCUA = sys.argv[1]


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def recv_until(sock, word, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        sock.settimeout(max(0.1, deadline - time.time()))
        try:
            lines = sock.recv(4096).decode().split("\n")
        except socket.timeout:
            break
        if word in lines:
            return
    fail(f"no {word} within {seconds} s")


def serve(tmp, demo):
    env = dict(os.environ, MOTCUA_DB=f"{tmp}/m.db", MOTCUA_FILES_DIR=f"{tmp}/files",
               MOTCUA_UPLOAD_DIR=f"{tmp}/uploads", MOTCUA_JOB_INTERVAL="0",
               NOTIFY_SOCKET=f"{tmp}/notify")
    env.pop("MOTCUA_DEMO", None)
    if demo is not None:
        env["MOTCUA_DEMO"] = demo
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(f"{tmp}/notify")
    proc = subprocess.Popen([MOTCUA, "serve", "--listen", "127.0.0.1:0", "--port-file",
                             f"{tmp}/port"], env=env, cwd=tmp, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        recv_until(sock, "READY=1", 30)
        # Ready means answering: the port is written and /healthz answers at once.
        port = int(open(f"{tmp}/port").read())
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
            if r.status != 200:
                fail(f"/healthz answered {r.status} after READY=1")
        users = subprocess.run([MOTCUA, "user", "list"], env=env, capture_output=True,
                               text=True, check=True).stdout
    finally:
        proc.send_signal(signal.SIGTERM)
    recv_until(sock, "STOPPING=1", 20)
    if proc.wait(timeout=20) != 0:
        fail(f"serve exited {proc.returncode} on SIGTERM")
    sock.close()
    return users, proc.stdout.read()


with tempfile.TemporaryDirectory() as tmp:
    users, out = serve(tmp, "0")
    if users.strip() or "Demo logins" in out:
        fail(f"MOTCUA_DEMO=0 still created users:\n{users}{out}")
with tempfile.TemporaryDirectory() as tmp:
    users, out = serve(tmp, None)
    if "admin" not in users or "Demo logins" not in out:
        fail("without MOTCUA_DEMO a fresh database no longer gets the demo data")
print("ok: READY=1, STOPPING=1, MOTCUA_DEMO=0 starts without users")
