#!/usr/bin/env python3
"""package-test.py — the serving half of scripts/package-test.sh, run against the installed
package: start the unit's ExecStart as the unit's user with the unit's EnvironmentFile (as
systemd would; there is no systemd as PID 1 on the CI machine) and NOTIFY_SOCKET on a socket
this script listens on; wait for READY=1; create an administrator and a receptionist with
`motcua user add` after importing the shipped organisation tree and one procedure of the
shipped catalogue assigned to a counter (the package loads no demo data); receive one dossier
over the API; run the nightly backup with its retention; stop with SIGTERM and wait for
STOPPING=1 and a clean exit."""
import json, os, pwd, re, signal, socket, subprocess, sys, tempfile, time, urllib.request

UNIT = "/lib/systemd/system/motcua.service"
BACKUP_UNIT = "/lib/systemd/system/motcua-backup.service"


def fail(msg):
    print(f"package-test: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def unit_settings(path):
    out = {}
    for line in open(path):
        m = re.match(r"^([A-Za-z]+)=(.*)$", line.strip())
        if m:
            out[m.group(1)] = m.group(2)
    return out


def environment_file(path):
    """systemd's EnvironmentFile for the simple NAME=value lines motcua.conf has."""
    env = {}
    for line in open(path):
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        name, _, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        env[name.strip()] = value
    return env


def as_user(unit, extra_env):
    """Environment and process settings of the unit: its user, group, directory, variables."""
    user = pwd.getpwnam(unit["User"])
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": user.pw_dir, "LANG": "C.UTF-8"}
    env.update(environment_file(unit["EnvironmentFile"]))
    env.update(extra_env)

    def demote():
        os.setgid(user.pw_gid)
        os.setgroups([])
        os.setuid(user.pw_uid)
        os.umask(0o027)

    return dict(env=env, cwd=unit["WorkingDirectory"], preexec_fn=demote)


def motcua(unit, *args, stdin=None):
    r = subprocess.run(["/usr/bin/motcua", *args], input=stdin, capture_output=True, text=True,
                       timeout=60, **as_user(unit, {}))
    if r.returncode != 0:
        fail(f"motcua {' '.join(args)}: exit {r.returncode}: {r.stderr.strip()[-500:]}")
    return r.stdout


def api(port, method, path, body=None, token=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def wait_notify(sock, word, proc, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None and word != "STOPPING=1":
            fail(f"motcua serve exited ({proc.returncode}) before {word}")
        sock.settimeout(0.5)
        try:
            msg = sock.recv(4096).decode()
        except socket.timeout:
            continue
        if word in msg.split("\n"):
            return msg
    fail(f"no {word} on NOTIFY_SOCKET within {seconds} s")


def main():
    unit = unit_settings(UNIT)
    if unit.get("Type") != "notify":
        fail("motcua.service is not Type=notify")
    tmp = tempfile.mkdtemp(prefix="motcua-notify-")
    os.chmod(tmp, 0o755)
    path = os.path.join(tmp, "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    os.chmod(path, 0o777)  # the service runs as motcua and must be able to send to it

    # Empty data directory: the first start creates the database, without demo data.
    port_file = os.path.join(unit["WorkingDirectory"], "package-test.port")
    cmd = unit["ExecStart"].split() + ["--port-file", port_file]
    # Port 0: the CI machine may already serve something on the configured 8080.
    extra = {"NOTIFY_SOCKET": path, "MOTCUA_LISTEN": "127.0.0.1:0"}
    started = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            **as_user(unit, extra))
    try:
        ready = wait_notify(sock, "READY=1", proc, 30)
        print(f"package-test: READY=1 after {time.time() - started:.1f} s ({ready.strip()!r})")
        port = int(open(port_file).read())
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as r:
            health = json.loads(r.read())
        if health.get("status") != "ok":
            fail(f"/healthz: {health}")
        if motcua(unit, "user", "list").strip():
            fail("a packaged install must start without users (no demo accounts)")
        status, _ = api(port, "POST", "/api/v1/auth/login",
                        {"username": "admin", "password": "quantri@2026"})
        if status == 200:
            fail("the demo administrator password works on a packaged install")

        data = "/usr/share/motcua/data"
        motcua(unit, "import", "org", f"{data}/org/giong-rieng-2020.json")
        motcua(unit, "import", "org", f"{data}/org/demo-extra.json")
        # A counter receives only the procedures assigned to it: the shipped catalogue names
        # no units (the demo loader assigns them), so the test assigns its one procedure.
        catalogue = json.load(open(f"{data}/procedures/demo-catalogue.json"))
        procedure = next(p for p in catalogue["procedures"] if p["code"] == "1.001193")
        procedure["units"] = [{"unit": "GR-X01-MC", "role": "receive"},
                         {"unit": "GR-X01", "role": "resolve"}]
        one = os.path.join(tmp, "catalogue.json")
        with open(one, "w") as f:
            json.dump({"procedures": [procedure]}, f, ensure_ascii=False)
        os.chmod(one, 0o644)
        motcua(unit, "import", "procedures", one)
        motcua(unit, "user", "add", "quantri", "--name", "Quản trị hệ thống",
               stdin="Quan-tri-package-test-1\n")
        motcua(unit, "user", "grant", "quantri", "admin")
        motcua(unit, "user", "add", "tiepnhan", "--name", "Nguyễn Thị Lan",
               stdin="Tiep-nhan-package-test-1\n")
        motcua(unit, "user", "grant", "tiepnhan", "receptionist", "GR-X01-MC")

        status, body = api(port, "POST", "/api/v1/auth/login",
                           {"username": "tiepnhan", "password": "Tiep-nhan-package-test-1"})
        if status != 200:
            fail(f"login as the receptionist: {status} {body}")
        token = body["token"]
        reception = {"procedure_code": "1.001193", "outcome": "accept", "channel": "counter",
                     "return_method": "counter", "received": [1, 1, 1, 1, 1, 1, 1, 1],
                     "applicant": {"kind": "person", "name": "Trần Văn Gói",
                                   "id_number": "079203001234", "phone": "0912 345 678",
                                   "address": "Ấp 1, thị trấn Giồng Riềng"}}
        status, body = api(port, "POST", "/api/v1/dossiers", reception, token)
        if status != 201 or not body.get("code"):
            fail(f"receiving a dossier: {status} {body}")
        code = body["code"]
        status, body = api(port, "GET", f"/api/v1/dossiers/{code}", None, token)
        if status != 200:
            fail(f"reading dossier {code} back: {status} {body}")
        print(f"package-test: dossier {code} received and read back")

        # The nightly backup, exactly as its unit runs it, while the server serves; an
        # old backup past the retention is deleted, today's is kept.
        bunit = unit_settings(BACKUP_UNIT)
        backups = environment_file(bunit["EnvironmentFile"]).get(
            "MOTCUA_BACKUP_DIR", "/var/lib/motcua/backups")
        old = os.path.join(backups, "2000-01-01T023000Z")
        subprocess.run(["runuser", "-u", "motcua", "--", "mkdir", "-p", old], check=True)
        r = subprocess.run([bunit["ExecStart"]], capture_output=True, text=True, timeout=120,
                           **as_user(bunit, {}))
        if r.returncode != 0:
            fail(f"nightly backup: exit {r.returncode}: {r.stderr.strip()[-500:]}")
        made = [d for d in os.listdir(backups) if d != "2000-01-01T023000Z"]
        if os.path.exists(old):
            fail("the nightly backup kept a backup older than MOTCUA_BACKUP_KEEP_DAYS")
        if len(made) != 1 or not os.path.exists(os.path.join(backups, made[0], "MANIFEST.json")):
            fail(f"nightly backup: expected one whole backup in {backups}, found {made}")
        print(f"package-test: nightly backup {made[0]} written, checked; old one deleted")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    wait_notify(sock, "STOPPING=1", proc, 20)
    try:
        rc = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        fail("motcua serve did not stop within 20 s of SIGTERM")
    output = proc.stdout.read()
    if rc != 0:
        fail(f"motcua serve exited {rc} after SIGTERM:\n{output[-1500:]}")
    if "Demo logins" in output or "demo data" in output:
        fail("the packaged server loaded the demo data")
    os.unlink(port_file)
    sock.close()
    os.unlink(path)
    os.unlink(os.path.join(tmp, "catalogue.json"))
    os.rmdir(tmp)
    print("package-test: STOPPING=1 on SIGTERM, clean exit")


if __name__ == "__main__":
    main()
