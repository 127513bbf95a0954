#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The I/O rows' guest side (tests/linux/bench-io.sh) under QEMU full
# virtualization: Debian's kernel with the bench-io initramfs, a scratch
# virtio-blk disk (an image here) and virtio-net on QEMU's user network
# (restrict=on), whose one forward reaches an iperf3 server on the host's
# 127.0.0.1 through `parvus connect` (a relay to the loopback, one per
# connection: iperf3 opens two). Prints the guest's bench lines and its
# exit status. usage: bench-io-qemu.sh [virtio|emulated]: virtio-blk and
# virtio-net (default), or AHCI and e1000, the trap-and-emulate devices.
set -u
cd "$(dirname "$0")/../.."
case ${1:-virtio} in
virtio) disk=virtio-blk-pci nic=virtio-net-pci ;;
emulated) disk=ide-hd,bus=ahci.0 nic=e1000 ;;
*) echo "bench-io-qemu: $1: expected virtio or emulated"; exit 2 ;;
esac
work=$(mktemp -d)
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
truncate -s 64M "$work/disk.img"
port=$((20000 + $$ % 20000))
iperf3 -s -B 127.0.0.1 -p $port -1 > "$work/iperf3.log" 2>&1 &
server=$!
timeout -k 5 300 qemu-system-x86_64 -accel tcg -cpu qemu64 -m 512 -nodefaults \
	-no-user-config -display none -monitor none -serial "file:$work/log" -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel cache/linux/vmlinuz -initrd build/linux/bench-io.cpio.gz \
	-append "console=ttyS0 quick io ionet=10.0.2.15 iopeer=10.0.2.100 ioping=10.0.2.2" \
	-device ahci,id=ahci -drive "file=$work/disk.img,if=none,id=d0,format=raw" -device $disk,drive=d0 \
	-netdev "user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:5201-cmd:$PWD/build/parvus connect $port" \
	-device $nic,netdev=n0
status=$?
tr -d '\r' < "$work/log" | grep '^bench'
echo "bench-io-qemu: QEMU exit status $status"
