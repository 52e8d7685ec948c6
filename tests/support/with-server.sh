#!/usr/bin/env bash
# with-server.sh ENGINE MOTCUA PG_DIR TEST_BINARY
# Starts a real `motcua serve` on a free loopback port against a fresh database (a SQLite
# file, or a new database in the throwaway PostgreSQL cluster of PG_DIR), waits until it
# answers /healthz, runs TEST_BINARY with MOTCUA_TEST_URL, MOTCUA_TEST_DB, MOTCUA_BIN and
# MOTCUA_TEST_SERVER_PID set (and MOTCUA_TEST_WORK, its scratch directory holding
# server.err; MOTCUA_TEST_PG_DIR, the cluster directory; MOTCUA_TEST_SUPPORT, this
# directory, for suites that run their own cluster with pg.sh), then stops the server with
# SIGTERM and checks it exited cleanly.
set -euo pipefail
engine=$1 motcua=$2 pg_dir=$3 test_bin=$4
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-http-XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

case "$engine" in
  sqlite) db="$work/motcua.db" ;;
  pg) db=$("$here/pg.sh" createdb "$pg_dir" "t_$(basename "$test_bin")_$$_$RANDOM") ;;
  *) echo "with-server: unknown engine $engine" >&2; exit 2 ;;
esac

# A suite may need other limits (a short session lifetime, say): tests/http/NAME.env holds
# KEY=VALUE lines exported for its server.
env_file="$here/../http/$(basename "$test_bin" | sed 's/^http_//').env"
if [ -f "$env_file" ]; then
  set -a
  # shellcheck disable=SC1090
  . "$env_file"
  set +a
fi
# One-time codes are sealed under this key until delivered; suites open them from the
# database with it (tests/support/tcheck.c, tc_sealed_code) instead of reading any view.
export MOTCUA_CODE_KEY=${MOTCUA_CODE_KEY:-7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de}
export MOTCUA_UPLOAD_DIR="$work/uploads"
export MOTCUA_FILES_DIR="$work/files"
export MOTCUA_LOG=${MOTCUA_LOG:-warn}
# A failed JSON pack aborts the server under test, so the failing request points at the line.
export MOTCUA_STRICT_PACK=1
"$motcua" serve --listen 127.0.0.1:0 --port-file "$work/port" --db "$db" \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
# Every HTTP suite waits here once per engine and build: a short poll step keeps that wait
# close to the server's own start-up time (the limit stays 30 s).
for _ in $(seq 1 1500); do
  [ -s "$work/port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; exit 1; }
  sleep 0.02
done
[ -s "$work/port" ] || { echo "with-server: server did not start" >&2; cat "$work/server.err" >&2; exit 1; }
url="http://127.0.0.1:$(cat "$work/port")"

status=0
MOTCUA_TEST_URL=$url MOTCUA_TEST_DB=$db MOTCUA_BIN=$motcua MOTCUA_TEST_SERVER_PID=$server_pid \
  MOTCUA_TEST_WORK=$work MOTCUA_TEST_PG_DIR=$pg_dir MOTCUA_TEST_SUPPORT=$here \
  "$test_bin" || status=$?

if kill -0 "$server_pid" 2>/dev/null; then
  kill -TERM "$server_pid"
  wait "$server_pid" || { echo "with-server: server exited with $? after SIGTERM" >&2; status=1; }
fi
server_pid=
if grep -qE 'ERROR: (Address|Undefined|Leak)Sanitizer|runtime error:' "$work/server.err"; then
  echo "with-server: sanitizer report from the server:" >&2
  cat "$work/server.err" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "---- server stderr (last 40 lines) ----" >&2
  tail -n 40 "$work/server.err" >&2
fi
exit "$status"
