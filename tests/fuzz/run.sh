#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs the libFuzzer harnesses (built by `make fuzz-build`): each first
# replays its seed corpus (tests/fuzz/corpus/NAME, the regression inputs),
# then fuzzes for SECONDS with a fixed seed on a copy of that corpus in
# build/fuzz/work, so new inputs never land in the source tree. One line
# per harness: PASS or FAIL, runs executed; a crash names its reproducer.
# Exits non-zero if any harness failed.
#
# usage: run.sh [SECONDS [NAME...]]   (default 10 s, every harness)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1
secs=${1:-10}
[ $# -gt 0 ] && shift
names=${*:-$(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')}
failed=0

for name in $names; do
	bin=build/fuzz/fuzz_$name
	work=build/fuzz/work/$name
	log=$work/fuzz.log
	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/artifacts"
	cp tests/fuzz/corpus/"$name"/* "$work/corpus/"
	# Replay: every seed once, no mutation (they must all pass).
	if ! "$bin" -runs=1 tests/fuzz/corpus/"$name"/* > "$work/replay.log" 2>&1; then
		echo "FAIL fuzz-$name: a corpus input fails (log: $work/replay.log)"
		failed=$((failed + 1))
		continue
	fi
	"$bin" -seed=1 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$work/artifacts/" -print_final_stats=1 \
		"$work/corpus" > "$log" 2>&1
	status=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$log" | tail -1)
	if [ "$status" -eq 0 ] && [ -n "$runs" ]; then
		echo "PASS fuzz-$name: $(ls tests/fuzz/corpus/"$name" | wc -l) corpus inputs," \
			"$runs runs in $secs s"
	else
		crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
		echo "FAIL fuzz-$name: status $status${crash:+, reproducer $crash}" \
			"(log: $log; replay: $bin ${crash:-INPUT})"
		failed=$((failed + 1))
	fi
done
[ "$failed" -eq 0 ]
