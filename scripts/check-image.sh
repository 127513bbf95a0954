#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Checks properties of build/parvus.elf that the boot path relies on:
# - every PT_LOAD segment's file offset minus its physical address is the
#   same, so loaders using the multiboot address fields (QEMU -kernel, GRUB
#   with the address tag) find each byte where the ELF says it belongs;
# - the multiboot headers sit within the first 8 KiB of the file;
# - the second link pass did not move any text symbol.
set -eu
elf=$1 pass1_syms=$2 final_syms=$3
deltas=$(readelf -lW "$elf" | while read -r type off vaddr paddr rest; do
	[ "$type" = LOAD ] && echo $((paddr - off))
done | sort -u)
if [ "$(printf '%s\n' "$deltas" | wc -l)" -ne 1 ]; then
	echo "check-image: PT_LOAD file offsets are not linear in physical address" >&2
	readelf -lW "$elf" >&2
	exit 1
fi
hdr=$(readelf -SW "$elf" | sed -n 's/.*\] \.boot  *[A-Z]* *[0-9a-f]* \([0-9a-f]*\).*/\1/p')
if [ -z "$hdr" ] || [ $((0x$hdr)) -ge 8192 ]; then
	echo "check-image: multiboot header not within the first 8 KiB (offset ${hdr:-none})" >&2
	exit 1
fi
if ! cmp -s "$pass1_syms" "$final_syms"; then
	echo "check-image: text symbols moved between link passes" >&2
	diff "$pass1_syms" "$final_syms" | head >&2
	exit 1
fi
