#!/usr/bin/env bash
# fuzz.sh — `make fuzz`: builds every tests/fuzz/fuzz_*.c as a libFuzzer binary (clang,
# MOTCUA_FUZZ + ASan/UBSan), runs each for FUZZ_SECONDS (default 60), merges the inputs that
# found new coverage into its committed corpus (tests/fuzz/corpus/NAME, inputs of at most
# FUZZ_MAX_LEN bytes so the corpus stays small), and appends one row per target — executions,
# executions per second, crashes, corpus size — to the run log at the end of
# docs/reliability.md. Crash inputs are kept in $FUZZ_BUILD/crashes/NAME; the script exits 1
# when any target crashed.
#   FUZZ_SECONDS=60 FUZZ_MAX_LEN=4096 FUZZ_BUILD=build-fuzz FUZZ_TARGETS="fuzz_tmpl …"
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${FUZZ_SECONDS:-60}
max_len=${FUZZ_MAX_LEN:-4096}
build=${FUZZ_BUILD:-$root/build-fuzz}
report=$root/docs/reliability.md
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/support/lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

all_targets() {
  for src in "$root"/tests/fuzz/fuzz_*.c; do basename "$src" .c; done
}
targets=${FUZZ_TARGETS:-$(all_targets)}

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DMOTCUA_FUZZ=ON -DMOTCUA_SANITIZE=ON >/dev/null
# shellcheck disable=SC2086
cmake --build "$build" -j"$(nproc)" --target $targets

# The number after "Done" / "stat::number_of_executed_units" in libFuzzer's log.
executions() {
  sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p; s/^Done \([0-9]*\) runs.*/\1/p' "$1" |
    tail -n 1
}

run_target() {
  local name=$1 bin="$build/tests/$1" corpus="$root/tests/fuzz/corpus/$1"
  local fresh="$build/new/$name" crashes="$build/crashes/$name" log="$build/logs/$name.log"
  rm -rf "$fresh"
  mkdir -p "$fresh" "$crashes" "$(dirname "$log")" "$corpus"
  local before status=0
  before=$(find "$corpus" -type f | wc -l)
  "$bin" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$fresh" "$corpus" >"$log" 2>&1 || status=$?
  "$bin" -merge=1 -max_len="$max_len" "$corpus" "$fresh" >>"$log" 2>&1 || true
  local execs after ncrash
  execs=$(executions "$log")
  after=$(find "$corpus" -type f | wc -l)
  ncrash=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) | wc -l)
  printf '| %s | %s | %s s | %s | %s | %s | %s → %s |\n' "$(date -u +%Y-%m-%d)" "$name" \
    "$seconds" "${execs:-?}" "$(( ${execs:-0} / seconds ))" "$ncrash" "$before" "$after" >>"$report"
  echo "$name: ${execs:-?} executions, $ncrash crashes, corpus $before → $after (exit $status)"
  [ "$ncrash" -eq 0 ] && [ "$status" -eq 0 ]
}

failed=0
for t in $targets; do
  run_target "$t" || failed=1
done
exit "$failed"
