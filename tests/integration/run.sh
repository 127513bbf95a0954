#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Integration tests: boot Parvus under QEMU (TCG) with one guest each and
# check both the serial log and the exit status. Cases are listed in
# cases.sh next to this file. Prints one PASS/FAIL line per case and a
# closing "N passed, N failed" line (each line says how long its case
# took, to find what to cut when CI nears its 40 minutes); exits non-zero if any case failed.
#
# usage: run.sh [NAME-PATTERN]   (shell glob on case names, default all)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
logs="$root/build/test-logs"
filter=${1:-*}
passed=0 failed=0
mkdir -p "$logs"
cd "$root" || exit 1
# The CLI makes its temp folders under $TMPDIR: one of our own, so that the
# "nothing left behind" checks see this run's QEMUs and folders only, not
# those of another run on the same machine.
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/parvus-tests.XXXXXX") || exit 1
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT

# check_log NAME LOG expectations...
#   +REGEX  the log must match (grep -E)
#   -REGEX  the log must not match
#   ?CMD    a shell command that must succeed, with $LOG the log file
check_log() {
	name=$1 log=$2; shift 2
	for e in "$@"; do
		pattern=${e#?}
		case "$e" in
		+*) grep -Eq -- "$pattern" "$log" || { echo "missing /$pattern/"; return 1; } ;;
		-*) ! grep -Eq -- "$pattern" "$log" || { echo "unexpected /$pattern/"; return 1; } ;;
		\?*) LOG=$log sh -c "$pattern" || { echo "check failed: $pattern"; return 1; } ;;
		esac
	done
	return 0
}

# judge: PASS or FAIL for $name from $got, $want, $expect and $log.
judge() {
	why=""
	if [ "$got" != "$want" ]; then
		why="exit status $got, want $want"
	else
		oldifs=$IFS; IFS='
'
		# shellcheck disable=SC2086
		why=$(check_log "$name" "$log" $expect)
		IFS=$oldifs
	fi
	secs=$(($(date +%s) - started))
	if [ -z "$why" ]; then
		echo "PASS $name (${secs} s)"
		passed=$((passed + 1))
	else
		echo "FAIL $name: $why (${secs} s, log: $log)"
		sed 's/^/    | /' "$log" | tail -20
		failed=$((failed + 1))
	fi
}

# run_case NAME WANT-STATUS [expectations...] -- COMMAND [ARGS...]
# Runs the command with its output (stdout and stderr) as the log.
run_case() {
	name=$1 want=$2; shift 2
	case "$name" in $filter) ;; *) return 0 ;; esac
	expect=""
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		expect="$expect$(printf '%s\n' "$1")
"
		shift
	done
	shift
	log="$logs/$name.log"
	started=$(date +%s)
	"$@" > "$log" 2>&1 < /dev/null
	got=$?
	judge
}

# boot_case NAME WANT-STATUS [expectations...] -- [qemu-boot.sh arguments]
boot_case() {
	name=$1 want=$2; shift 2
	case "$name" in $filter) ;; *) return 0 ;; esac
	expect=""
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		expect="$expect$(printf '%s\n' "$1")
"
		shift
	done
	shift
	log="$logs/$name.log"
	rm -f "$log"
	started=$(date +%s)
	scripts/qemu-boot.sh --log "$log" --timeout 60 --idle-deadlock shutdown "$@" 2>"$log.stderr"
	got=$?
	[ -f "$log" ] || : > "$log"
	cat "$log.stderr" >> "$log"
	judge
}

. "$here/cases.sh"

echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
