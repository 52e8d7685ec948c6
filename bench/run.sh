#!/usr/bin/env bash
# bench/run.sh — `make bench`: how close motcua comes to what this machine allows. Every
# figure is a ratio against a floor measured in the same run on the same machine (shared
# machines are noisy; ratios survive the noise much better than absolute numbers), and every
# value is the median of BENCH_RUNS runs. Prints the table, writes bench/results/latest.md and
# the table section of docs/performance.md (which explains each figure).
#
# Environment: BENCH_BUILD (build dir, default build-bench), BENCH_RUNS (3), BENCH_SECONDS (5
# per run), BENCH_LARGE (dossiers of the large scale database, default 1000000),
# BENCH_KEEP=1 keeps the work directory.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
BUILD=${BENCH_BUILD:-build-bench}
RUNS=${BENCH_RUNS:-3}
SECS=${BENCH_SECONDS:-5}
LARGE=${BENCH_LARGE:-1000000}
SMALL=10000
BASE=100000
CONNS=56   # wrk connections for the throughput figures: under motcua's per-address limit
           # (64), with room for wrk's reconnections after a timeout
SCALE_CONNS=8
CLIENTS=8  # lifecycle clients and commit-floor threads (= motcua's default DB pool)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
started=$(date +%s)

work=$(mktemp -d /tmp/motcua-bench.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/out"
pids=()
pg_home=
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "$pg_home" ] && [ -f "$pg_home/data/postmaster.pid" ]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" stop -D "$pg_home/data" -m fast -w >/dev/null 2>&1 ||
      true
  fi
  [ "${BENCH_KEEP:-0}" = 1 ] && echo "bench: work directory kept: $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

say() { printf '\nbench [%3ds] %s\n' $(($(date +%s) - started)) "$*" >&2; }

# ---------------------------------------------------------------- build and tools
say "tools and build ($BUILD, RelWithDebInfo)"
bash bench/install.sh
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOTCUA_BENCH=ON >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target motcua bench_floor bench_gen bench_commit_floor \
  bench_lifecycle bench_sign >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }
MOTCUA=$root/$BUILD/motcua
B=$root/$BUILD/bench

# ---------------------------------------------------------------- helpers
# Median of the numbers on stdin.
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# wrk's duration text (123.45us, 1.2ms, 2.01s, 1.5m) in milliseconds.
to_ms() { awk '{v = $1 + 0; if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /ms$/) v = v; else if ($1 ~ /m$/) v *= 60000; else if ($1 ~ /s$/) v *= 1000; printf "%.3f\n", v}'; }

# wrk_run NAME CONNS URL [wrk options…] [-- script args…]: one run; appends
# "NAME rps p50 p99 bad" to raw.tsv.
wrk_run() {
  local name=$1 conns=$2 url=$3 out opts=()
  shift 3
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  out="$work/out/$name.$(date +%s%N).wrk"
  wrk -t2 -c"$conns" -d"${SECS}s" --timeout 10s --latency "${opts[@]}" "$url" "$@" \
    >"$out" 2>&1 || true
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out" | to_ms)
  p99=$(awk '$1 == "99%" {print $2}' "$out" | to_ms)
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF} /Socket errors/ {print "sockerr"}' "$out" |
    paste -sd, -)
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "${rps:-0}" "${p50:-nan}" "${p99:-nan}" "${bad:-0}" \
    >>"$work/raw.tsv"
  [ -z "$bad" ] || echo "bench: $name: non-2xx or socket errors ($bad), see $out" >&2
  settle "$url"
}

# warm URL [wrk options…] [-- script args…]: a short unmeasured run at full concurrency.
warm() {
  local url=$1
  shift
  wrk -t2 -c"$CONNS" -d2s --timeout 10s "$url" "$@" >/dev/null 2>&1 || true
  settle "$url"
}

