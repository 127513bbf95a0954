#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs every source-tree check in this folder (tests/checks/*.sh but this
# one): rules about the code itself that no compiler enforces, such as the
# layering of hypervisor/ and hypercalls/ or a generated document being up
# to date. Each check exits 0 when the tree obeys it and otherwise prints
# one line per violation. Prints one PASS/FAIL line per check.
cd "$(dirname "$0")/../.." || exit 1
status=0
for check in tests/checks/*.sh; do
	[ "$check" = tests/checks/run.sh ] && continue
	name=$(basename "$check" .sh)
	if out=$(sh "$check" 2>&1); then
		echo "PASS check-$name"
	else
		echo "FAIL check-$name"
		echo "$out" | sed 's/^/    /' | head -40
		status=1
	fi
done
exit $status
