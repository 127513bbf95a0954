#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Boot time to /init of Debian's kernel with the smoke initramfs, under
# TCG, measured in one run: on Parvus (as a PV guest) and directly in
# QEMU (-kernel, full virtualization). Wall time from starting QEMU to the
# kernel's "Run /init" line, and the kernel's own timestamp on that line.
# usage: scripts/linux-boot-time.sh   (after make linux-images)
set -u
cd "$(dirname "$0")/.." || exit 1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# measure NAME LOG COMMAND...: runs the command in the background.
measure() {
	name=$1 log=$2; shift 2
	start=$(now_ms)
	"$@" >/dev/null 2>&1 &
	pid=$!
	while ! grep -q "Run /init as init process" "$log" 2>/dev/null; do
		kill -0 $pid 2>/dev/null || { echo "$name: never reached /init"; return 1; }
		sleep 0.02
	done
	wall=$(( $(now_ms) - start ))
	kernel=$(grep -a "Run /init as init process" "$log" | sed 's/.*\[ *\([0-9.]*\)\].*/\1/')
	wait $pid
	echo "$name: /init after ${wall} ms of wall time (kernel timestamp ${kernel} s)"
}

measure "Parvus PV" "$out/pv.log" scripts/qemu-boot.sh --log "$out/pv.log" --mem 512M -- \
	tests/integration/manifests/linux-smoke.manifest "" cache/linux/vmlinux "" build/linux/smoke.cpio.gz ""
measure "QEMU -kernel" "$out/hvm.log" timeout 120 qemu-system-x86_64 -accel tcg -cpu qemu64 -m 512M \
	-nodefaults -no-user-config -display none -monitor none -serial "file:$out/hvm.log" -no-reboot \
	-kernel cache/linux/vmlinuz -initrd build/linux/smoke.cpio.gz -append "console=ttyS0"
