#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Turns `nm -n` output of the first link into an assembly file holding the
# sorted text-symbol table (.hv_symbols) that fault reports use.
set -eu
nm_out=$1
echo '	.section .hv_symbols, "a"'
echo '	.balign 8'
awk '$2 ~ /^[tT]$/ { n++ } END { printf "\t.quad %d\n", n }' "$nm_out"
awk '$2 ~ /^[tT]$/ { printf "\t.quad 0x%s, .Lsym%d\n", $1, n++ }' "$nm_out"
awk '$2 ~ /^[tT]$/ { printf ".Lsym%d:\t.asciz \"%s\"\n", n++, $3 }' "$nm_out"
