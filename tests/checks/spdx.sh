#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Every source file of ours opens with its SPDX licence line (within its
# first three lines, after a #! line if any), so a file's licence is never
# a guess. Generated files, test data and documents are not sources.
cd "$(dirname "$0")/../.." || exit 1
status=0
for f in $(git ls-files '*.c' '*.h' '*.S' '*.ld' '*.sh' '*.mk' '*.py' Makefile Kbuild .ci/run); do
	case $f in tests/fuzz/corpus/*) continue ;; esac
	if ! head -3 "$f" | grep -q 'SPDX-License-Identifier:'; then
		echo "$f: no SPDX-License-Identifier line at the top"
		status=1
	fi
done
exit $status
