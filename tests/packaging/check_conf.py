#!/usr/bin/env python3
"""check_conf.py SOURCE_DIR — packaging/motcua.conf (the package's /etc/motcua/motcua.conf)
names every MOTCUA_* setting the program reads, so that an operator finds every setting
there. A listed name nothing reads is reported but not fatal: the file may name a setting
a branch being merged alongside introduces."""
import pathlib, re, sys

root = pathlib.Path(sys.argv[1])
read = set()
for f in (root / "src").rglob("*.c"):
    read |= set(re.findall(r'"(MOTCUA_[A-Z0-9_]+)"', f.read_text()))
conf = (root / "packaging/motcua.conf").read_text()
listed = set(re.findall(r"^#?(MOTCUA_[A-Z0-9_]+)=", conf, re.M))
# Read by packaging/nightly-backup, not by the program.
listed_extra = {"MOTCUA_BACKUP_DIR", "MOTCUA_BACKUP_KEEP_DAYS"}
missing, dead = sorted(read - listed), sorted(listed - read - listed_extra)
if dead:
    print(f"note: packaging/motcua.conf lists settings nothing reads: {dead}")
if missing:
    print(f"packaging/motcua.conf: missing {missing}")
    sys.exit(1)
print(f"ok: {len(read)} settings")
