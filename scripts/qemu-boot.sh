#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Boots build/parvus.elf under QEMU (TCG, -cpu qemu64) with guest kernels
# as multiboot modules, and turns the isa-debug-exit status into ours:
#   0  every domain powered off cleanly      (QEMU status 33)
#   1  a domain crashed, was killed or could not be built   (35)
#   2  the hypervisor panicked                (37)
#   3  anything else: timeout, QEMU error, reset/triple fault
#
# usage: qemu-boot.sh [--console | --log FILE] [--mem SIZE] [--timeout SECS]
#                     [--append HV_CMDLINE] [--qemu-arg ARG]... -- [MODULE ARGS]...
#        qemu-boot.sh [options] --iso GRUB-ISO     (boot through GRUB instead)
# --input TEXT types TEXT (printf escapes) on the serial console; with --log
# the console then runs over stdio into the log file. --input-after REGEX
# makes the next --input wait until the console has printed a line matching
# REGEX (default: the hypervisor's banner). Several --input steps are typed
# in order, each after its own REGEX: a test whose domains answer each
# other waits for one answer before typing the next question.
# --idle-deadlock shutdown|wait adds the hypervisor's idle_deadlock= option
# (the tests stop a machine whose domains all wait with no timer; a user's
# idles until input). --cpu MODEL is QEMU's -cpu (default qemu64).
# Each module is given as a file followed by its command line (one word,
# may contain spaces); pass "" for none. No module at all is allowed (it is
# a bad-input test case).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
hv="$here/build/parvus.elf"
mem=128M timeout=60 log="" append="" extra="" iso="" input=""
banner='Parvus PV hypervisor' idle_deadlock="" cpu=${QEMU_CPU:-qemu64}
input_after=$banner
# The input steps, two lines each (REGEX, then TEXT), in a file of our own.
steps=$(mktemp) || exit 3
trap 'rm -f "$steps"' EXIT
while [ $# -gt 0 ]; do
	case "$1" in
	--console) log=""; shift ;;
	--log) log=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--qemu-arg) extra="$extra $2"; shift 2 ;;
	--iso) iso=$2; shift 2 ;;
	--input) input=yes; printf '%s\n%s\n' "$input_after" "$2" >> "$steps"
		input_after=$banner; shift 2 ;;
	--input-after) input_after=$2; shift 2 ;;
	--idle-deadlock) idle_deadlock=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "qemu-boot: unknown option $1" >&2; exit 3 ;;
	esac
done
modules=""
while [ $# -gt 0 ]; do
	[ -f "$1" ] || { echo "qemu-boot: no such guest image: $1" >&2; exit 3; }
	# QEMU separates modules with commas; a literal comma is doubled.
	m=$(printf '%s %s' "$1" "${2:-}" | sed 's/,/,,/g; s/ *$//')
	modules="${modules:+$modules,}$m"
	shift; [ $# -gt 0 ] && shift
done
[ -f "$hv" ] || { echo "qemu-boot: $hv not built (run make)" >&2; exit 3; }
if [ -n "$log" ] && [ -z "$input" ]; then serial="file:$log"; else serial=stdio; fi
[ -n "$idle_deadlock" ] && append="${append:+$append }idle_deadlock=$idle_deadlock"

set -- -accel tcg -cpu "$cpu" -m "$mem" -nodefaults -no-user-config \
	-display none -monitor none -serial "$serial" -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
if [ -n "$iso" ]; then
	[ -f "$iso" ] || { echo "qemu-boot: no such ISO: $iso" >&2; exit 3; }
	set -- "$@" -cdrom "$iso" -boot d
else
	set -- "$@" -kernel "$hv" -append "$append"
	[ -n "$modules" ] && set -- "$@" -initrd "$modules"
fi
if [ -n "$input" ]; then
	# Typed only once the hypervisor has set the UART up (its banner is
	# out): bytes that arrive earlier can be lost when its FIFO is reset.
	out=${log:-$(mktemp)}
	: > "$out"
	# shellcheck disable=SC2059,SC2086
	( while IFS= read -r after && IFS= read -r text; do
		i=0; while [ $i -lt 600 ] && ! grep -Eq -- "$after" "$out"; do
			sleep 0.1; i=$((i + 1)); done
		printf "$text"
	  done < "$steps" ) |
		timeout -k 5 "$timeout" qemu-system-x86_64 "$@" $extra > "$out"
	status=$?
	[ -n "$log" ] || { cat "$out"; rm -f "$out"; }
else
	# shellcheck disable=SC2086
	timeout --foreground -k 5 "$timeout" qemu-system-x86_64 "$@" $extra
	status=$?
fi
case $status in
33) exit 0 ;;
35) exit 1 ;;
37) exit 2 ;;
124) echo "qemu-boot: timed out after ${timeout}s" >&2; exit 3 ;;
0) echo "qemu-boot: the machine reset (triple fault?) instead of exiting" >&2; exit 3 ;;
*) echo "qemu-boot: QEMU exited with status $status" >&2; exit 3 ;;
esac
