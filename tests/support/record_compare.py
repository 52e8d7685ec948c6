#!/usr/bin/env python3
"""record_compare.py BEFORE_DIR AFTER_DIR [--all] — compares two recordings of the HTTP
suites' answers (MOTCUA_TEST_RECORD=<dir>, written by tests/support/tclient.c) to show that a
refactoring left every answer as it was.

Each line is {"req","status","type","body"}. What changes from run to run is masked before
comparing: times and dates, tokens and hashes, dossier codes, error ids, ports, and the
numbers of /metrics, and
file sizes (suites make their PDFs with the day's date in them). By default only the JSON API (/api/...) is compared; --all compares
pages too. Suites whose requests run concurrently (crash, two instances, failover ...) record
in an order of their own making and are compared as sorted multisets.
Exit status 0 when every suite matches, 1 otherwise (the first differences are printed)."""
import json
import os
import re
import sys

# Suites whose requests run concurrently: compared as sets of distinct answers.
CONCURRENT = ("two_instances", "failover", "db_outage", "hostile", "login_policy")
# Suites whose requests depend on timing (a server killed at a random moment, a backup taken
# while writers run): listed, not compared.
TIMED = ("test_crash", "backup_restore")

MASKS = [
    (re.compile(r"\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?"), "<time>"),
    (re.compile(r"\b\d{4}-\d\d-\d\d\b"), "<date>"),
    (re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"), "<date>"),
    (re.compile(r"\b\d{1,2}:\d\d(:\d\d)?\b"), "<hm>"),
    (re.compile(r"ngày \d+ tháng \d+ năm \d+"), "<longdate>"),
    (re.compile(r"\d+ giờ \d+ phút"), "<hm>"),
    (re.compile(r"\b[0-9a-fA-F]{16,}\b"), "<hex>"),
    (re.compile(r"[A-Za-z0-9_\-%]{16,}"), "<token>"),
    (re.compile(r"sau \d+ giây"), "sau <n> giây"),
    (re.compile(r"mã lỗi [0-9a-f]{8}"), "mã lỗi <id>"),
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:<port>"),
    (re.compile(r"\b\d{9,}\b"), "<n>"),
    (re.compile(r"\b\d{6}-\d{3,}\b"), "<code>"),
]
TIME_KEYS = re.compile(r"(_at|_time|time|_due|due|now|expires|deadline|date|day|size)$")


def mask_text(s):
    for rx, rep in MASKS:
        s = rx.sub(rep, s)
    return s


def mask_json(v, key=""):
    if isinstance(v, dict):
        return {k: mask_json(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [mask_json(x, key) for x in v]
    if isinstance(v, str):
        return mask_text(v)
    if isinstance(v, (int, float)) and not isinstance(v, bool) and TIME_KEYS.search(key):
        return "<time>"
    if isinstance(v, int) and not isinstance(v, bool) and v > 10**8:
        return "<n>"
    return v


def normalise(line):
    r = json.loads(line)
    body = r["body"]
    if isinstance(body, int):
        body = "<binary>"
    elif "json" in r["type"]:
        try:
            body = json.dumps(mask_json(json.loads(body)), sort_keys=True, ensure_ascii=False)
        except ValueError:
            body = mask_text(body)
    elif r["req"].split(" ", 1)[1].startswith("/metrics"):
        body = "<metrics>"
    else:
        body = mask_text(body)
    return "%s %s %s" % (mask_text(r["req"]), r["status"], body)


def load(path, pages):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            req = r["req"]
            if r["status"] < 0:  # the client's own failure (a suite that kills the server)
                continue
            if pages or req.split(" ", 1)[1].startswith("/api/"):
                out.append(normalise(line))
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    pages = "--all" in sys.argv
    if len(args) != 2:
        sys.exit(__doc__)
    before, after = args
    names = sorted(set(os.listdir(before)) | set(os.listdir(after)))
    bad = 0
    for name in names:
        a, b = os.path.join(before, name), os.path.join(after, name)
        if not (os.path.exists(a) and os.path.exists(b)):
            print("%s: only in %s" % (name, before if os.path.exists(a) else after))
            bad += 1
            continue
        if any(c in name for c in TIMED):
            print("%s: timing-dependent, not compared" % name)
            continue
        x, y = load(a, pages), load(b, pages)
        if any(c in name for c in CONCURRENT):
            x, y = sorted(set(x)), sorted(set(y))
        if x != y and sorted(x) == sorted(y):
            print("%s: %d answers identical, in another order" % (name, len(x)))
            continue
        if x == y:
            print("%s: %d answers identical" % (name, len(x)))
            continue
        bad += 1
        diffs = [(i, p, q) for i, (p, q) in enumerate(zip(x, y)) if p != q]
        print("%s: %d vs %d answers, %d differ" % (name, len(x), len(y), len(diffs)))
        for i, p, q in diffs[:3]:
            print("  #%d before: %s\n      after:  %s" % (i, p[:400], q[:400]))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
