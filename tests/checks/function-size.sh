#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The function-size budget of the hypervisor (hypervisor/ and hypercalls/),
# so that every function stays short enough to read at once: median at
# most 15 lines, 90th percentile at most 60, none over 120. A function is
# a body that opens with "{" in column 0 and ends with "}" in column 0;
# its size is the lines from the "{" to the "}". Prints the figures and
# the longest functions; `sh tests/checks/function-size.sh -v` lists all.
cd "$(dirname "$0")/../.." || exit 1
sizes=$(find hypervisor hypercalls -name '*.c' | sort | xargs awk '
	FNR == 1 { name = "" }
	/^[A-Za-z_].*\(/ { name = $0; sub(/\(.*/, "", name); sub(/.*[ *]/, "", name) }
	/^\{/ { start = FNR }
	/^\}/ && start { print FNR - start + 1, FILENAME ":" name; start = 0 }
' | sort -n)
[ "${1:-}" = -v ] && echo "$sizes"
echo "$sizes" | awk '
	{ size[NR] = $1; where[NR] = $2 }
	END {
		median = size[int((NR + 1) / 2)]
		p90 = size[int(NR * 0.9 + 0.5)]
		printf "functions %d, median %d lines, p90 %d, longest %d (%s)\n",
		       NR, median, p90, size[NR], where[NR]
		bad = 0
		if (median > 15) { print "median over 15 lines"; bad = 1 }
		if (p90 > 60) { print "90th percentile over 60 lines"; bad = 1 }
		for (i = 1; i <= NR; i++)
			if (size[i] > 120) { print where[i] " is " size[i] " lines (over 120)"; bad = 1 }
		exit bad
	}'
