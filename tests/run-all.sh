#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs every test: the source-tree checks (tests/checks), the Criterion
# unit tests, a few seconds of each host fuzzing harness (after replaying
# its corpus), then the QEMU integration tests. Ends with one
# "N passed, N failed" line over all four, and exits
# non-zero if anything failed or if no test ran at all.
set -u
cd "$(dirname "$0")/.." || exit 1

mkdir -p build/test-logs
echo "== source-tree checks"
check_log=build/test-logs/checks.log
tests/checks/run.sh | tee "$check_log"
check_pass=$(grep -c '^PASS ' "$check_log")
check_fail=$(grep -c '^FAIL ' "$check_log")

unit_log=build/test-logs/unit.log
echo "== unit tests (Criterion)"
build/unit/parvus-unit --jobs 2 > "$unit_log" 2>&1
unit_status=$?
grep -E '^\[(FAIL|----)\]' "$unit_log" | head -60
synthesis=$(grep 'Synthesis:' "$unit_log" | tail -1)
echo "$synthesis"
unit_total=$(echo "$synthesis" | sed -n 's/.*Tested: \([0-9]*\).*/\1/p')
unit_pass=$(echo "$synthesis" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
unit_total=${unit_total:-0} unit_pass=${unit_pass:-0}
unit_fail=$((unit_total - unit_pass))
if [ "$unit_status" -ne 0 ] && [ "$unit_fail" -eq 0 ]; then
	echo "unit test binary failed without a result (status $unit_status)"
	unit_fail=1
fi

echo "== fuzz (host, libFuzzer)"
fuzz_log=build/test-logs/fuzz.log
tests/fuzz/run.sh 3 | tee "$fuzz_log"
fuzz_pass=$(grep -c '^PASS ' "$fuzz_log")
fuzz_fail=$(grep -c '^FAIL ' "$fuzz_log")

echo "== integration tests (QEMU, TCG)"
int_log=build/test-logs/integration.log
tests/integration/run.sh | tee "$int_log"
int_pass=$(grep -c '^PASS ' "$int_log")
int_fail=$(grep -c '^FAIL ' "$int_log")
# run.sh ends with its own count; without it the run stopped part way (a
# broken cases.sh, a killed QEMU loop), and the cases after never ran.
if ! grep -q '^integration: [0-9]* passed, [0-9]* failed$' "$int_log"; then
	echo "FAIL integration: the run stopped before its last case"
	int_fail=$((int_fail + 1))
fi

passed=$((check_pass + unit_pass + fuzz_pass + int_pass))
failed=$((check_fail + unit_fail + fuzz_fail + int_fail))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
