#!/usr/bin/env bash
# Runs every libFuzzer harness of BUILD_DIR (listed in BUILD_DIR/fuzzers.tsv) one after the other
# for SECONDS each, on its corpus (BUILD_DIR/corpus/<target>, made by scripts/fuzz-seeds.sh and
# grown by each run), after replaying the inputs that once failed (tests/fuzz/regressions/<target>).
# Findings go to BUILD_DIR/findings/<target>/, logs to BUILD_DIR/fuzz-logs/. Prints per target the
# executions, exec/s, coverage and findings; exits 1 when anything was found. docs/fuzzing.md.
# Usage: scripts/fuzz.sh [BUILD_DIR [SECONDS [TARGET...]]]   (defaults: build-fuzz 300, all)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-fuzz}"
seconds="${2:-300}"
shift $(($# < 2 ? $# : 2))
only=("$@")

# Findings abort at once; leaks are findings too (tests/fuzz/lsan.supp lists what is not ours).
# Allocation stacks of 10 frames (30 by default) make the allocation-heavy YAML harnesses faster.
asan=abort_on_error=1:detect_leaks=1:allocator_may_return_null=1:malloc_context_size=10
export ASAN_OPTIONS="${ASAN_OPTIONS:-$asan}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0}"
# Stack traces with function names and lines (the sanitizers do not always find it themselves).
for symbolizer in llvm-symbolizer-19 llvm-symbolizer llvm-symbolizer-14; do
  if [[ -z ${ASAN_SYMBOLIZER_PATH:-} ]] && command -v "$symbolizer" >/dev/null; then
    ASAN_SYMBOLIZER_PATH=$(command -v "$symbolizer")
    export ASAN_SYMBOLIZER_PATH
  fi
done

mkdir -p "$build/fuzz-logs"
summary="$build/fuzz-logs/summary.tsv"
printf 'target\texecutions\texec_per_s\tseconds\tcoverage\tfeatures\tcorpus\tpeak_rss_mb\tfindings\n' \
  >"$summary"
printf '%-16s %12s %8s %6s %6s %7s %8s  %s\n' target executions exec/s cov ft corpus rss_mb findings
failed=0
while IFS=$'\t' read -r target binary maxlen; do
  if [[ ${#only[@]} -gt 0 && ! " ${only[*]} " == *" $target "* ]]; then
    continue
  fi
  corpus="$build/corpus/$target"
  findings="$build/findings/$target"
  log="$build/fuzz-logs/$target.log"
  mkdir -p "$corpus" "$findings"
  # FUZZ_EXTRA: more libFuzzer flags for the runs, e.g. FUZZ_EXTRA=-runs=2000000.
  options=(-rss_limit_mb=2048 -max_len="$maxlen" -timeout=20 -print_final_stats=1
           -artifact_prefix="$findings/")
  if [[ -f tests/fuzz/dicts/$target.dict ]]; then
    options+=(-dict="tests/fuzz/dicts/$target.dict")
  fi

  found=()
  regressions=(tests/fuzz/regressions/"$target"/*)
  if [[ -e ${regressions[0]} ]]; then
    if ! "$binary" "${options[@]}" "${regressions[@]}" </dev/null >"$log.replay" 2>&1; then
      found+=("a regression input fails again (see $log.replay)")
    fi
  fi
  listFindings() { find "$findings" -type f | sort; }
  before=$(listFindings)
  start=$(date +%s)
  status=0
  # shellcheck disable=SC2086  # FUZZ_EXTRA is a list of flags
  "$binary" "${options[@]}" -max_total_time="$seconds" ${FUZZ_EXTRA:-} "$corpus" \
    </dev/null >"$log" 2>&1 ||
    status=$?
  elapsed=$(($(date +%s) - start))
  while read -r file; do
    found+=("$file")
  done < <(comm -13 <(echo "$before") <(listFindings) | grep .)
  if [[ $status -ne 0 && ${#found[@]} -eq 0 ]]; then
    found+=("$binary exited with status $status")
  fi

  finalStat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  executions=$(finalStat number_of_executed_units)
  executions=${executions:-$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")}
  rate=$(finalStat average_exec_per_sec)
  rss=$(finalStat peak_rss_mb)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  printf '%-16s %12s %8s %6s %6s %7s %8s  %s\n' "$target" "${executions:-?}" "${rate:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}" "${#found[@]}"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "${executions:-}" "${rate:-}" \
    "$elapsed" "${cov:-}" "${ft:-}" "${corp:-}" "${rss:-}" "${#found[@]}" >>"$summary"
  for f in "${found[@]}"; do
    echo "  finding: $f (log: $log)"
    failed=1
  done
done <"$build/fuzzers.tsv"
exit "$failed"
