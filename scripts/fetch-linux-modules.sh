#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Keeps the kernel modules a driver domain needs from the same Debian
# linux-image package as cache/linux/vmlinux (linux-image-$(cat
# cache/linux/version), fetched with `apt-get download`), with their
# dependencies from the package's modules.dep, in
# cache/linux/dd-modules/lib/modules/VERSION, and runs `depmod -b` on that
# subset so busybox modprobe can load them by name or alias. Debian 6.1
# builds all of these =m: xen-blkback, xen-netback, bridge (with stp,
# llc), loop, brd; the Xen front ends too, for a driver domain that is
# its own frontend (a loopback test of the grant path), and gntdev and
# gntalloc for tests/linux/gnt-probe.c; xen-pcifront and the virtio PCI
# drivers (virtio_pci, virtio_blk, virtio_net) for the QEMU devices a
# driver domain is given (pv-drivers/pciback serves its pcifront); ext4
# (and crc32c_generic, which it asks for by name) for the persistence test;
# ahci, sd_mod and e1000 for the I/O rows of parvus bench under full
# virtualization with emulated devices (tests/linux/bench-io.sh). /dev/xen/xenbus
# (xenbus_dev_frontend) and the back-end bus (XEN_BACKEND) are built in.
# Idempotent: does nothing when the kept list already matches. Prints the
# folder to copy into the initramfs (its lib/ goes to /lib).
# usage: fetch-linux-modules.sh [NAME MODULE...]: with arguments, keeps
# those modules in cache/linux/NAME instead (the Xen dom0 of
# scripts/build-xen-dom0.sh: cache/linux/dom0-modules).
set -eu
WANT="xen-blkback xen-netback bridge loop brd xen-blkfront xen-netfront xen-gntdev xen-gntalloc"
WANT="$WANT xen-pcifront virtio_pci virtio_blk virtio_net ext4 crc32c_generic ahci sd_mod e1000"
name=dd-modules
if [ $# -gt 0 ]; then
	name=$1
	shift
	WANT="$*"
fi
root=$(cd "$(dirname "$0")/.." && pwd)
cache=$root/cache/linux
out=$cache/$name
[ -f "$cache/version" ] || "$root/scripts/fetch-linux.sh" >/dev/null
ver=$(cat "$cache/version")
if [ -f "$out/wanted" ] && [ "$(cat "$out/wanted")" = "$ver: $WANT" ]; then
	touch "$out/wanted"	# up to date for make, which depends on this script
	echo "$out"
	exit 0
fi
command -v depmod >/dev/null 2>&1 ||
	{ echo "fetch-linux-modules: depmod missing (Debian package kmod; run make deps)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pkg=linux-image-$ver
echo "fetch-linux-modules: downloading $pkg" >&2
(cd "$tmp" && apt-get download "$pkg" >/dev/null 2>&1) ||
	{ echo "fetch-linux-modules: apt-get download $pkg failed" >&2; exit 1; }
dpkg-deb -x "$tmp"/*.deb "$tmp/root"
cmp -s "$tmp/root/boot/vmlinuz-$ver" "$cache/vmlinuz" ||
	echo "fetch-linux-modules: warning: $pkg's vmlinuz differs from cache/linux/vmlinuz (same ABI $ver, modules should load)" >&2
depmod -b "$tmp/root" "$ver"
mods=$tmp/root/lib/modules/$ver
# Every module wanted and all it depends on, as paths under $mods.
keep=""
for m in $WANT; do
	line=$(grep -E "/$m\.ko(\.[a-z]+)?:" "$mods/modules.dep") ||
		{ echo "fetch-linux-modules: $m is not a module of $ver (built in, or missing)" >&2; exit 1; }
	keep="$keep ${line%%:*} ${line#*:}"
done
rm -rf "$out.tmp"
dest=$out.tmp/lib/modules/$ver
mkdir -p "$dest"
for f in $(printf '%s\n' $keep | sort -u); do
	mkdir -p "$dest/$(dirname "$f")"
	cp "$mods/$f" "$dest/$f"
done
cp "$mods/modules.order" "$mods/modules.builtin" "$mods/modules.builtin.modinfo" "$dest/"
depmod -b "$out.tmp" "$ver"
echo "$ver: $WANT" > "$out.tmp/wanted"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "$out"
