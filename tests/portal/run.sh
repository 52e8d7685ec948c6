#!/usr/bin/env bash
# run.sh ENGINE MOTCUA PG_DIR TEST_BINARY — the national portal suite: starts the portal
# stand-in (tests/standin/portal.py, a stand-in built from the published shape, not the real
# portal) on a loopback port, then the suite through with-server.sh with motcua configured to
# report to it as partner "dvcqg" (adapter "portal"). The server runs no jobs of its own
# (MOTCUA_JOB_INTERVAL=0): the suite runs `motcua jobs run-once` when it wants a delivery round.
set -euo pipefail
engine=$1 motcua=$2 pg_dir=$3 test_bin=$4
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-portal-XXXXXX")
portal_pid=
cleanup() {
  if [ -n "$portal_pid" ]; then kill "$portal_pid" 2>/dev/null || true; wait "$portal_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
python3 "$here/../standin/portal.py" --port 0 --state "$work/portal.json" \
  --user motcua --password motcua-secret >"$work/portal.out" 2>"$work/portal.err" &
portal_pid=$!
for _ in $(seq 1 500); do
  [ -s "$work/portal.out" ] && break
  kill -0 "$portal_pid" 2>/dev/null || { cat "$work/portal.err" >&2; exit 1; }
  sleep 0.02
done
port=$(head -n 1 "$work/portal.out" | tr -dc 0-9)
[ -n "$port" ] || { echo "run.sh: the portal stand-in did not start" >&2; cat "$work/portal.err" >&2; exit 1; }
export MOTCUA_STANDIN_URL="http://127.0.0.1:$port"
export MOTCUA_PARTNERS=dvcqg
export MOTCUA_PARTNER_DVCQG_ADAPTER=portal
export MOTCUA_PARTNER_DVCQG_URL="$MOTCUA_STANDIN_URL"
export MOTCUA_PARTNER_DVCQG_USER=motcua
export MOTCUA_PARTNER_DVCQG_PASSWORD=motcua-secret
export MOTCUA_PARTNER_DVCQG_SECRET=portal-push-secret
export MOTCUA_PARTNER_DVCQG_TIMEOUT=5
export MOTCUA_EXCHANGE_BACKOFF=1
export MOTCUA_EXCHANGE_BACKOFF_MAX=2
export MOTCUA_JOB_INTERVAL=0
"$here/../support/with-server.sh" "$engine" "$motcua" "$pg_dir" "$test_bin"
