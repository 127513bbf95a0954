#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Builds the initramfs of the small Xen 4.17 dom0 that starts the PV domU
# of `parvus bench`'s "xen-domu" system: busybox, tests/linux/init-xen-dom0.sh
# as /init, Debian's Xen user space with its shared libraries
# (scripts/fetch-xen-tools.sh: cache/xen/dom0-tools) and the kernel
# modules dom0 loads, from the linux-image package of cache/linux/vmlinux,
# dom0's kernel (scripts/fetch-linux-modules.sh: cache/linux/dom0-modules).
# The domU itself (kernel, ramdisk, command line) is not in it: parvus
# bench appends it, so that it is the very kernel and initramfs the other
# systems boot.
# usage: build-xen-dom0.sh OUTPUT (build/linux/xen-dom0.cpio.gz)
set -eu
[ $# -eq 1 ] || { echo "usage: $0 OUTPUT.cpio.gz" >&2; exit 2; }
out=$1
root=$(cd "$(dirname "$0")/.." && pwd)
# What dom0 loads: the Xen devices and xenfs, and for I/O the back ends,
# the bridge and loop devices, and the drivers of QEMU's virtio-blk disk
# that blkback serves to the domU in parvus bench's I/O rows.
MODULES="xen-evtchn xen-privcmd xen-gntdev xen-gntalloc xenfs xen-blkback xen-netback bridge loop"
MODULES="$MODULES virtio_pci virtio_blk"
[ -f "$root/cache/linux/busybox" ] || "$root/scripts/fetch-linux.sh" >/dev/null
tools=$("$root/scripts/fetch-xen-tools.sh")
# shellcheck disable=SC2086 # one word per module
mods=$("$root/scripts/fetch-linux-modules.sh" dom0-modules $MODULES)
mkdir -p "$(dirname "$out")"
"$root/scripts/mkinitramfs.sh" "$root/cache/linux/busybox" "$out" \
	"$root/tests/linux/init-xen-dom0.sh=init" "$tools=/" "$mods/lib=lib" \
	"$root/tests/linux/xen-dom0-hotplug.sh=etc/xen/scripts/parvus-hotplug"
