#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Fetches Debian's Xen hypervisor (xen-hypervisor-4.17-amd64) with
# `apt-get download`, once, into cache/xen (ignored by git), and unpacks
# /boot/xen-4.17-amd64.gz to xen.bin: an ELF32 multiboot image that
# QEMU's -kernel boots, the third system `parvus bench` compares.
set -eu
cache=$(cd "$(dirname "$0")/.." && pwd)/cache/xen
mkdir -p "$cache"
cd "$cache"
if [ ! -f xen.bin ]; then
	echo "fetch-xen: downloading xen-hypervisor-4.17-amd64" >&2
	rm -rf debs && mkdir debs && cd debs
	apt-get download xen-hypervisor-4.17-amd64 >/dev/null 2>&1 ||
		{ echo "fetch-xen: apt-get download xen-hypervisor-4.17-amd64 failed" >&2; exit 1; }
	dpkg-deb -x ./*.deb root
	cd ..
	zcat debs/root/boot/xen-4.17-amd64.gz > xen.bin.tmp
	mv xen.bin.tmp xen.bin
	rm -rf debs
fi
echo "$cache"
