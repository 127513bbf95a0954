#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# docs/hypercalls.md is generated from the hypercall table, the handlers'
# case labels and the Xen public headers (scripts/gen-hypercalls-md.sh):
# fails when the committed file is not what the code says today.
set -eu
cd "$(dirname "$0")/../.."
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
scripts/gen-hypercalls-md.sh "$tmp"
if ! cmp -s "$tmp" docs/hypercalls.md; then
	echo "docs/hypercalls.md is stale: run scripts/gen-hypercalls-md.sh"
	exit 1
fi
