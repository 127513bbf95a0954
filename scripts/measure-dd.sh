#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# What moving data through the driver domain costs: a guest served by the
# DD (tests/integration/manifests/dd-pair.manifest, both with 256 MiB)
# writes and reads back SMALL MiB, then LARGE MiB, each run with the
# hypervisor's counters printed at the end (perfc=exit). Prints each run's
# dd rates and, from the difference between the runs, the grant-table and
# event-channel hypercalls and event upcalls per MiB moved (written plus
# read). Counters are machine-wide, so boot noise is in the difference;
# the rates are TCG's, not a machine's. With --pci the DD serves a
# virtio-blk disk of QEMU's (tests/integration/manifests/dd-virtio.manifest,
# with the pciback service domain): the counts then include the virtio
# path's MSI-X events and swiotlb work; without it, a loop device in the
# DD's memory.
# usage: scripts/measure-dd.sh [--pci] [SMALL LARGE]   (default 4 64)
set -eu
cd "$(dirname "$0")/.."
pci=
[ "${1:-}" = --pci ] && { pci=1; shift; }
small=${1:-4} large=${2:-64}
out=build/measure-dd${pci:+-pci}
. scripts/dd-virtio-args.sh
mkdir -p $out
boot() {	# boot MIB MANIFEST [QEMU-ARGS]
	scripts/qemu-boot.sh --log $out/dd-$1.log --mem 768M --timeout 300 --append perfc=exit \
		--idle-deadlock shutdown ${3:+--qemu-arg "$3"} -- $2 "" build/xenstored.elf "" \
		cache/linux/vmlinux "" build/linux/dd.cpio.gz "" ${pci:+build/pciback.elf ""} >/dev/null ||
		{ echo "measure-dd: run of $1 MiB failed ($out/dd-$1.log)" >&2; exit 1; }
}
run() {
	if [ -n "$pci" ]; then
		truncate -s $(($1 + 16))M $out/disk.img
		sed -e "s/ddfront=3\"/ddfront=3 ddmib=$1\"/" -e 's/memory=128/memory=256/g' \
			tests/integration/manifests/dd-virtio.manifest > $out/dd-$1.manifest
		boot $1 $out/dd-$1.manifest "$(dd_virtio_disk $out/disk.img) $(dd_virtio_net)"
	else
		sed -e "s/ddfront=2\"/ddfront=2 ddmib=$1\"/" -e 's/memory=128/memory=256/g' \
			tests/integration/manifests/dd-pair.manifest > $out/dd-$1.manifest
		boot $1 $out/dd-$1.manifest
	fi
	grep -q 'init: xvda read back matches' $out/dd-$1.log ||
		{ echo "measure-dd: $1 MiB did not read back equal ($out/dd-$1.log)" >&2; exit 1; }
	grep -o 'init: xvda \(write\|read\): .*' $out/dd-$1.log | sed "s/^/$1 MiB run: /"
}
count() { tr -d '\r' < $out/dd-$1.log | sed -n "s|^  $2  *\([0-9]*\)$|\1|p"; }
run $small
run $large
moved=$(( (large - small) * 2 ))
for c in "hypercall grant_table_op" "hypercall event_channel_op" "event upcall" "hypercall multicall" \
	 "hypercall physdev_op" "hypercall mmu_update"; do
	a=$(count $small "$c") b=$(count $large "$c")
	awk -v c="$c" -v a=${a:-0} -v b=${b:-0} -v m=$moved \
		'BEGIN { printf "%-28s %8.1f per MiB moved (%d - %d over %d MiB)\n", c, (b - a) / m, b, a, m }'
done
used=$(grep '(dd) init: free -m at end' $out/dd-$large.log | tr -d '\r' | awk '{print $9 " of " $8}')
echo "driver domain memory in use at the end: ${used:-?} MiB (free -m; the domain has 256 MiB)"
