#!/usr/bin/env bash
# Runs the whole ctest suite of a COVERTYPE_SANITIZE build (`make test-sanitize`, docs/testing.md)
# with AddressSanitizer, LeakSanitizer and UBSan stopping at their first report, and fails when a
# test fails or any process reported anything: the tests themselves and the covertype CLI they
# start. Reports go to BUILD_DIR/sanitizer-logs/ (a child process's report would otherwise land in
# a stderr its test may not look at, behind an exit code its test may expect) and are printed here.
# Usage: scripts/test-sanitize.sh [BUILD_DIR [CTEST_ARGS...]]   (default build-sanitize)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-sanitize}"
shift $(($# < 1 ? $# : 1))
logs="$PWD/$build/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"

# ASan: use-after-free, overflows of heap, stack and globals, double free, new/delete mismatch,
# static initialisation order; LeakSanitizer at exit; UBSan (built with -fno-sanitize-recover):
# overflow, shifts, bad casts and enum values, misaligned or null pointers, vptr.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:print_stacktrace=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:detect_odr_violation=2:log_path=$logs/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# GCC's UBSan ignores log_path beside ASan; tests/sanitize/ubsanlog.cpp reads this instead.
export COVERTYPE_UBSAN_LOG="$logs/ubsan"
# Leaks that are not ours (Qt plugins, fontconfig, ...): tests/sanitize/lsan.supp says why each is.
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitize/lsan.supp:print_suppressions=0"
export QT_QPA_PLATFORM=offscreen

status=0
start=$(date +%s)
(cd "$build" && ctest --output-on-failure -j "${JOBS:-$(nproc)}" "$@") || status=$?
echo "sanitizer test run: $(($(date +%s) - start)) s"

reports=("$logs"/*)
if [[ -e ${reports[0]} ]]; then
  for report in "${reports[@]}"; do
    echo "==== sanitizer report $report"
    cat "$report"
  done
  echo "test-sanitize: ${#reports[@]} sanitizer report(s) in $logs" >&2
  exit 1
fi
if [[ $status -ne 0 ]]; then
  echo "test-sanitize: tests failed (no sanitizer report)" >&2
  exit "$status"
fi
echo "test-sanitize: all tests passed, no sanitizer report"
