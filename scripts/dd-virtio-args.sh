# SPDX-License-Identifier: GPL-2.0-only
# Sourced: QEMU's arguments for the devices that
# tests/integration/manifests/dd-virtio.manifest and dd-restart.manifest
# assign to the driver domain (pci=00:04.0,00:05.0), kept in one place so
# that their addresses match those manifests.
# dd_virtio_disk IMAGE: the virtio-blk disk at 00:04.0.
dd_virtio_disk() {
	echo "-drive file=$1,if=none,id=disk0,format=raw -device virtio-blk-pci,drive=disk0,disable-legacy=on,addr=0x4"
}
# dd_virtio_net [OPTION]: the virtio-net NIC at 00:05.0 on QEMU's user
# network restricted to this machine, with OPTION (a guestfwd=) added.
dd_virtio_net() {
	echo "-netdev user,id=net0,restrict=on${1:+,$1} -device virtio-net-pci,netdev=net0,disable-legacy=on,addr=0x5"
}
