#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# make fuzz: the hypercall fuzzer (d1) beside its witness (d2), one seed.
#   scripts/fuzz.sh SEED ITERATIONS [extra fuzzer arguments, e.g. trace=1]
# Passes (status 0) when the hypervisor did not panic, both domains report
# SUCCESS, the fuzzer's summary is there and the free-frame count after
# both domains are gone equals the one before they were built.
# The serial log is build/test-logs/fuzz-SEED.log. WITNESS_ROUNDS=N ends the
# witness after N rounds, while the fuzzer may still hold its grants.
# AUDIT=N runs the hypervisor's memory audit (audit=mm:N) after every N-th
# hypercall or trap and after each teardown; a violation panics.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
seed=${1:-1} iter=${2:-20000}
shift 2 2>/dev/null
extra="$*"
cd "$here" || exit 3
mkdir -p build/test-logs
manifest=build/fuzz-$seed.manifest log=build/test-logs/fuzz-$seed.log
# WITNESS_ROUNDS=N: the witness stops after N rounds, before the fuzzer.
sed -e "s/seed=[0-9]* iter=[0-9]*/seed=$seed iter=$iter${extra:+ $extra}/" \
	-e "s/fuzzer=1\"/fuzzer=1${WITNESS_ROUNDS:+ rounds=$WITNESS_ROUNDS}\"/" \
	tests/integration/manifests/fuzz.manifest > "$manifest"
# About 10,000 calls a second under TCG, with plenty to spare.
timeout=$((60 + iter / 500))
# A fuzzer that leaves every domain waiting with no timer is a finding:
# stop there (idle_deadlock=shutdown) rather than idle until the timeout.
# trace=1 prints every call: more than a domain's console rate limit.
case " $extra " in *" trace=1 "*) rate=console_rate=off ;; *) rate= ;; esac
opts="$rate${AUDIT:+ audit=mm:$AUDIT}"
scripts/qemu-boot.sh --log "$log" --timeout "$timeout" --idle-deadlock shutdown \
	${opts:+--append "$opts"} -- "$manifest" "" \
	build/guests/fuzz.elf "" build/guests/witness.elf ""
status=$?
grep -a -E 'fuzz: summary|mm audit|witness: [0-9]+ rounds over|took [0-9]+ ms|FAIL|panic|crashed' "$log"
why=""
frames=$(scripts/frames-back.sh "$log") || why="; $frames"
echo "$frames"
[ "$status" -eq 0 ] || why="$why; exit status $status"
grep -aq '(d1) Test result: SUCCESS' "$log" || why="$why; no SUCCESS from the fuzzer"
grep -aq '(d2) Test result: SUCCESS' "$log" || why="$why; no SUCCESS from the witness"
grep -aqE "fuzz: summary: seed $seed, $iter iterations, [0-9]+ hypercalls" "$log" ||
	why="$why; no summary"
if [ -n "$why" ]; then
	echo "fuzz seed $seed: FAIL (${why#; }); log: $log"
	exit 1
fi
echo "fuzz seed $seed: PASS ($iter iterations); log: $log"
