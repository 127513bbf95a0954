#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# `make run-dd` as a user runs it, on a terminal (script(1) gives it a
# pty, so parvus run makes the console interactive): once the guest's
# shell is up, it reads xvda's first line (the image's, carried into the
# driver domain), shows eth0 and pings the driver domain, then powers
# off; the run ends with the driver domain. Output goes to standard
# output for cases.sh; the exit status is make's.
set -u
out=$TMPDIR/make-run-dd.out in=$TMPDIR/make-run-dd.in
rm -f "$out" "$in"
mkfifo "$in"
# wait_for REGEX: until the output so far matches (at most 300 s).
wait_for() {
	i=0
	until grep -Eq "$1" "$out" 2>/dev/null || [ $i -ge 300 ]; do sleep 1; i=$((i + 1)); done
}
(
	wait_for 'a shell on the console'
	sleep 2
	printf 'head -n 1 /dev/xvda; ip -o -4 addr show eth0; ping -c 3 10.0.0.3 | tail -2\r'
	wait_for 'packets transmitted'
	printf 'poweroff\r'
	exec sleep 600	# the pty's input stays open until make is done
) > "$in" &
typer=$!
script -qec "make -s run-dd" /dev/null < "$in" > "$out" 2>&1
rc=$?
kill "$typer" 2>/dev/null
tr -d '\r' < "$out"
exit $rc
