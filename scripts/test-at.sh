#!/usr/bin/env bash
# Runs the unit, HTTP and notification suites of an existing build as if the clock read
# SPEC (anything `date -d` understands, e.g. "2026-04-29 16:30 +07"), under libfaketime
# (Debian package faketime, see scripts/install-deps.sh). The tests must not depend on the day
# they run (docs/reliability.md); this is how that is checked at a weekend, a holiday eve, a
# minute before close of office and at midnight.
#
#   scripts/test-at.sh "2026-12-12 10:00 +07"              # unit + http + notify
#   scripts/test-at.sh "2026-12-12 10:00 +07" 'notify|dossier_flow'   # a ctest -R subset
#
# The clock is shifted, not frozen: it starts at SPEC and runs on, so waits and timeouts
# behave. Every process ctest starts inherits the shift through LD_PRELOAD, the servers of
# the HTTP suites included; the PostgreSQL cluster of the `pg` fixture is started without it
# (tests/support/pg.sh): every stored time is passed from C, and PostgreSQL's lock timers
# misfire under a shifted clock. Runs with -j1: the machine is shared. BUILD (default
# build/) is the configured build directory.
set -euo pipefail

spec=${1:?usage: scripts/test-at.sh "<date spec, e.g. 2026-04-29 16:30 +07>" [ctest -R regex]}
regex=${2:-}
build=${BUILD:-build}
command -v faketime >/dev/null || {
  echo "test-at: faketime is missing; run scripts/install-deps.sh" >&2
  exit 1
}
target=$(date -d "$spec" +%s) || {
  echo "test-at: cannot read the date '$spec'" >&2
  exit 2
}
offset=$((target - $(date +%s)))
sign=+
[ "$offset" -lt 0 ] && sign=
echo "test-at: running as of $(TZ=Asia/Ho_Chi_Minh date -d "@$target" '+%Y-%m-%d %H:%M %a') (Vietnam)" >&2

args=(--output-on-failure -j1)
if [ -n "$regex" ]; then
  args+=(-R "$regex")
else
  args+=(-L 'unit|http')
fi
cd "$build"
start=$(date +%s)
rc=0
FAKETIME_DONT_RESET=1 faketime -f "${sign}${offset}s" ctest "${args[@]}" || rc=$?
echo "test-at: $spec: exit $rc after $(($(date +%s) - start)) s" >&2
exit $rc
