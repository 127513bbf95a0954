#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# `parvus run` with the built-in driver domain, killed from the console as
# a user would (issue 16): on a pty (script(1), so the console is
# interactive), once the guest's load is running, Ctrl-A three times moves
# input to the hypervisor and `k3` kills the DD (d3); the hypervisor
# rebuilds it (the built-in DD has on_crash = "restart") and the guest's
# writes and pings carry on (tests/cli/dd-kill.cfg). Output on standard
# output for cases.sh; the exit status is parvus run's.
set -u
out=$TMPDIR/dd-kill.out in=$TMPDIR/dd-kill.in
rm -f "$out" "$in"
mkfifo "$in"
truncate -s 16M build/cli-images/restart.img
wait_for() {
	i=0
	until grep -Eq "$1" "$out" 2>/dev/null || [ $i -ge 300 ]; do sleep 1; i=$((i + 1)); done
}
(
	wait_for '\(dd\) init: serving'
	sleep 8
	# Each Ctrl-A three times moves input to the next domain, the
	# hypervisor after the last.
	for i in 1 2 3 4 5 6; do
		grep -q 'input now goes to the hypervisor' "$out" && break
		printf '\001\001\001'
		sleep 1
	done
	printf 'k3'
	exec sleep 600
) > "$in" &
typer=$!
script -qec "build/parvus run --timeout 400 tests/cli/dd-kill.cfg" /dev/null < "$in" > "$out" 2>&1
rc=$?
kill "$typer" 2>/dev/null
tr -d '\r' < "$out"
n=$(tr -d '\r' < "$out" | sed -n 's/^(guest) init: ddload: [0-9]* write errors, \([0-9]*\) records.*/\1/p')
bad=$(dd if=build/cli-images/restart.img bs=4096 count="${n:-0}" 2>/dev/null | tr -s '\000' '\n' |
	awk -v n="${n:-0}" '/^rec / { if ($2 != sprintf("%06d", seen)) bad++; seen++ } END { print bad + n - seen }')
echo "dd-kill: the image holds ${n:-no} records, $bad wrong"
exit $rc
