#!/usr/bin/env bash
# Runs each libFuzzer target for a fixed time from its committed corpus and
# regressions, then prints executions and coverage per target. New inputs go
# to a scratch corpus under the build folder (libFuzzer writes into the first
# corpus directory it is given), never into fuzz/corpus: committing seeds is
# a deliberate act (docs/fuzzing.md). Exits non-zero if any target crashed,
# after every target has run.
#
# usage: fuzz/run.sh BUILD_DIR SECONDS TARGET...
set -uo pipefail
build=$1 seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
# allocator_may_return_null: an input asking for too much memory must get
# kiln's ResourceExhaustedError, as without ASan. libFuzzer's own -rss_limit_mb
# and -malloc_limit_mb still catch real memory blow-ups.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allocator_may_return_null=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

summary=() failed=0
for target in "$@"; do
  scratch=$build/corpus/$target artifacts=$build/artifacts/$target/ log=$build/$target.log
  mkdir -p "$scratch" "$artifacts"
  # libFuzzer refuses a missing directory, and a target may have no regressions.
  seeds=("$here/corpus/$target")
  [ -d "$here/regressions/$target" ] && seeds+=("$here/regressions/$target")
  echo "== fuzzing $target for ${seconds}s (log: $log)"
  "$build/fuzz/kiln_fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 -timeout=25 \
    -artifact_prefix="$artifacts" "$scratch" "${seeds[@]}" \
    >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  final=$(grep -E '#[0-9]+.*cov: ' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$final") ft=$(grep -o 'ft: [0-9]*' <<<"$final")
  corpus=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' <<<"$final")
  if [ $rc -ne 0 ]; then
    failed=1
    tail -40 "$log"
    summary+=("$target: FAILED (exit $rc), executions ${execs:-?}, $cov, $ft; input in $artifacts")
  else
    summary+=("$target: executions ${execs:-?}, $cov, $ft, $corpus")
  fi
done
echo "== libFuzzer summary (${seconds}s each)"
printf '  %s\n' "${summary[@]}"
exit $failed