# settle URL: waits (at most 15 s) until the server has no request in flight but the one asking,
# so that the connections a run leaves behind do not count against the next run's per-address
# connection limit. The floor has no /metrics and is never busy after a run.
settle() {
  local base=${1%%/api/*}
  for _ in $(seq 1 150); do
    local n
    n=$(curl -s "${base%/}/metrics" | awk '$1 == "motcua_http_in_flight" {print $2}')
    [ -n "$n" ] && [ "$n" -gt 1 ] || return 0
    sleep 0.1
  done
}

# wstat NAME COLUMN: median of one column (2 rps, 3 p50, 4 p99) over the runs of NAME.
wstat() { awk -F'\t' -v n="$1" -v c="$2" '$1 == n {print $c}' "$work/raw.tsv" | median; }

# kv_run NAME COMMAND…: runs a tool printing key=value pairs; appends them under NAME.
kv_run() {
  local name=$1
  shift
  "$@" 2>>"$work/out/$name.err" | tr ' ' '\n' | sed "s/^/$name\t/; s/=/\t/" >>"$work/kv.tsv" ||
    echo "bench: $name failed: $(tail -n 1 "$work/out/$name.err")" >&2
}
kv() { awk -F'\t' -v n="$1" -v k="$2" '$1 == n && $2 == k {print $3}' "$work/kv.tsv" | median; }

wait_port() {
  local file=$1 pid=$2
  for _ in $(seq 1 600); do
    [ -s "$file" ] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# serve NAME DB: starts motcua on DB; sets URL and PID. Background jobs are off so that the
# deadline scan of the generated history does not run in the middle of a measurement.
serve() {
  local name=$1 db=$2
  rm -f "$work/$name.port"
  MOTCUA_LOOKUP_RATE=1000000000 MOTCUA_JOB_INTERVAL=0 MOTCUA_UPLOAD_DIR="$work/uploads" \
    MOTCUA_FILES_DIR="$work/files" "$MOTCUA" serve --listen 127.0.0.1:0 \
    --port-file "$work/$name.port" --db "$db" >"$work/out/$name.out" 2>"$work/out/$name.log" &
  PID=$!
  pids+=("$PID")
  wait_port "$work/$name.port" "$PID" || { tail -20 "$work/out/$name.log" >&2; exit 1; }
  URL="http://127.0.0.1:$(cat "$work/$name.port")"
}

stop() {
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

token() {
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/auth/login" |
    sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p'
}

mem_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

sqlite_db() {
  local db=$1 n=$2 codes=$3
  "$MOTCUA" init --demo --db "$db" >/dev/null 2>&1
  "$B/bench_gen" --db "$db" --count "$n" --codes "$codes" 2>>"$work/out/gen.err" |
    tee -a "$work/out/gen.log" >&2
}

# ---------------------------------------------------------------- 1. HTTP floor vs lookup
say "generating $BASE dossiers (SQLite)"
sqlite_db "$work/base.db" "$BASE" "$work/base.codes"

say "HTTP: floor, lookup, procedure, $RUNS × ${SECS}s, $CONNS connections"
rm -f "$work/floor.port"
"$B/bench_floor" "$work/floor.port" &
FLOOR_PID=$!
pids+=("$FLOOR_PID")
wait_port "$work/floor.port" "$FLOOR_PID"
FLOOR_URL="http://127.0.0.1:$(cat "$work/floor.port")"
serve base "$work/base.db"
BASE_URL=$URL BASE_PID=$PID
# The same client work for all three: wrk runs the same Lua script (a random line of a file
# per request), so the floor is not flattered by a cheaper load generator.
echo 1.001193 >"$work/procedure.codes"
LOOKUP_LOAD=(-s bench/wrk/codes.lua -- "$work/base.codes" '/api/v1/lookup/%s')
# One unmeasured run each first: the floor's and motcua's first connections, and the
# database's pages in the kernel's cache, are not what is measured.
warm "$FLOOR_URL" "${LOOKUP_LOAD[@]}"
warm "$BASE_URL" "${LOOKUP_LOAD[@]}"
for _ in $(seq "$RUNS"); do
  wrk_run floor "$CONNS" "$FLOOR_URL" "${LOOKUP_LOAD[@]}"
  wrk_run lookup "$CONNS" "$BASE_URL" "${LOOKUP_LOAD[@]}"
  wrk_run procedure "$CONNS" "$BASE_URL" -s bench/wrk/codes.lua -- "$work/procedure.codes" \
    '/api/v1/procedures/%s'
done
stop "$FLOOR_PID"

# ---------------------------------------------------------------- 5. documents
say "documents: receipts (Mẫu 01) and a month's tracking book"
DESK_TOKEN=$(token "$BASE_URL" tiepnhan.xa tiepnhan@2026)
for _ in $(seq "$RUNS"); do
  wrk_run receipt "$CLIENTS" "$BASE_URL" -H "Authorization: Bearer $DESK_TOKEN" \
    -s bench/wrk/codes.lua -- "$work/base.codes" '/api/v1/dossiers/%s/forms/1'
done
month_from=$(date -u -d "$(date -u +%Y-%m-01) -4 months" +%Y-%m-%d)
month_to=$(date -u -d "$month_from +1 month -1 day" +%Y-%m-%d)
book_rows=$(sqlite3 "$work/base.db" "SELECT COUNT(*) FROM dossiers d JOIN org_units u ON \
  u.id = d.receiving_unit_id WHERE u.key = 'GR-X01-MC' AND d.received_at >= \
  strftime('%s', '$month_from') - 25200 AND d.received_at < strftime('%s', '$month_to') + 61200")
for _ in $(seq "$RUNS"); do
  curl -s -o "$work/book.xlsx" -w '%{http_code} %{time_total}\n' \
    -H "Authorization: Bearer $DESK_TOKEN" \
    "$BASE_URL/api/v1/units/GR-X01-MC/tracking-book?from=$month_from&to=$month_to&format=xlsx" |
    awk '{print "book\tstatus\t" $1; print "book\tms\t" $2 * 1000}' >>"$work/kv.tsv"
done
stop "$BASE_PID"

# ---------------------------------------------------------------- 3 + 6. durable writes, memory
# PostgreSQL's committed and rolled-back transactions in the motcua database so far (a
# serialization failure that db_tx retries is one rollback). Backends flush these counters when
# they exit, so read them with no server running.
pg_xacts() {
  [ -n "${PG_URL:-}" ] || return 0
  "$PGBIN/psql" "$PG_URL" -Atc "SELECT xact_commit || ' ' || xact_rollback FROM \
    pg_stat_database WHERE datname = current_database()"
}

lifecycle_vs_floor() {
  local engine=$1 db=$2 floor_db=$3
  [ "$engine" != pg ] || echo "pgx_before	$(pg_xacts)" >>"$work/kv.tsv"
  serve "life-$engine" "$db"
  local pid=$PID url=$URL
  echo "mem_$engine	idle	$(mem_kb "$pid" VmRSS)" >>"$work/kv.tsv"
  for _ in $(seq "$RUNS"); do
    kv_run "floor_$engine" "$B/bench_commit_floor" --db "$floor_db" --seconds "$SECS" \
      --threads "$CLIENTS"
    kv_run "life_$engine" "$B/bench_lifecycle" --url "$url" --seconds "$SECS" \
      --clients "$CLIENTS"
  done
  echo "mem_$engine	peak	$(mem_kb "$pid" VmHWM)" >>"$work/kv.tsv"
  echo "mem_$engine	after	$(mem_kb "$pid" VmRSS)" >>"$work/kv.tsv"
  stop "$pid"
  [ "$engine" != pg ] || echo "pgx_after	$(pg_xacts)" >>"$work/kv.tsv"
}
say "national portal sync lag: change -> acknowledgement at a steady reception load (SQLite)"
kv_run portal_lag python3 bench/portal_lag.py "$root/$BUILD" --seconds $((SECS * 4)) --rate 5 \
  --interval 1

say "PAdES signatures per second: PKCS#12 file key and SoftHSM2 through PKCS#11"
bash tests/support/sign-ca.sh "$work/pki" softhsm >/dev/null 2>&1 &&
  for _ in $(seq "$RUNS"); do
    SOFTHSM2_CONF="$work/pki/softhsm2.conf" kv_run sign "$B/bench_sign" --pki "$work/pki" \
      --seconds "$SECS"
  done

say "durable writes on SQLite: commit floor vs lifecycle, $CLIENTS clients"
lifecycle_vs_floor sqlite "$work/base.db" "$work/commit-floor.db"

say "PostgreSQL 15 with fsync on: cluster, $BASE dossiers, commit floor vs lifecycle"
pg_home="$work/pg"
mkdir -p "$pg_home"
chown postgres: "$pg_home"
runuser -u postgres -- "$PGBIN/initdb" -D "$pg_home/data" -U postgres -A trust -E UTF8 \
  --no-locale >"$work/out/initdb.log" 2>&1
pg_port=$((20000 + RANDOM % 30000))
runuser -u postgres -- "$PGBIN/pg_ctl" start -D "$pg_home/data" -l "$pg_home/log" -w -t 60 \
  -o "-p $pg_port -k $pg_home -c listen_addresses=127.0.0.1 -c fsync=on \
      -c synchronous_commit=on -c full_page_writes=on -c max_connections=200" >/dev/null
runuser -u postgres -- "$PGBIN/psql" -h "$pg_home" -p "$pg_port" -U postgres -Atc \
  "SHOW fsync" | grep -qx on
for d in motcua_bench commit_floor; do
  "$PGBIN/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres -E UTF8 -T template0 "$d"
done
PG_URL="postgresql://postgres@127.0.0.1:$pg_port/motcua_bench"
"$MOTCUA" init --demo --db "$PG_URL" >/dev/null 2>&1
"$B/bench_gen" --db "$PG_URL" --count "$BASE" --codes "$work/pg.codes" \
  2>>"$work/out/gen.err" | sed 's/^/PostgreSQL /' | tee -a "$work/out/gen.log" >&2
lifecycle_vs_floor pg "$PG_URL" "postgresql://postgres@127.0.0.1:$pg_port/commit_floor"

# ---------------------------------------------------------------- 4. scale
# The dashboard reads compared at both scales (wrk name → path), all with the admin's token.
declare -A DASHBOARDS=([stats]=/api/v1/stats [evaluation]=/api/v1/stats/evaluation)
dashboard_runs() {
  local size=$1 url=$2 admin=$3 name
  for name in "${!DASHBOARDS[@]}"; do
    wrk_run "${name}_$size" "$SCALE_CONNS" "$url${DASHBOARDS[$name]}" \
      -H "Authorization: Bearer $admin"
  done
}
scale_runs() {
  local size=$1 db=$2 codes=$3
  serve "scale-$size" "$db"
  local pid=$PID url=$URL spec admin
  spec=$(token "$url" chuyenvien.xa chuyenvien@2026)
  admin=$(token "$url" admin quantri@2026)
  if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $admin" \
    "$url/api/v1/stats")" = 200 ]; then
    echo yes >"$work/stats.available"
  fi
  warm "$url" -s bench/wrk/codes.lua -- "$codes" '/api/v1/lookup/%s'
  for _ in $(seq "$RUNS"); do
    wrk_run "lookup_$size" "$SCALE_CONNS" "$url" -s bench/wrk/codes.lua -- "$codes" \
      '/api/v1/lookup/%s'
    wrk_run "inbox_$size" "$SCALE_CONNS" "$url/api/v1/dossiers/inbox" \
      -H "Authorization: Bearer $spec"
    [ ! -f "$work/stats.available" ] || dashboard_runs "$size" "$url" "$admin"
  done
  stop "$pid"
}
# bench_gen copies dossiers, events and steps without counting them: the dashboards read
# counters, so count the copied history as `motcua stats rebuild` does.
scale_db() {
  sqlite_db "$@"
  "$MOTCUA" stats rebuild --db "$1" >>"$work/out/gen.log" 2>>"$work/out/gen.err"
}
say "scale: $SMALL dossiers"
scale_db "$work/small.db" "$SMALL" "$work/small.codes"
scale_runs small "$work/small.db" "$work/small.codes"
say "scale: $LARGE dossiers"
scale_db "$work/large.db" "$LARGE" "$work/large.codes"
scale_runs large "$work/large.db" "$work/large.codes"

# ---------------------------------------------------------------- table
say "table"
r2() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 == 0 || a == "nan" || b == "nan") print "nan"; else printf "%.3f\n", a / b}'; }
fmt() { awk -v v="$1" 'BEGIN {if (v == "nan" || v == "") print "—"; else if (v >= 100) printf "%.0f\n", v; else printf "%.2f\n", v}'; }
# verdict RATIO OP GOAL: pass/fail, or info without a goal.
verdict() {
  [ -n "$3" ] || { echo info; return; }
  awk -v r="$1" -v op="$2" -v g="$3" 'BEGIN {if (r == "nan") print "n/a"; else if ((op == ">=" && r >= g) || (op == "<=" && r <= g)) print "pass"; else print "fail"}'
}
rows="$work/rows.tsv"
: >"$rows"
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$rows"; }
lat() { echo "p50 $(fmt "$(wstat "$1" 3)") ms, p99 $(fmt "$(wstat "$1" 4)") ms"; }

f_rps=$(wstat floor 2) l_rps=$(wstat lookup 2) p_rps=$(wstat procedure 2)
ratio=$(r2 "$l_rps" "$f_rps")
row "1. Public lookup, $BASE dossiers (req/s)" "$(fmt "$l_rps") ($(lat lookup))" \
  "HTTP floor $(fmt "$f_rps") ($(lat floor))" "$ratio" "≥ 0.5" "$(verdict "$ratio" '>=' 0.5)"
ratio=$(r2 "$p_rps" "$f_rps")
row "1b. Procedure by code, read only (req/s)" "$(fmt "$p_rps") ($(lat procedure))" \
  "HTTP floor $(fmt "$f_rps")" "$ratio" "—" info
for engine in sqlite pg; do
  label=SQLite
  [ "$engine" = sqlite ] || label=PostgreSQL
  fl=$(kv "floor_$engine" per_second) w=$(kv "life_$engine" writes_per_second)
  dps=$(kv "life_$engine" dossiers_per_second) errs=$(kv "life_$engine" errors)
  ratio=$(r2 "$w" "$fl")
  retries=
  if [ "$engine" = pg ]; then
    retries=$(awk -F'\t' '$1 == "pgx_before" {split($2, b, " ")} $1 == "pgx_after" {split($2, a, " ")}
      END {c = a[1] - b[1]; r = a[2] - b[2]; if (c > 0) printf ", %d rollbacks per 100 commits", 100 * r / c}' \
      "$work/kv.tsv")
  fi
  row "2. Lifecycle on $label: writes/s ($CLIENTS clients)" \
    "$(fmt "$w") writes/s = $(fmt "$dps") dossiers/s, errors $(fmt "$errs")$retries" \
    "$(fmt "$fl") durable commits/s ($(fmt "$(kv "floor_$engine" busy)") locked out)" "$ratio" "—" \
    info
done
row "2b. National portal sync lag on SQLite, change → acknowledgement ($(kv portal_lag rate_per_s) receptions/s)" \
  "p50 $(kv portal_lag lag_p50_s) s, p99 $(kv portal_lag lag_p99_s) s ($(kv portal_lag messages) messages, $(kv portal_lag unacked) unacknowledged, $(kv portal_lag within_10s_pct)% within 10 s)" \
  "delivery round $(kv portal_lag job_interval_s) s; durable commit $(fmt "$(kv floor_sqlite per_second)")/s (row 2)" \
  "—" "—" info
for what in lookup inbox stats evaluation; do
  dashboard=
  case $what in
  lookup) label="Public lookup p99" goal="≤ 2" g=2 ;;
  inbox) label="Inbox page p99 (specialist)" goal="—" g= ;;
  *) label="Dashboard ${DASHBOARDS[$what]} p99" goal="≤ 2" g=2 dashboard=1 ;;
  esac
  if [ -n "$dashboard" ] && [ ! -f "$work/stats.available" ]; then
    row "3. $label" "not yet available" "—" "—" "$goal" "n/a"
    continue
  fi
  s=$(wstat "${what}_small" 4) l=$(wstat "${what}_large" 4)
  ratio=$(r2 "$l" "$s")
  row "3. $label, $LARGE vs $SMALL dossiers" "$(fmt "$l") ms" "$(fmt "$s") ms" "$ratio" "$goal" \
    "$(verdict "$ratio" '<=' "$g")"
done
row "4. Receipts, Mẫu 01 PDF with QR (per s, $CLIENTS conns)" "$(fmt "$(wstat receipt 2)") ($(lat receipt))" \
  "HTTP floor $(fmt "$f_rps")" "$(r2 "$(wstat receipt 2)" "$f_rps")" "—" info
row "4b. Tracking book XLSX, one month of GR-X01-MC ($book_rows dossiers)" \
  "$(fmt "$(kv book ms)") ms (HTTP $(kv book status))" "—" "—" "—" info
row "4c. PAdES signatures per second (one thread, receipt PDF)" \
  "$(fmt "$(kv sign file_per_second)") with a PKCS#12 key" \
  "$(fmt "$(kv sign hsm_per_second)") with SoftHSM2 (PKCS#11)" "—" "—" info
for engine in sqlite pg; do
  idle=$(kv "mem_$engine" idle) peak=$(kv "mem_$engine" peak)
  row "5. Server memory on $engine: peak under (2)" "$((peak / 1024)) MiB (VmHWM)" \
    "$((idle / 1024)) MiB idle (VmRSS)" "$(r2 "$peak" "$idle")" "—" info
done

machine="$(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), \
$(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo), $(uname -r)"
table="$work/table.md"
{
  echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC') on $machine; load average at start \
$(cut -d' ' -f1-3 /proc/loadavg); medians of $RUNS runs of ${SECS}s; $(($(date +%s) - started)) s in all."
  echo
  echo "| figure | value | baseline | ratio | goal | result |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}' "$rows"
} >"$table"

# ---------------------------------------------------------------- profiles
# perf_top SORT N: the N largest entries of the last profile (self time) by SORT.
perf_top() {
  local only=()
  [ -z "${PROFILE_COMMS:-}" ] || only=(--comms "$PROFILE_COMMS")
  perf report -i "$work/perf.data" --stdio --no-children "${only[@]}" --sort "$1" 2>/dev/null \
    >"$work/perf.txt" || true
  grep -E '^ +[0-9.]+%' "$work/perf.txt" | head -"$2" | sed -E 's/ +- +- *$//; s/ +$//' || true
}

# thread_states PID SECONDS: where the server's request threads spend wall-clock time, from
# /proc (no tool needed): every 20 ms, each thread is either running or blocked in a system
# call, named here for x86-64 (poll: idle, waiting for requests; futex: waiting for a lock or
# a pooled connection; fdatasync: a durable commit; clock_nanosleep: SQLite's busy handler).
thread_states() {
  local pid=$1 n=$(($2 * 50)) t comm call
  for _ in $(seq "$n"); do
    # Builtins only: a process started per thread and sample would take the CPU measured.
    for t in /proc/"$pid"/task/*; do
      read -r comm <"$t/comm" 2>/dev/null || continue
      [ "$comm" = MHD-worker ] || continue
      read -r call _ <"$t/syscall" 2>/dev/null && echo "$call"
    done
    sleep 0.02
  done | awk 'BEGIN {split("0 read 1 write 7 poll 17 pread64 18 pwrite64 35 nanosleep 44 sendto 45 recvfrom 46 sendmsg 74 fsync 75 fdatasync 202 futex 230 clock_nanosleep 271 ppoll", a, " "); for (i = 1; i < length(a); i += 2) name[a[i]] = a[i + 1]}
    {k = ($1 in name) ? "in " name[$1] : ($1 == "running" ? "running" : "in syscall " $1); c[k]++; t++}
    END {for (k in c) printf "%6.1f%%  %s\n", 100 * c[k] / t, k}' | sort -rn
}

# profile TITLE PERF_ARGS… -- LOAD…: samples while LOAD runs; appends the top entries by self
# time, and with PROFILE_CALLERS=1 the functions that include the most time with what they
# call (DWARF call graphs: the RelWithDebInfo build has no frame pointers) and the wall-clock
# states of the request threads of PROFILE_PID.
profile() {
  local title=$1 args=() graph=(-g)
  shift
  while [ "$1" != -- ]; do
    args+=("$1")
    shift
  done
  shift
  [ "${PROFILE_CALLERS:-0}" = 0 ] || graph=(--call-graph dwarf,16384)
  "$@" >/dev/null 2>&1 &
  local lpid=$!
  sleep 1
  local spid=
  if [ "${PROFILE_CALLERS:-0}" != 0 ]; then
    thread_states "$PROFILE_PID" "$SECS" >"$work/states.txt" &
    spid=$!
  fi
  perf record -F 499 "${graph[@]}" -o "$work/perf.data" "${args[@]}" -- sleep "$SECS" \
    >/dev/null 2>&1 || true
  wait "$lpid" || true
  [ -z "$spid" ] || wait "$spid" || true
  {
    echo
    echo "$title"
    echo
    echo '```'
    perf_top comm,dso 10
    echo
    perf_top comm,dso,symbol 15
    if [ "${PROFILE_CALLERS:-0}" != 0 ]; then
      echo
      echo "including callees (the server's own functions and libraries, no kernel):"
      perf report -i "$work/perf.data" --stdio --children --sort symbol -g none 2>/dev/null |
        grep -E '^ +[0-9.]+%' | grep -vE '\[k\]|0x0000|clone3|start_thread' | head -25 |
        sed -E 's/ +- +- *$//; s/ +$//' || true
      echo
      echo "wall-clock state of the request threads (MHD-worker), sampled every 20 ms:"
      cat "$work/states.txt"
    fi
    echo '```'
  } >>"$table"
}
if command -v perf >/dev/null && perf record -o "$work/perf.test" -- true >/dev/null 2>&1; then
  say "profiles: the public lookup and the PostgreSQL lifecycle under load (perf)"
  serve profile "$work/base.db"
  warm "$URL" "${LOOKUP_LOAD[@]}"
  PROFILE_CALLERS=1 PROFILE_PID=$PID profile \
    "Public lookup under load: on-CPU samples of the server" -p "$PID" -- \
    wrk -t2 -c"$CONNS" -d"$((SECS + 2))s" "$URL" "${LOOKUP_LOAD[@]}"
  stop "$PID"
  serve profile-pg "$PG_URL"
  # The whole machine is sampled (PostgreSQL's backends start during the run) and only
  # motcua's and PostgreSQL's processes are reported: the machine is shared.
  PROFILE_COMMS=MHD-worker,motcua,postgres profile \
    "Lifecycle on PostgreSQL: on-CPU samples of the server and PostgreSQL, self time" -a -- \
    "$B/bench_lifecycle" --url "$URL" --seconds "$((SECS + 2))" --clients "$CLIENTS"
  stop "$PID"
fi

mkdir -p bench/results
cp "$table" bench/results/latest.md
if [ -f docs/performance.md ] && grep -q '<!-- bench:begin -->' docs/performance.md; then
  awk -v t="$table" '/<!-- bench:begin -->/ {print; while ((getline l < t) > 0) print l; skip = 1; next}
    /<!-- bench:end -->/ {skip = 0} !skip' docs/performance.md >"$work/perf.md"
  cp "$work/perf.md" docs/performance.md
fi
echo
cat "$table"
echo
echo "bench: written to bench/results/latest.md and docs/performance.md ($(($(date +%s) - started)) s)"
