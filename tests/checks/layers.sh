#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Layers that only point down (issue 14). hypercalls/ is the top of the
# hypervisor: its handlers call into the core (hypervisor/), the core calls
# no handler and only the dispatcher's entry (hypercall_dispatch, from
# arch/x86_64/traps.c), and no handler drives the hardware (it calls the
# core's arch_* entry points instead). xenstored, built on the guest
# library, takes nothing from tests/.
#
# Run from the repository root: exits 0 if every rule holds, otherwise
# prints one line per violation and exits 1. Comments are left out of the
# C checks, so a comment may name a handler or Xen's do_* functions.
set -u
LC_ALL=C
export LC_ALL

# The C files as FILE:LINE:TEXT with /* */ and // comments blanked (a
# comment marker inside a string literal would confuse it; we have none).
uncommented() {
	awk '
	FNR == 1 { in_comment = 0 }
	{
		line = $0; out = ""
		while (line != "") {
			if (in_comment) {
				i = index(line, "*/")
				if (!i) { line = ""; break }
				line = substr(line, i + 2); in_comment = 0
				continue
			}
			i = index(line, "/*"); j = index(line, "//")
			if (j && (!i || j < i)) { out = out substr(line, 1, j - 1); break }
			if (!i) { out = out line; break }
			out = out substr(line, 1, i - 1) " "
			line = substr(line, i + 2); in_comment = 1
		}
		print FILENAME ":" FNR ":" out
	}' "$@"
}

# Functions with external linkage defined in hypercalls/*.c, as
# "NAME FILE" lines: a definition starts in column 0 with its type.
hypercall_functions() {
	for f in hypercalls/*.c; do
		uncommented "$f" | sed -n \
			-e '/^[^:]*:[0-9]*:\(static\|typedef\|extern\|struct\|union\|enum\)[ 	]/d' \
			-e '/;[ 	]*$/d' \
			-e "s|^[^:]*:[0-9]*:[A-Za-z_][A-Za-z0-9_ 	*]*[ 	*]\\([A-Za-z_][A-Za-z0-9_]*\\)(.*|\\1 $f|p"
	done
}

# The core includes no handler header, and only traps.c the
# dispatcher's.
check_core_includes() {
	hc_headers=$(cd hypercalls && ls -- *.h 2>/dev/null)
	find hypervisor -name '*.[chS]' | sort | while read -r f; do
		uncommented "$f"
	done | awk -F: -v headers="$hc_headers" '
	BEGIN { n = split(headers, h, "\n"); for (i = 1; i <= n; i++) own[h[i]] = 1 }
	$3 ~ /^[ \t]*#[ \t]*include/ {
		what = $3; sub(/^[ \t]*#[ \t]*include[ \t]*/, "", what); sub(/[ \t]*$/, "", what)
		path = what; gsub(/[<>"]/, "", path)
		base = path; sub(/.*\//, "", base)
		if (path ~ /(^|\/)hypercalls\// || (what ~ /^"/ && base in own))
			print "layers: " $1 ":" $2 ": includes " what ", a hypercalls/ header"
		else if (path == "parvus/hypercall.h")
			print "layers: " $1 ":" $2 ": includes <parvus/hypercall.h>: the handlers are for the dispatcher only"
		else if (path == "parvus/hypercall_dispatch.h" && $1 != "hypervisor/arch/x86_64/traps.c")
			print "layers: " $1 ":" $2 ": includes <parvus/hypercall_dispatch.h>: only arch/x86_64/traps.c enters the dispatcher"
	}'
}

# The core names no function of hypercalls/ (handlers included),
# but for the dispatcher's entry in traps.c and the two headers that
# declare the layer's interface.
check_core_calls() {
	functions=$(hypercall_functions)
	find hypervisor -name '*.[chS]' | sort | while read -r f; do
		case "$f" in
		hypervisor/include/parvus/hypercall.h) continue ;;
		hypervisor/include/parvus/hypercall_dispatch.h) continue ;;
		esac
		uncommented "$f"
	done | awk -F: -v functions="$functions" '
	BEGIN {
		n = split(functions, l, "\n")
		for (i = 1; i <= n; i++) { split(l[i], w, " "); where[w[1]] = w[2] }
	}
	{
		text = $0; sub(/^[^:]*:[0-9]*:/, "", text)
		if (text ~ /^[ \t]*#[ \t]*include/)
			next	# the include checks judge these
		gsub(/"([^"\\]|\\.)*"/, " ", text)
		gsub(/[^A-Za-z0-9_]+/, " ", text)
		n = split(text, w, " ")
		for (i = 1; i <= n; i++) {
			if (!(w[i] in where))
				continue
			if (w[i] == "hypercall_dispatch" && $1 == "hypervisor/arch/x86_64/traps.c")
				continue
			print "layers: " $1 ":" $2 ": names " w[i] ", defined in " where[w[i]]
		}
	}'
}

# parvus/hypercall.h declares the handlers (do_*) and their type.
check_handler_header() {
	uncommented hypervisor/include/parvus/hypercall.h | sed -n \
		-e '/^[^:]*:[0-9]*:typedef[ 	]/d' \
		-e 's|^\([^:]*:[0-9]*\):[A-Za-z_][A-Za-z0-9_ 	*]*[ 	*]\([A-Za-z_][A-Za-z0-9_]*\)(.*|\1 \2|p' |
	while read -r at name; do
		case "$name" in
		do_*) ;;
		*) echo "layers: $at: declares $name: parvus/hypercall.h is for the handlers (do_*) only" ;;
		esac
	done
}

# No handler includes an arch header (hardware access is arch/'s).
check_handler_includes() {
	uncommented hypercalls/*.c hypercalls/*.h 2>/dev/null |
	awk -F: '$3 ~ /^[ \t]*#[ \t]*include[ \t]*<arch\// {
		what = $3; sub(/^[ \t]*#[ \t]*include[ \t]*/, "", what); sub(/[ \t]*$/, "", what)
		print "layers: " $1 ":" $2 ": includes " what ": handlers call the core'"'"'s arch_* entry points"
	}'
}

# xenstored is a product: its build and sources take nothing from tests/.
check_xenstored() {
	for f in toolstack/xenstored/xenstored.mk guest-lib/guest-lib.mk; do
		[ -f "$f" ] || { echo "layers: $f is missing"; continue; }
		sed 's/#.*//' "$f" | grep -n 'tests/' | while IFS=: read -r n _; do
			echo "layers: $f:$n: names a file under tests/"
		done
	done
	for f in toolstack/xenstored/*.[ch] guest-lib/*.[chS]; do
		[ -f "$f" ] && uncommented "$f"
	done |
	awk -F: '$3 ~ /^[ \t]*#[ \t]*include.*tests\// {
		print "layers: " $1 ":" $2 ": includes a file under tests/"
	}'
	# What make would run for it, so a variable set elsewhere counts too.
	build=$(MAKEFLAGS='' MFLAGS='' MAKELEVEL='' make --no-print-directory -n -B \
		build/xenstored.elf 2>/dev/null) ||
		{ echo "layers: make -n build/xenstored.elf failed"; return; }
	printf '%s\n' "$build" | tr ' ' '\n' | grep '^\(-I\)\{0,1\}tests/' | sort -u |
	while read -r what; do
		echo "layers: build/xenstored.elf is built with $what, under tests/"
	done
}

violations=$(
	check_core_includes
	check_core_calls
	check_handler_header
	check_handler_includes
	check_xenstored
)
[ -z "$violations" ] && exit 0
printf '%s\n' "$violations"
exit 1
