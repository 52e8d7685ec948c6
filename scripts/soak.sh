#!/usr/bin/env bash
# soak.sh — `make soak`: the load test of docs/reliability.md. Builds the server and
# tests/load/load.c, then on SQLite and on a throwaway PostgreSQL 15 cluster starts one
# `motcua serve` and runs the realistic mix at increasing concurrency (SOAK_STEPS, default
# "4 8 16 32 64", SOAK_SECONDS each, default 20) until a step has server errors or its p99
# passes SOAK_P99_MS (default 2000). After each step it counts the dossiers in the database
# against the receptions acknowledged (a lost record fails the run) and reads the server's
# resident memory. Prints a markdown table (also kept in $SOAK_BUILD/soak.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SOAK_BUILD:-$root/build}
steps=${SOAK_STEPS:-4 8 16 32 64}
seconds=${SOAK_SECONDS:-20}
p99_limit=${SOAK_P99_MS:-2000}
engines=${SOAK_ENGINES:-sqlite pg}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target motcua >/dev/null
cc -std=gnu17 -O2 -o "$build/load" "$root/tests/load/load.c" -lcurl -ljansson -lpthread
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-soak-XXXXXX")
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  [ -d "$work/pg" ] && "$root/tests/support/pg.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
out=$build/soak.md
echo "| engine | workers | requests/s | p50 ms | p99 ms | errors | acknowledged | stored | RSS MiB |" >"$out"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |" >>"$out"

count_dossiers() {
  case $1 in
  sqlite) sqlite3 "$2" 'SELECT COUNT(*) FROM dossiers' ;;
  pg) psql -qAt "$2" -c 'SELECT COUNT(*) FROM dossiers' ;;
  esac
}

rss_mib() {
  awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"
}

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

run_engine() {
  local engine=$1 db
  case $engine in
  sqlite) db=$work/soak.db ;;
  pg)
    "$root/tests/support/pg.sh" start "$work/pg" >/dev/null
    db=$(cat "$work/pg/url")
    ;;
  esac
  MOTCUA_JOB_INTERVAL=0 MOTCUA_LOG=error MOTCUA_UPLOAD_DIR=$work/uploads \
    MOTCUA_FILES_DIR=$work/files MOTCUA_LOGIN_MAX_PER_IP=100000 \
    "$build/motcua" serve --listen 127.0.0.1:0 --port-file "$work/port.$engine" --db "$db" \
    >/dev/null 2>"$work/server.$engine.err" &
  server=$!
  for _ in $(seq 1 600); do [ -s "$work/port.$engine" ] && break; sleep 0.1; done
  local url="http://127.0.0.1:$(cat "$work/port.$engine")" acked_total=0 line
  for n in $steps; do
    if ! line=$("$build/load" "$url" "$n" "$seconds"); then
      printf '| %s | %s | workers could not log in: the server refused connections |\n' \
        "$engine" "$n" | tee -a "$out"
      break
    fi
    local errors p99 acked stored rss
    errors=$(field errors "$line") p99=$(field p99_ms "$line") acked=$(field acked "$line")
    acked_total=$((acked_total + acked))
    stored=$(count_dossiers "$engine" "$db")
    rss=$(rss_mib "$server")
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$engine" "$n" \
      "$(field rps "$line")" "$(field p50_ms "$line")" "$p99" "$errors" "$acked_total" \
      "$stored" "$rss" | tee -a "$out"
    [ "$stored" -ge "$acked_total" ] || { echo "soak: lost records on $engine" >&2; exit 1; }
    [ "$errors" -eq 0 ] || break
    awk -v p="$p99" -v l="$p99_limit" 'BEGIN { exit !(p > l) }' && break
  done
  kill "$server"
  wait "$server" || true
  server=
}

for e in $engines; do run_engine "$e"; done
cat "$out"
