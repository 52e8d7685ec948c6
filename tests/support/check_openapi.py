#!/usr/bin/python3
"""Every route of src/api/routes.c is described in docs/openapi.yaml with its method, and the
document parses. Run by ctest as docs.openapi, so a new endpoint without documentation fails
the build's tests."""
import re
import sys

import yaml

root = sys.argv[1]
routes = re.findall(r'\{"(GET|POST|PUT|DELETE|PATCH)", "(/api/v1/[^"]*)"',
                    open(f"{root}/src/api/routes.c", encoding="utf-8").read())
doc = yaml.safe_load(open(f"{root}/docs/openapi.yaml", encoding="utf-8"))
paths = doc.get("paths", {})
missing = [f"{m} {p}" for m, p in routes if m.lower() not in (paths.get(p) or {})]
for m in missing:
    print(f"not in docs/openapi.yaml: {m}")
print(f"{len(routes) - len(missing)} passed, {len(missing)} failed")
sys.exit(1 if missing else 0)
