#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# make fuzz-pair: the fuzz pair, a granter (d1) and a grantee (d2) driven
# by one seed, beside the witness (d3), with the hypervisor's memory audit
# on (audit=mm:N, AUDIT=N, default 64; AUDIT=0 for none).
#   scripts/fuzz-pair.sh SEED ITERATIONS [extra fuzzer arguments]
# Passes (status 0) when the hypervisor did not panic (no audit violation
# either), the granter and the witness report SUCCESS, the grantee reports
# SUCCESS or, for seeds % 8 == 7, was crashed for tearing out a grant PTE
# (and for nothing else), both summaries are there, and the free-frame
# count after every domain has gone equals the one before any was built.
# The serial log is build/test-logs/fuzz-pair-SEED.log.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
seed=${1:-1} iter=${2:-20000}
shift 2 2>/dev/null
extra="$*"
audit=${AUDIT:-64}
cd "$here" || exit 3
mkdir -p build/test-logs
manifest=build/fuzz-pair-$seed.manifest log=build/test-logs/fuzz-pair-$seed.log
sed -e "s/seed=[0-9]* iter=[0-9]*/seed=$seed iter=$iter${extra:+ $extra}/" \
	tests/integration/manifests/fuzz-pair.manifest > "$manifest"
# Two fuzzers share the CPU: about 2,000 calls a second between them
# under TCG on a busy host (at least 4,000 on a quiet one).
timeout=$((90 + iter / 100))
append=""
[ "$audit" != 0 ] && append="audit=mm:$audit"
scripts/qemu-boot.sh --log "$log" --timeout "$timeout" --idle-deadlock shutdown \
	--append "$append" -- \
	"$manifest" "" build/guests/fuzz.elf "" build/guests/witness.elf ""
status=$?
grep -a -E 'fuzz: summary|pair: |mm audit|witness: [0-9]+ rounds over|took [0-9]+ ms|FAIL|panic|crashed' "$log"
why=""
frames=$(scripts/frames-back.sh "$log") || why="; $frames"
echo "$frames"
grep -aq '(d1) Test result: SUCCESS' "$log" || why="$why; no SUCCESS from the granter"
grep -aq '(d3) Test result: SUCCESS' "$log" || why="$why; no SUCCESS from the witness"
grep -aqE "\(d1\) fuzz: summary: seed $seed, $iter iterations" "$log" || why="$why; no granter summary"
grep -aq 'd1 crashed' "$log" && why="$why; the granter was crashed"
if [ $((seed % 8)) -eq 7 ] && grep -aq '(d2) pair: tearing out' "$log"; then
	grep -aq "d2 crashed: removed a grant mapping's PTE other than by grant unmap" "$log" ||
		why="$why; the grantee tore a grant PTE out and was not crashed for it"
	[ "$status" -eq 1 ] || why="$why; exit status $status (want 1: the grantee crashed)"
else
	grep -aq '(d2) Test result: SUCCESS' "$log" || why="$why; no SUCCESS from the grantee"
	grep -aqE "\(d2\) fuzz: summary: seed $seed, $iter iterations" "$log" ||
		why="$why; no grantee summary"
	[ "$status" -eq 0 ] || why="$why; exit status $status"
fi
if [ -n "$why" ]; then
	echo "fuzz-pair seed $seed: FAIL (${why#; }); log: $log"
	exit 1
fi
echo "fuzz-pair seed $seed: PASS ($iter iterations each); log: $log"
